package io.runwatch.core.baseline;

/**
 * JSON that does not describe a baseline this runwatch can read: malformed, missing or mistyped
 * fields, or a {@code formatVersion} written by a newer runwatch. The message names the source
 * (file, table item) and the field, so a user can find what to repair or delete.
 */
public class BaselineFormatException extends RuntimeException {
  private final String source;

  public BaselineFormatException(String source, String message) {
    this(source, message, null);
  }

  public BaselineFormatException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
  }

  /** Where the JSON was read (a file path, a store key). */
  public String source() {
    return source;
  }
}
