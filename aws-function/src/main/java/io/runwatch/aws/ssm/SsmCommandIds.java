package io.runwatch.aws.ssm;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import java.util.regex.Pattern;

/**
 * Which admin commands carry an SSM Run Command id that {@code ListCommands} and {@code
 * ListCommandInvocations} know. Only {@code SendCommand} does: sessions, associations and documents
 * have ids of other kinds, and asking SSM about them would only answer "not found".
 */
final class SsmCommandIds {
  /** The API's CommandId is a UUID (fixed length 36). */
  private static final Pattern COMMAND_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private SsmCommandIds() {}

  /** The command's SSM command id, or {@code null} when it has none SSM could look up. */
  static String of(AdminCommand command) {
    if (command.cloud() != Cloud.AWS
        || command.operation() != Operation.SEND_COMMAND
        || command.commandId() == null
        || !COMMAND_ID.matcher(command.commandId()).matches()) {
      return null;
    }
    return command.commandId();
  }
}
