package io.runwatch.core.contain;

import java.util.Objects;

/**
 * Who asks for containment, and whether the platform vouched for it.
 *
 * @param id the caller's identity as the platform reported it (an assumed-role session ARN), or a
 *     placeholder such as {@code lambda-invoke} when the platform reports none
 * @param verified the platform authenticated {@code id} (a function URL with AWS_IAM auth); a
 *     direct Lambda invoke is not told who invoked it, so its caller is never verified
 * @param via how the request arrived (e.g. {@code function-url}, {@code lambda-invoke}), for the
 *     audit record
 */
public record Caller(String id, boolean verified, String via) {
  /**
   * A direct Lambda invoke: IAM-gated by {@code lambda:InvokeFunction} but anonymous to the
   * function, so it may dry run and nothing more.
   */
  public static final String LAMBDA_INVOKE = "lambda-invoke";

  public Caller {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(via, "via");
  }

  public static Caller verified(String id, String via) {
    return new Caller(id, true, via);
  }

  public static Caller unverified(String placeholder, String via) {
    return new Caller(placeholder, false, via);
  }
}
