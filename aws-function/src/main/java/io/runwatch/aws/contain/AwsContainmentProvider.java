package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.ContainmentProvider;
import io.runwatch.core.contain.Outcome;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.contain.ProviderFailure;
import io.runwatch.core.contain.Result;
import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Containment on AWS with IAM, EC2 and SSM. Each kind is a {@link Step}; applying runs the plan's
 * changes in order (records before the changes they make undoable), skips those in place, and stops
 * at the first failure, reported with the API and resource named.
 */
public final class AwsContainmentProvider implements ContainmentProvider {
  private final Map<ContainmentAction.Kind, Step> steps =
      new EnumMap<>(ContainmentAction.Kind.class);

  /**
   * @param quarantineGroup the security group for isolation ({@code RUNWATCH_QUARANTINE_SG})
   */
  public AwsContainmentProvider(ContainmentClients clients, String quarantineGroup) {
    IamUserDisable disable = new IamUserDisable(clients);
    steps.put(ContainmentAction.Kind.DISABLE_PRINCIPAL, disable);
    steps.put(ContainmentAction.Kind.REVOKE_SESSIONS, new IamRoleRevokeSessions(clients));
    steps.put(ContainmentAction.Kind.DEPRIVILEGE_PRINCIPAL, new InstanceProfileDetach(clients));
    steps.put(ContainmentAction.Kind.CANCEL_COMMAND, new SsmCommandCancel(clients));
    steps.put(ContainmentAction.Kind.ISOLATE_VM, new Ec2Isolation(clients, quarantineGroup));
    steps.put(ContainmentAction.Kind.SNAPSHOT_VM, new Ec2Snapshots(clients));
  }

  @Override
  public Plan plan(ContainmentAction action) {
    return step(action).plan(action);
  }

  @Override
  public Optional<Plan> planRollback(ContainmentAction action) {
    return step(action).rollback(action);
  }

  @Override
  public Result apply(Plan plan) {
    Step step = step(plan.action());
    List<Outcome> outcomes = new ArrayList<>();
    ProviderFailure failure = null;
    for (Change c : plan.changes()) {
      if (failure != null) {
        outcomes.add(new Outcome(c, Outcome.Status.NOT_ATTEMPTED, null));
      } else if (c.inPlace()) {
        outcomes.add(new Outcome(c, Outcome.Status.ALREADY_IN_PLACE, null));
      } else {
        try {
          outcomes.add(new Outcome(c, Outcome.Status.DONE, step.apply(plan.action(), c)));
        } catch (SdkException e) {
          failure = AwsFailures.of(c.api(), c.resource(), e);
          outcomes.add(new Outcome(c, Outcome.Status.FAILED, failure.code()));
        }
      }
    }
    return new Result(plan, outcomes, failure);
  }

  private Step step(ContainmentAction a) {
    Step s = steps.get(a.kind());
    if (s == null) {
      throw ContainmentException.unsupported(a.kind().name(), "not available on AWS");
    }
    return s;
  }
}
