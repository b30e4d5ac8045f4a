package io.runwatch.aws.ssm;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.port.CommandContentSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

/**
 * What a {@code SendCommand} ran, from {@code ssm:ListCommands}: CloudTrail writes the command's
 * parameters as "HIDDEN_DUE_TO_SECURITY_REASONS", but SSM itself keeps them (for 30 days) and lists
 * them to a principal allowed {@code ssm:ListCommands}.
 *
 * <p>The request is {@code {"CommandId": "<id>"}} to the command's own region (a client per region,
 * built lazily and reused, see {@link RegionalClients}). The answer's document name and parameters
 * are returned as they are; the text the detectors read is built by {@link CommandText}.
 *
 * <p>Never throws: access denied becomes {@code DENIED}, throttling that outlasts the SDK's retries
 * {@code THROTTLED}, an unknown or expired command ({@code InvalidCommandId}, or an empty list)
 * {@code NOT_FOUND}, a command without an SSM command id {@code UNSUPPORTED}, and anything else
 * (5xx, network, a bug) {@code ERROR} with a detail that names the operation and error code but
 * never the service's message, which may carry the caller's ARN.
 */
public final class SsmCommandContentSource implements CommandContentSource {
  static final String OPERATION = "ssm:ListCommands";

  private final RegionalClients<SsmClient> clients;

  public SsmCommandContentSource(RegionalClients<SsmClient> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  @Override
  public CommandContent fetch(AdminCommand command) {
    String commandId = SsmCommandIds.of(command);
    if (commandId == null) {
      return CommandContent.unavailable(
          Availability.UNSUPPORTED, "no SSM command id for " + command.operation());
    }
    if (command.region() != null && !RegionalClients.plausible(command.region())) {
      return CommandContent.unavailable(
          Availability.ERROR, OPERATION + " not sent: the command's region is not a region name");
    }
    try {
      SsmClient ssm = clients.forRegion(command.region());
      ListCommandsResponse listed = ssm.listCommands(r -> r.commandId(commandId));
      if (!listed.hasCommands() || listed.commands().isEmpty()) {
        return CommandContent.unavailable(
            Availability.NOT_FOUND, OPERATION + " lists no command " + commandId);
      }
      return content(listed.commands().get(0));
    } catch (SdkException e) {
      return CommandContent.unavailable(
          SdkFailures.availability(e), SdkFailures.detail(OPERATION, e));
    } catch (RuntimeException e) {
      return CommandContent.unavailable(
          Availability.ERROR, OPERATION + " failed: " + e.getClass().getSimpleName());
    }
  }

  private static CommandContent content(Command c) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (c.hasParameters()) {
      c.parameters().forEach((k, v) -> parameters.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    return new CommandContent(
        Availability.KNOWN,
        c.documentName(),
        parameters,
        CommandText.of(c.documentName(), parameters),
        null);
  }
}
