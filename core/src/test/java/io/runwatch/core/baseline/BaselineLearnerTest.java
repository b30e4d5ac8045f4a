package io.runwatch.core.baseline;

import static io.runwatch.core.baseline.Commands.SCOPE;
import static io.runwatch.core.baseline.Commands.T0;
import static io.runwatch.core.baseline.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.baseline.BaselineLearner.Learned;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.port.BaselineStore;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BaselineLearnerTest {
  private final InMemoryBaselineStore store = new InMemoryBaselineStore();
  private final BaselineLearner learner = new BaselineLearner(store);

  @Test
  void learnsEachScopeInTimeOrderOnTopOfWhatIsStored() {
    List<AdminCommand> commands =
        new ArrayList<>(
            List.of(
                cmd("alice", T0.plusSeconds(30), "e3", "i-1"),
                cmd("alice", T0, "e1", "i-1"),
                cmd("222233334444", "bob", T0, "e9"),
                cmd("carol", T0.plusSeconds(10), "e2", "i-2")));

    List<Learned> learned = learner.learn(commands);

    assertThat(learned)
        .containsExactly(
            new Learned(SCOPE, 3, 0, 0, 1, 1), new Learned("AWS|222233334444", 1, 0, 0, 1, 1));
    Baseline aws = store.load(SCOPE).orElseThrow().baseline();
    assertThat(aws)
        .isEqualTo(
            Commands.fold(SCOPE, List.of(commands.get(1), commands.get(3), commands.get(0))));
    assertThat(aws.learnedUntil()).isEqualTo(T0.plusSeconds(30));

    learner.learn(List.of(cmd("dave", T0.plusSeconds(40), "e4")));

    Versioned after = store.load(SCOPE).orElseThrow();
    assertThat(after.version()).isEqualTo(2);
    assertThat(after.baseline()).isEqualTo(aws.observe(cmd("dave", T0.plusSeconds(40), "e4")));
  }

  @Test
  void theOrderOfTheInputDoesNotMatter() {
    List<AdminCommand> commands = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Pairs share an instant: the event id orders them.
      commands.add(cmd("p" + i % 4, T0.plusSeconds(i / 2 * 3600L), "e" + i, "i-" + i % 5));
    }
    learner.learn(commands);
    Baseline sorted = store.load(SCOPE).orElseThrow().baseline();

    for (long seed = 0; seed < 5; seed++) {
      Collections.shuffle(commands, new Random(seed));
      InMemoryBaselineStore other = new InMemoryBaselineStore();
      new BaselineLearner(other).learn(commands);
      assertThat(other.load(SCOPE).orElseThrow().baseline()).isEqualTo(sorted);
    }
  }

  @Test
  void learningTheSameInputAgainChangesNothing() {
    List<AdminCommand> commands =
        List.of(cmd("alice", T0, "e1"), cmd("bob", T0.plusSeconds(5), "e2"), cmd("bob", T0, null));
    learner.learn(commands);
    Versioned first = store.load(SCOPE).orElseThrow();

    List<Learned> again = learner.learn(commands);

    assertThat(again).containsExactly(new Learned(SCOPE, 0, 3, 0, 0, 1));
    assertThat(store.load(SCOPE)).contains(first);
  }

  @Test
  void anOverlappingInputLearnsOnlyItsNewTail() {
    learner.learn(List.of(cmd("alice", T0, "e1"), cmd("alice", T0.plusSeconds(60), "e2")));

    List<Learned> learned =
        learner.learn(
            List.of(
                cmd("alice", T0.plusSeconds(60), "e2"),
                cmd("alice", T0.plusSeconds(61), "e3"),
                cmd("bob", T0.plusSeconds(90), "e4")));

    assertThat(learned).containsExactly(new Learned(SCOPE, 2, 1, 0, 1, 2));
    Baseline b = store.load(SCOPE).orElseThrow().baseline();
    assertThat(b.commands()).isEqualTo(4);
    assertThat(b.principal("alice").orElseThrow().commands()).isEqualTo(3);
  }

  @Test
  void copiesOfOneEventInACallAreLearnedOnce() {
    AdminCommand once = cmd("alice", T0, "same-id", "i-1");

    List<Learned> learned =
        learner.learn(List.of(once, once, cmd("alice", T0, null), cmd("alice", T0, null)));

    assertThat(learned).containsExactly(new Learned(SCOPE, 3, 0, 1, 1, 1));
    assertThat(store.load(SCOPE).orElseThrow().baseline().commands())
        .as("commands without an event id cannot be recognized as copies")
        .isEqualTo(3);
  }

  @Test
  void commandsAtOrBeforeTheStoredWatermarkCountAsLearned() {
    learner.learn(
        List.of(
            cmd("alice", T0, "e1"), cmd("bob", T0, "e2"), cmd("alice", T0.plusSeconds(9), "e3")));

    List<Learned> late =
        learner.learn(
            List.of(
                cmd("carol", T0.plusSeconds(1), "late"),
                cmd("carol", T0.plusSeconds(9), "same-instant-later-call"),
                cmd("carol", T0.plusSeconds(10), "new")));

    assertThat(late).containsExactly(new Learned(SCOPE, 1, 2, 0, 1, 2));
    assertThat(
            store.load(SCOPE).orElseThrow().baseline().principal("carol").orElseThrow().commands())
        .isEqualTo(1);
    assertThat(store.load(SCOPE).orElseThrow().baseline().principal("bob"))
        .as("one call learns every command of one instant")
        .isPresent();
  }

  /**
   * The deterministic form of a lost race: between our load and our write, another writer stores
   * newer commands. Ours are older than its watermark, and must still be learned, once.
   */
  @Test
  void aLostRaceReappliesOurCommandsOnTopOfTheWinnersWithoutRefiltering() {
    learner.learn(List.of(cmd("history", T0, "h")));
    AdminCommand winners = cmd("bob", T0.plusSeconds(100), "w");
    AtomicInteger saves = new AtomicInteger();
    BaselineStore racing =
        new BaselineStore() {
          @Override
          public Optional<Versioned> load(String scope) {
            return store.load(scope);
          }

          @Override
          public boolean save(Baseline baseline, long expectedVersion) {
            if (saves.getAndIncrement() == 0) {
              Versioned now = store.load(SCOPE).orElseThrow();
              assertThat(store.save(now.baseline().observe(winners), now.version())).isTrue();
            }
            return store.save(baseline, expectedVersion);
          }
        };

    List<Learned> learned =
        new BaselineLearner(racing)
            .learn(
                List.of(
                    cmd("alice", T0.plusSeconds(50), "a1"),
                    cmd("alice", T0.plusSeconds(60), "a2")));

    assertThat(learned).containsExactly(new Learned(SCOPE, 2, 0, 0, 2, 3));
    Baseline b = store.load(SCOPE).orElseThrow().baseline();
    assertThat(b.commands()).isEqualTo(4);
    assertThat(b.principal("alice").orElseThrow().commands()).isEqualTo(2);
    assertThat(b.principal("bob").orElseThrow().commands()).isEqualTo(1);
    assertThat(b.learnedUntil()).isEqualTo(T0.plusSeconds(100));
  }

  @Test
  void givesUpAfterTooManyLostRacesNamingTheScope() {
    AtomicInteger saves = new AtomicInteger();
    BaselineStore alwaysBehind =
        new BaselineStore() {
          @Override
          public Optional<Versioned> load(String scope) {
            return Optional.empty();
          }

          @Override
          public boolean save(Baseline baseline, long expectedVersion) {
            saves.incrementAndGet();
            return false;
          }
        };

    assertThatThrownBy(
            () -> new BaselineLearner(alwaysBehind, 3).learn(List.of(cmd("alice", T0, "e1"))))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessage(
            "gave up learning 1 commands into scope "
                + SCOPE
                + ": 3 conditional writes in a row lost to other writers");
    assertThat(saves).hasValue(3);
  }

  @Test
  void nothingNewMeansNoWrite() {
    assertThat(learner.learn(List.of())).isEmpty();
    learner.learn(List.of(cmd("alice", T0, "e1")));

    assertThat(learner.learn(List.of(cmd("alice", T0, "e1"))))
        .containsExactly(new Learned(SCOPE, 0, 1, 0, 0, 1));
    assertThatThrownBy(() -> new BaselineLearner(store, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
