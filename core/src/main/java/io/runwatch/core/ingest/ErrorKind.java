package io.runwatch.core.ingest;

/** Why a record, or a whole source, could not be read. */
public enum ErrorKind {
  /** The file could not be opened or decompressed. */
  UNREADABLE_SOURCE,
  /** Not JSON at all, or broken structure (unbalanced brackets, unterminated string). */
  MALFORMED_JSON,
  /** JSON with comments, trailing commas or similar extensions: export it as strict JSON. */
  NOT_STRICT_JSON,
  /** The input ended inside a record (truncated file or stream). */
  TRUNCATED,
  /** A record larger than the configured limit. */
  RECORD_TOO_LARGE,
  /** A field the record's type requires is absent. */
  MISSING_FIELD,
  /** A field is present but unusable (wrong type, unparseable time, bad base64). */
  INVALID_FIELD,
  /** A parser failed on a record it accepted: a runwatch bug, reported rather than thrown. */
  UNEXPECTED
}
