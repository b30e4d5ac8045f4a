package io.runwatch.core.contain;

/**
 * A containment request that cannot be understood, naming the field at fault, so the responder can
 * fix it without reading code. Refused and audited like any other attempt.
 */
public final class ContainmentRequestException extends RuntimeException {
  private final String field;

  public ContainmentRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The JSON field at fault, e.g. {@code action.parameters.vm}, or {@code (body)}. */
  public String field() {
    return field;
  }
}
