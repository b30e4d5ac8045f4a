package io.runwatch.core.contain;

/**
 * A provider could not plan: its read failed or the action does not fit it. Carries the typed
 * {@link ProviderFailure}; {@link ContainmentService} turns it into a FAILED or REFUSED answer.
 */
public final class ContainmentException extends RuntimeException {
  private final transient ProviderFailure failure;

  public ContainmentException(ProviderFailure failure) {
    super(failure.text());
    this.failure = failure;
  }

  public ContainmentException(ProviderFailure failure, Throwable cause) {
    super(failure.text(), cause);
    this.failure = failure;
  }

  public ProviderFailure failure() {
    return failure;
  }

  public static ContainmentException unsupported(String api, String why) {
    return new ContainmentException(
        new ProviderFailure(ProviderFailure.Kind.UNSUPPORTED, api, null, null, why));
  }

  public static ContainmentException invalid(String parameter, String why) {
    return new ContainmentException(
        new ProviderFailure(
            ProviderFailure.Kind.INVALID, "parameters." + parameter, null, null, why));
  }
}
