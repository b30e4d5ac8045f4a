package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.Command;

/**
 * CANCEL_COMMAND for an SSM Run Command: cancelled only while it can still reach VMs (Pending,
 * InProgress, Delayed); otherwise "nothing to cancel". A cancelled command cannot be resumed, so
 * there is no rollback. Sessions and associations (also CANCEL_COMMAND in triage) are refused with
 * the console action to take: they are not Run Commands.
 */
final class SsmCommandCancel implements Step {
  private static final Set<String> RUNNING = Set.of("Pending", "InProgress", "Delayed");

  private final ContainmentClients clients;

  SsmCommandCancel(ContainmentClients clients) {
    this.clients = clients;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    if (a.parameters().containsKey("sessionId")) {
      throw ContainmentException.unsupported(
          "ssm:TerminateSession", "terminate the session with aws ssm terminate-session");
    }
    if (a.parameters().containsKey("associationId")) {
      throw ContainmentException.unsupported(
          "ssm:DeleteAssociation", "delete the association with aws ssm delete-association");
    }
    String id = Params.required(a, "commandId");
    List<Command> found;
    try {
      found = clients.ssm(Params.region(a)).listCommands(b -> b.commandId(id)).commands();
    } catch (SdkException e) {
      throw AwsFailures.exception("ssm:ListCommands", id, e);
    }
    String status = found.isEmpty() ? "NotFound" : found.get(0).statusAsString();
    boolean running = RUNNING.contains(status);
    Change cancel =
        Change.of("ssm:CancelCommand", id, "Status", status, running ? "Cancelling" : status);
    return new Plan(
        a,
        Direction.CONTAIN,
        List.of(cancel),
        List.of(
            running
                ? "cancels the command on the instances it has not finished on"
                : "nothing to cancel: the command is " + status));
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    return Optional.empty();
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    clients.ssm(Params.region(a)).cancelCommand(b -> b.commandId(c.resource()));
    return null;
  }
}
