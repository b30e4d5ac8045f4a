package io.runwatch.core.contain;

import java.util.Map;
import java.util.Objects;

/**
 * One exact change a containment plan makes: the resource, the attribute, its value now and after,
 * and the API call that makes it. A responder reads these at 3 a.m. and confirms them; the plan id
 * hashes them, so what is executed is what was read.
 *
 * @param api the provider call, e.g. {@code iam:UpdateAccessKey}
 * @param resource what it changes, e.g. {@code user/alice/AKIA...}, {@code eni-0abc}
 * @param attribute the attribute, e.g. {@code Status}, {@code SecurityGroups}
 * @param before the value now ({@code "(none)"} when absent)
 * @param after the value the call sets ({@code "(none)"} when it removes it)
 * @param inPlace the resource already has {@code after}: applying skips the call
 * @param args what the provider needs to make the call, beyond {@code resource} and {@code after}
 *     (e.g. an association id); shown and hashed like the rest, never secrets
 */
public record Change(
    String api,
    String resource,
    String attribute,
    String before,
    String after,
    boolean inPlace,
    Map<String, String> args) {

  /** Shown for an absent value, so "before" and "after" are never empty. */
  public static final String NONE = "(none)";

  public Change {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(attribute, "attribute");
    before = before == null || before.isEmpty() ? NONE : before;
    after = after == null || after.isEmpty() ? NONE : after;
    args = args == null ? Map.of() : Map.copyOf(args);
  }

  public static Change of(
      String api, String resource, String attribute, String before, String after) {
    String b = before == null || before.isEmpty() ? NONE : before;
    String a = after == null || after.isEmpty() ? NONE : after;
    return new Change(api, resource, attribute, b, a, b.equals(a), Map.of());
  }

  /** The same change with extra call arguments. */
  public Change withArgs(Map<String, String> more) {
    return new Change(api, resource, attribute, before, after, inPlace, more);
  }

  /** The same change, marked as already in place (or not). */
  public Change inPlace(boolean value) {
    return new Change(api, resource, attribute, before, after, value, args);
  }

  /** One line for audit records and logs: {@code api resource attribute: before -> after}. */
  public String summary() {
    return api
        + " "
        + resource
        + " "
        + attribute
        + ": "
        + before
        + " -> "
        + after
        + (inPlace ? " (already in place)" : "");
  }
}
