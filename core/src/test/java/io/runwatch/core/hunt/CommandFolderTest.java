package io.runwatch.core.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.OperationCompletion;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.VmRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandFolderTest {
  private static final Instant T0 = Instant.parse("2026-11-18T03:00:00Z");

  private static AdminCommand.Builder azure(String eventId, int second, Outcome outcome) {
    return AdminCommand.builder()
        .operation(Operation.RUN_COMMAND_ACTION)
        .eventId(eventId)
        .time(T0.plusSeconds(second))
        .outcome(outcome)
        .foldKey("azure:corr-1|vm");
  }

  @Test
  void foldsAnOperationsRecordsKeepingEarliestTimeAndFinalOutcome() {
    CommandFolder f = new CommandFolder();
    f.add(azure("succeeded", 9, Outcome.SUCCEEDED).build()); // arrives first, happened last
    f.add(azure("started", 1, Outcome.IN_PROGRESS).targets(List.of(VmRef.of("vm"))).build());
    f.add(azure("accepted", 2, Outcome.IN_PROGRESS).build());
    assertThat(f.commands())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.time()).isEqualTo(T0.plusSeconds(1));
              assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
              assertThat(c.eventId()).isEqualTo("started");
              assertThat(c.targets()).extracting(VmRef::id).containsExactly("vm");
            });
    assertThat(f.folded()).isEqualTo(2);
  }

  @Test
  void aLaterFailureOverridesAnEarlierSuccess() {
    CommandFolder f = new CommandFolder();
    f.add(azure("a", 1, Outcome.SUCCEEDED).build());
    f.add(azure("b", 5, Outcome.FAILED).errorCode("Conflict").build());
    assertThat(f.commands().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(f.commands().get(0).errorCode()).isEqualTo("Conflict");
  }

  @Test
  void redeliveredRecordsAreDroppedNotDoubled() {
    CommandFolder f = new CommandFolder();
    AdminCommand c =
        AdminCommand.builder().operation(Operation.SEND_COMMAND).eventId("e1").time(T0).build();
    f.add(c);
    f.add(c);
    assertThat(f.commands()).hasSize(1);
    assertThat(f.duplicates()).isEqualTo(1);
  }

  @Test
  void completionsApplyWhicheverArrivesFirst() {
    CommandFolder before = new CommandFolder();
    before.complete(
        new OperationCompletion("gcp:op-1", Outcome.SUCCEEDED, null, T0.plusSeconds(8), null));
    before.add(
        AdminCommand.builder()
            .operation(Operation.STARTUP_SCRIPT_CHANGE)
            .eventId("first")
            .foldKey("gcp:op-1")
            .outcome(Outcome.IN_PROGRESS)
            .time(T0)
            .build());
    assertThat(before.commands().get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(before.unmatchedCompletions()).isZero();

    CommandFolder unrelated = new CommandFolder();
    unrelated.complete(new OperationCompletion("gcp:op-2", Outcome.SUCCEEDED, null, T0, null));
    assertThat(unrelated.commands()).isEmpty();
    assertThat(unrelated.unmatchedCompletions()).isEqualTo(1);
  }

  @Test
  void commandsComeOldestFirst() {
    CommandFolder f = new CommandFolder();
    f.add(
        AdminCommand.builder()
            .operation(Operation.SEND_COMMAND)
            .eventId("late")
            .time(T0.plusSeconds(60))
            .build());
    f.add(
        AdminCommand.builder().operation(Operation.SEND_COMMAND).eventId("early").time(T0).build());
    assertThat(f.commands()).extracting(AdminCommand::eventId).containsExactly("early", "late");
  }
}
