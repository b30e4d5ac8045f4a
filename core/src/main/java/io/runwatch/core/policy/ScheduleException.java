package io.runwatch.core.policy;

/**
 * A schedule that cannot be parsed or uses a feature runwatch does not support. The message says
 * which field or part is wrong and, where it helps, what is supported instead.
 */
public final class ScheduleException extends IllegalArgumentException {
  public ScheduleException(String message) {
    super(message);
  }
}
