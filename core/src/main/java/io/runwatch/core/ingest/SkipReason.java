package io.runwatch.core.ingest;

/** Why a well-formed record produced nothing: counted, never an error. */
public enum SkipReason {
  /** A known record type that does not run or stage code in a VM (most CloudTrail traffic). */
  NOT_RELEVANT,
  /** A JSON value whose shape no parser recognizes (not an audit record of a known cloud). */
  UNRECOGNIZED
}
