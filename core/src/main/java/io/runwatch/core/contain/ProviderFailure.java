package io.runwatch.core.contain;

import java.util.Objects;

/**
 * Why a provider call failed, named well enough to act on at 3 a.m. without the logs: which API, on
 * which resource, the provider's error code. Never a secret or a request signature.
 *
 * @param kind what the responder can do about it
 * @param api the provider call, e.g. {@code iam:UpdateAccessKey}
 * @param resource what it was called on
 * @param code the provider's error code, e.g. {@code AccessDenied}
 * @param message the provider's message, shortened
 */
public record ProviderFailure(Kind kind, String api, String resource, String code, String message) {
  /** Classes of failure, with what they mean for the responder. */
  public enum Kind {
    /** The function's own role lacks the permission: fix IAM, then retry. */
    ACCESS_DENIED,
    /** The provider throttled the call: retry shortly (the changes are idempotent). */
    THROTTLED,
    /** The resource does not exist (any more). */
    NOT_FOUND,
    /** The action's parameters do not fit the provider (e.g. no instance id). */
    INVALID,
    /** This provider cannot do this kind of action for this principal. */
    UNSUPPORTED,
    /** Anything else. */
    ERROR
  }

  public ProviderFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(api, "api");
    resource = resource == null ? "" : resource;
    message = message == null ? "" : shorten(message);
  }

  private static String shorten(String m) {
    return m.length() <= 300 ? m : m.substring(0, 300) + "…";
  }

  /** One line: {@code ACCESS_DENIED iam:UpdateAccessKey on user/alice: AccessDenied (...)}. */
  public String text() {
    return kind
        + " "
        + api
        + (resource.isEmpty() ? "" : " on " + resource)
        + (code == null ? "" : ": " + code)
        + (message.isEmpty() ? "" : " (" + message + ")");
  }
}
