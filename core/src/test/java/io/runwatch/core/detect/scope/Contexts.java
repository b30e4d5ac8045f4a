package io.runwatch.core.detect.scope;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PrincipalMatcher;
import io.runwatch.core.policy.Schedule;
import io.runwatch.core.policy.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds detection contexts for this package's unit tests. */
final class Contexts {
  static final String ACCOUNT = "111122223333";
  static final Principal ALICE =
      new Principal(
          "arn:aws:sts::111122223333:assumed-role/AdminRole/alice",
          "AdminRole/alice",
          PrincipalKind.ROLE_SESSION,
          null,
          null);

  private Contexts() {}

  static AdminCommand.Builder sendCommand(String time) {
    return AdminCommand.builder()
        .cloud(Cloud.AWS)
        .account(ACCOUNT)
        .operation(Operation.SEND_COMMAND)
        .eventName("SendCommand")
        .principal(ALICE)
        .targets(List.of(VmRef.of("i-0abcd1234ef567890")))
        .document("AWS-RunShellScript")
        .time(Instant.parse(time))
        .eventId("e-" + time);
  }

  static DetectionContext context(
      AdminCommand command,
      CommandCorrelation correlation,
      Policy policy,
      List<AdminCommand> history,
      List<AgentStatusEvent> statuses) {
    List<AdminCommand> all = new ArrayList<>(history);
    all.add(command);
    return new DetectionContext(
        command,
        correlation,
        Baseline.empty(Baseline.scopeOf(command)),
        policy,
        new RecentActivity(all, List.of(), statuses),
        command.time().plus(Duration.ofHours(1)));
  }

  static DetectionContext context(AdminCommand command, Policy policy) {
    return context(command, null, policy, List.of(), List.of());
  }

  static Policy policy(
      List<ApprovedAutomation> automation,
      List<MaintenanceWindow> windows,
      Thresholds thresholds,
      Map<String, Severity> overrides) {
    return new Policy(
        List.of(), automation, windows, List.of(), thresholds, overrides, Duration.ofDays(30));
  }

  static Policy withWindows(MaintenanceWindow... windows) {
    return policy(List.of(), List.of(windows), Thresholds.DEFAULTS, Map.of());
  }

  /** A window that opens at the given instants (UTC) and lasts {@code duration}. */
  static MaintenanceWindow window(String name, Duration duration, String... opens) {
    List<Instant> at = new ArrayList<>();
    for (String o : opens) {
      at.add(Instant.parse(o));
    }
    Schedule schedule =
        new Schedule() {
          @Override
          public boolean covers(Instant t, Duration d, ZoneId zone) {
            return at.stream().anyMatch(o -> !t.isBefore(o) && t.isBefore(o.plus(d)));
          }

          @Override
          public String text() {
            return "at " + at;
          }
        };
    return new MaintenanceWindow(
        name, schedule, duration, ZoneOffset.UTC, List.of(ACCOUNT), List.of());
  }

  static ApprovedAutomation automation(
      String name, String principalGlob, Set<Operation> operations, List<String> windows) {
    return new ApprovedAutomation(
        name,
        new PrincipalMatcher(null, null, principalGlob),
        List.of(),
        operations,
        List.of(),
        windows);
  }
}
