package io.runwatch.core.contain;

/** Whether a plan contains (the action as recommended) or undoes an earlier containment. */
public enum Direction {
  CONTAIN,
  ROLLBACK
}
