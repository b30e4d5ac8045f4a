package io.runwatch.core.geo;

import java.nio.file.Path;

/**
 * A geo/ASN database that cannot be used: missing, unreadable, not a MaxMind DB, of a kind runwatch
 * cannot use, or corrupt. The message names the file and, where one is at fault, the metadata or
 * record field.
 */
public final class GeoDatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public GeoDatabaseException(Path file, String message) {
    this(file, message, null);
  }

  public GeoDatabaseException(Path file, String message, Throwable cause) {
    super("geo database " + file + ": " + message, cause);
    this.file = file;
  }

  /** The database file at fault. */
  public Path file() {
    return file;
  }
}
