package io.runwatch.core.contain;

import java.util.Objects;

/**
 * What happened to one planned change when it was applied.
 *
 * @param detail the provider's word on it (e.g. a snapshot id), or {@code null}
 */
public record Outcome(Change change, Status status, String detail) {
  /** How far one change got. */
  public enum Status {
    /** The call was made and succeeded. */
    DONE,
    /** Nothing was called: the resource already had the value (idempotent re-run). */
    ALREADY_IN_PLACE,
    /** The call failed; see the result's failure. */
    FAILED,
    /** An earlier change failed, so this one was not tried. */
    NOT_ATTEMPTED
  }

  public Outcome {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(status, "status");
  }
}
