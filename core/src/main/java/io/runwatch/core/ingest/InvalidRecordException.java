package io.runwatch.core.ingest;

/** Thrown by parsers for a record they recognize but cannot use; the batch goes on. */
public final class InvalidRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String field;

  public InvalidRecordException(ErrorKind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  public static InvalidRecordException missing(String field) {
    return new InvalidRecordException(ErrorKind.MISSING_FIELD, field, "required field is absent");
  }

  public static InvalidRecordException invalid(String field, String why) {
    return new InvalidRecordException(ErrorKind.INVALID_FIELD, field, why);
  }

  public ErrorKind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
