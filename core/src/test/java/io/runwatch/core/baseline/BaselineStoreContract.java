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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link BaselineStore} must do; each store's test extends this. */
abstract class BaselineStoreContract {
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A new, empty store. */
  protected abstract BaselineStore newStore() throws Exception;

  protected BaselineStore store() throws Exception {
    BaselineStore s = newStore();
    if (s instanceof AutoCloseable c) {
      opened.add(c);
    }
    return s;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  static Baseline baseline(String scope, int commands) {
    List<AdminCommand> cs = new ArrayList<>();
    for (int i = 0; i < commands; i++) {
      cs.add(cmd(scope.substring(scope.indexOf('|') + 1), "p" + i, T0.plusSeconds(i), "e" + i));
    }
    return Commands.fold(scope, cs);
  }

  @Test
  void anEmptyStoreHasNothing() throws Exception {
    assertThat(store().load(SCOPE)).isEmpty();
  }

  @Test
  void theFirstWriteMustExpectVersionZero() throws Exception {
    BaselineStore store = store();
    Baseline b = baseline(SCOPE, 2);

    assertThat(store.save(b, 1)).as("nothing stored, so version 1 is stale").isFalse();
    assertThat(store.load(SCOPE)).isEmpty();
    assertThat(store.save(b, 0)).isTrue();
    assertThat(store.load(SCOPE)).contains(new Versioned(b, 1));
  }

  @Test
  void aStaleVersionIsRefusedAndChangesNothing() throws Exception {
    BaselineStore store = store();
    Baseline one = baseline(SCOPE, 1);
    Baseline two = baseline(SCOPE, 2);
    Baseline three = baseline(SCOPE, 3);
    assertThat(store.save(one, 0)).isTrue();

    assertThat(store.save(two, 0)).as("someone stored version 1 meanwhile").isFalse();
    assertThat(store.save(two, 1)).isTrue();
    assertThat(store.save(three, 1)).as("version 1 is stale now").isFalse();
    assertThat(store.save(three, 3)).as("a future version is no better").isFalse();

    assertThat(store.load(SCOPE)).contains(new Versioned(two, 2));
  }

  @Test
  void scopesAreVersionedApart() throws Exception {
    BaselineStore store = store();
    Baseline aws = baseline(SCOPE, 1);
    Baseline gcp = baseline("GCP|prod-1", 4);

    assertThat(store.save(aws, 0)).isTrue();
    assertThat(store.save(aws, 1)).isTrue();
    assertThat(store.save(gcp, 0)).isTrue();

    assertThat(store.load(SCOPE)).contains(new Versioned(aws, 2));
    assertThat(store.load("GCP|prod-1")).contains(new Versioned(gcp, 1));
    assertThat(store.load("AZURE|sub")).isEmpty();
  }

  @Test
  void aNegativeVersionIsAMistake() throws Exception {
    BaselineStore store = store();

    assertThatThrownBy(() -> store.save(baseline(SCOPE, 1), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Many threads increment one scope by read-modify-conditional-write: none may be lost. */
  @Test
  void concurrentConditionalWritesLoseNoUpdate() throws Exception {
    BaselineStore store = store();
    int threads = 6;
    int each = 25;
    AtomicInteger refused = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            for (int i = 0; i < each; i++) {
              AdminCommand c = cmd("p" + thread, T0.plusSeconds(i), thread + "-" + i);
              while (true) {
                var stored = store.load(SCOPE);
                Baseline b = stored.map(Versioned::baseline).orElse(Baseline.empty(SCOPE));
                if (store.save(b.observe(c), stored.map(Versioned::version).orElse(0L))) {
                  break;
                }
                refused.incrementAndGet();
              }
            }
            return null;
          });
    }
    runAll(tasks);

    Versioned end = store.load(SCOPE).orElseThrow();
    assertThat(end.baseline().commands()).isEqualTo(threads * each);
    assertThat(end.version()).isEqualTo(threads * each);
    for (int t = 0; t < threads; t++) {
      assertThat(end.baseline().principal("p" + t).orElseThrow().commands()).isEqualTo(each);
    }
  }

  /**
   * Two learners load the same version, both write, one loses and must re-apply its commands on top
   * of the winner's: the save gate holds each thread's first write until both have loaded, so every
   * round is a real race. Their commands interleave in time, so re-filtering the loser's commands
   * against the winner's newer {@code learnedUntil} would lose some.
   */
  @Test
  void twoLearnersRacingOnOneScopeCountEveryCommandOnce() throws Exception {
    BaselineStore store = store();
    new BaselineLearner(store).learn(List.of(cmd("history", T0, "h0")));
    Random random = new Random(42);
    int expected = 1;
    for (int round = 1; round <= 15; round++) {
      List<AdminCommand> mine = new ArrayList<>();
      List<AdminCommand> theirs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        var at = T0.plusSeconds(round * 1000L + i * 2L);
        mine.add(cmd(i % 3 == 0 ? "shared" : "a", at, "a" + round + "-" + i, "i-" + i));
        theirs.add(cmd(i % 3 == 0 ? "shared" : "b", at.plusSeconds(1), "b" + round + "-" + i));
      }
      Collections.shuffle(mine, random);
      Collections.shuffle(theirs, random);
      SaveGate gate = new SaveGate(store);
      BaselineLearner learner = new BaselineLearner(gate);

      List<List<Learned>> results =
          runAll(List.of(() -> learner.learn(mine), () -> learner.learn(theirs)));

      expected += 20;
      assertThat(results)
          .extracting(r -> r.getFirst().attempts())
          .as("round %d: one won the race, the other retried once", round)
          .containsExactlyInAnyOrder(1, 2);
      assertThat(results).allSatisfy(r -> assertThat(r.getFirst().learned()).isEqualTo(10));
      Baseline b = store.load(SCOPE).orElseThrow().baseline();
      assertThat(b.commands()).as("round %d", round).isEqualTo(expected);
      assertThat(b.account().commands()).isEqualTo(expected);
      assertThat(Arrays.stream(b.account().hours()).sum()).isEqualTo(expected);
      assertThat(b.principal("a").orElseThrow().commands()).isEqualTo(round * 6L);
      assertThat(b.principal("b").orElseThrow().commands()).isEqualTo(round * 6L);
      assertThat(b.principal("shared").orElseThrow().commands()).isEqualTo(round * 8L);
      assertThat(b.learnedUntil()).isEqualTo(T0.plusSeconds(round * 1000L + 19));
    }
    assertThat(store.load(SCOPE).orElseThrow().version()).isEqualTo(1 + 2 * 15);
  }

