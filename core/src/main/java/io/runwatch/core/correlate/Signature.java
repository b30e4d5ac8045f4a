package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mechanism with its compiled match objects: the execution matches when any one of them does, and
 * a match object matches when every one of its regexes is found in its field.
 */
record Signature(Mechanism mechanism, List<List<FieldPattern>> alternatives) {

  static final String COMMAND_ID_GROUP = "commandId";

  /**
   * One field's compiled regex, whether it captures the join key, and the lower-case literal the
   * field must contain for the regex to have a chance ({@code ""} when there is none).
   */
  record FieldPattern(
      ExecField field, Pattern pattern, boolean capturesCommandId, String requiredLiteral) {
    FieldPattern(ExecField field, Pattern pattern) {
      this(
          field,
          pattern,
          pattern.namedGroups().containsKey(COMMAND_ID_GROUP),
          RequiredLiteral.of(pattern.pattern()));
    }
  }

  /**
   * One execution's field values, lower-cased on first use, so every signature's literal test
   * shares the work.
   */
  static final class Fields {
    private final HostExecution execution;
    private final String[] lowered = new String[ExecField.values().length];

    Fields(HostExecution execution) {
      this.execution = execution;
    }

    HostExecution execution() {
      return execution;
    }

    String lowered(ExecField field, String value) {
      String l = lowered[field.ordinal()];
      if (l == null) {
        l = value.toLowerCase(Locale.ROOT);
        lowered[field.ordinal()] = l;
      }
      return l;
    }
  }

  /** The match for the execution, or {@code null} when no match object fits it. */
  MechanismMatch match(Fields fields) {
    for (List<FieldPattern> alternative : alternatives) {
      MechanismMatch m = match(alternative, fields);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private MechanismMatch match(List<FieldPattern> alternative, Fields fields) {
    String commandId = null;
    for (FieldPattern fp : alternative) {
      String value = fp.field().of(fields.execution());
      if (value == null) {
        return null;
      }
      if (!fp.requiredLiteral().isEmpty()
          && !fields.lowered(fp.field(), value).contains(fp.requiredLiteral())) {
        return null;
      }
      Matcher m = fp.pattern().matcher(value);
      if (!m.find()) {
        return null;
      }
      if (commandId == null && fp.capturesCommandId()) {
        commandId = m.group(COMMAND_ID_GROUP);
      }
    }
    return new MechanismMatch(mechanism, commandId);
  }
}
