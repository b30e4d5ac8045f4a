package io.runwatch.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy file that cannot be used: a YAML syntax error, an unknown key, a wrong type or a value
 * out of range. Every problem names the file, the line and column, and the field, e.g. {@code
 * policy.yaml line 12, column 15: maintenanceWindows[1].duration: "2 hours" is not an ISO-8601
 * duration (e.g. PT2H)}. The loader reports every problem it finds, not only the first; the message
 * holds one problem a line.
 */
public final class PolicyException extends IllegalArgumentException {
  private final List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public PolicyException(List<Problem> problems, Throwable cause) {
    super(message(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  /** The first problem's. */
  public String source() {
    return problems.getFirst().source();
  }

  /** The first problem's line, 1-based; 0 when it has none (e.g. the file cannot be read). */
  public int line() {
    return problems.getFirst().line();
  }

  /** The first problem's column, 1-based; 0 when it has none. */
  public int column() {
    return problems.getFirst().column();
  }

  /** The first problem's field, e.g. {@code maintenanceWindows[1].duration}; empty for the file. */
  public String field() {
    return problems.getFirst().field();
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    StringBuilder b = new StringBuilder();
    for (Problem p : problems) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append(p);
    }
    return b.toString();
  }

  /**
   * One problem in a policy file.
   *
   * @param source the file name, as given to the loader
   * @param line 1-based, or 0 when the problem has no position
   * @param column 1-based, or 0 when the problem has no position
   * @param field the path of the field, e.g. {@code approvedAutomation[0].windows[1]} (list indexes
   *     start at 0); empty when the problem is the file's
   * @param message what is wrong and, where it helps, what would be right
   */
  public record Problem(String source, int line, int column, String field, String message) {
    public Problem {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(source);
      if (line > 0) {
        b.append(" line ").append(line).append(", column ").append(column);
      }
      b.append(": ");
      if (!field.isEmpty()) {
        b.append(field).append(": ");
      }
      return b.append(message).toString();
    }
  }
}