  /**
   * Unsynchronized learners hammering one scope: whatever the interleaving, what the learners
   * report as learned is exactly what the baseline counts (no lost update, no double count).
   */
  @Test
  void whatLearnersReportIsWhatTheBaselineCounts() throws Exception {
    BaselineStore store = store();
    BaselineLearner learner = new BaselineLearner(store, 1_000);
    int threads = 4;
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            Random random = new Random(thread);
            int learned = 0;
            for (int call = 0; call < 20; call++) {
              List<AdminCommand> batch = new ArrayList<>();
              for (int i = random.nextInt(3); i >= 0; i--) {
                batch.add(
                    cmd(
                        "p" + thread,
                        T0.plusSeconds(call * 10L + random.nextInt(10)),
                        thread + "-" + call + "-" + i));
              }
              learned += learner.learn(batch).getFirst().learned();
            }
            return learned;
          });
    }

    int reported = runAll(tasks).stream().mapToInt(Integer::intValue).sum();

    Baseline b = store.load(SCOPE).orElseThrow().baseline();
    assertThat(reported).isPositive();
    assertThat(b.commands()).isEqualTo(reported);
    assertThat(
            IntStream.range(0, threads)
                .mapToLong(t -> b.principal("p" + t).map(PrincipalProfile::commands).orElse(0L))
                .sum())
        .isEqualTo(reported);
  }

  static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<T> out = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Holds each of two threads' first save until both got there, so both loaded first. */
  static final class SaveGate implements BaselineStore {
    private final BaselineStore delegate;
    private final CyclicBarrier barrier = new CyclicBarrier(2);
    private final ThreadLocal<Boolean> passed = ThreadLocal.withInitial(() -> false);

    SaveGate(BaselineStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public java.util.Optional<Versioned> load(String scope) {
      return delegate.load(scope);
    }

    @Override
    public boolean save(Baseline baseline, long expectedVersion) {
      if (!passed.get()) {
        passed.set(true);
        try {
          barrier.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
          throw new IllegalStateException("the other learner never came to save", e);
        }
      }
      return delegate.save(baseline, expectedVersion);
    }
  }
}
