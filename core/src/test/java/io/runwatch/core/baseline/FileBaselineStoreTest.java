package io.runwatch.core.baseline;

import static io.runwatch.core.baseline.Commands.SCOPE;
import static io.runwatch.core.baseline.Commands.T0;
import static io.runwatch.core.baseline.Commands.cmd;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.port.BaselineStore;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBaselineStoreTest extends BaselineStoreContract {
  @TempDir Path temp;
  private int stores;

  @Override
  protected BaselineStore newStore() {
    return FileBaselineStore.open(temp.resolve("state-" + stores++));
  }

  private Path dir() {
    return temp.resolve("state");
  }

  @Test
  void baselinesSurviveClosingAndReopening() throws Exception {
    Baseline learned;
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      new BaselineLearner(store)
          .learn(
              List.of(
                  cmd("alice", T0, "e1", "i-1"),
                  cmd("bob", T0.plusSeconds(60), "e2", "i-2"),
                  cmd("11112222", "carol", T0, "e3")));
      learned = store.load(SCOPE).orElseThrow().baseline();
    }

    try (FileBaselineStore reopened = FileBaselineStore.open(dir())) {
      Versioned v = reopened.load(SCOPE).orElseThrow();
      assertThat(v.version()).isEqualTo(1);
      assertThat(v.baseline()).isEqualTo(learned);
      assertThat(v.baseline().commands()).isEqualTo(2);
      assertThat(reopened.load("AWS|11112222").orElseThrow().baseline().commands()).isEqualTo(1);
      // The expected version survives too: stale writes are still refused after a restart.
      assertThat(reopened.save(learned.observe(cmd("dave", T0.plusSeconds(120), "e4")), 0))
          .isFalse();
      assertThat(reopened.save(learned.observe(cmd("dave", T0.plusSeconds(120), "e4")), 1))
          .isTrue();
    }
    try (FileBaselineStore again = FileBaselineStore.open(dir())) {
      assertThat(again.load(SCOPE).orElseThrow().version()).isEqualTo(2);
      assertThat(again.load(SCOPE).orElseThrow().baseline().commands()).isEqualTo(3);
    }
  }

  @Test
  void eachScopeIsOneBaselineJsonFileWithItsVersionInside() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      Baseline b = baseline(SCOPE, 3);
      store.save(b, 0);
      store.save(b, 1);

      Path file = store.fileOf(SCOPE);
      assertThat(file.getFileName().toString())
          .matches("baseline-aws_111122223333-[0-9a-f]{16}\\.json");
      assertThat(BaselineJson.readVersioned(Files.readString(file), file.toString()))
          .isEqualTo(new Versioned(b, 2));
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
      }
      try (Stream<Path> files = Files.list(store.directory())) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("no temporary files are left behind")
            .containsExactlyInAnyOrder(FileBaselineStore.LOCK_FILE, file.getFileName().toString());
      }
    }
  }

  @Test
  void fileNamesAreSafeAndKeepScopesApartOnCaseInsensitiveFileSystems() {
    String lower = FileBaselineStore.fileName("AZURE|0000aaaa-bb");
    String upper = FileBaselineStore.fileName("AZURE|0000AAAA-BB");
    String odd = FileBaselineStore.fileName("GCP|../../etc/passwd\u0000:*?\"<>|日本");
    String long1 = FileBaselineStore.fileName("AWS|" + "x".repeat(500));
    String long2 = FileBaselineStore.fileName("AWS|" + "x".repeat(499) + "y");

    assertThat(lower.toLowerCase()).isNotEqualTo(upper.toLowerCase());
    assertThat(List.of(lower, upper, odd, long1, long2))
        .allSatisfy(n -> assertThat(n).matches("baseline-[a-z0-9._-]{1,64}-[0-9a-f]{16}\\.json"));
    assertThat(odd).doesNotContain("/").startsWith("baseline-gcp_.._.._etc_passwd");
    assertThat(long1).isNotEqualTo(long2);
  }

  @Test
  void writesAreAtomicForAConcurrentReaderOfTheFile() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      Path file = store.fileOf(SCOPE);
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      List<java.util.concurrent.Callable<Long>> tasks = new ArrayList<>();
      tasks.add(
          () -> {
            Baseline b = Baseline.empty(SCOPE);
            for (int i = 0; i < 60; i++) {
              b = b.observe(cmd("p" + i, T0.plusSeconds(i), "e" + i, "i-" + i));
              store.save(b, i);
            }
            done.set(true);
            return 0L;
          });
      tasks.add(
          () -> {
            long last = 0;
            while (!done.get()) {
              try {
                Versioned v =
                    BaselineJson.readVersioned(Files.readString(file), "concurrent reader");
                assertThat(v.version()).isGreaterThanOrEqualTo(last);
                assertThat(v.baseline().commands()).isEqualTo(v.version());
                last = v.version();
                reads.incrementAndGet();
              } catch (NoSuchFileException e) {
                assertThat(last).isZero();
              }
            }
            return last;
          });

      runAll(tasks);

      assertThat(reads.get()).isPositive();
      assertThat(store.load(SCOPE).orElseThrow().version()).isEqualTo(60);
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    FileBaselineStore store = FileBaselineStore.open(dir());
    store.close();
    store.close();

    assertThatThrownBy(() -> store.load(SCOPE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.save(baseline(SCOPE, 1), 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSecondOpenInThisJvmIsRefusedUntilTheFirstCloses() throws Exception {
    FileBaselineStore first = FileBaselineStore.open(dir());
    try {
      assertThatThrownBy(() -> FileBaselineStore.open(dir().resolve("..").resolve("state")))
          .isInstanceOf(BaselineStoreLockedException.class)
          .hasMessageContaining("already open in this process")
          .hasMessageContaining(first.directory().toString());
      assertThat(first.save(baseline(SCOPE, 1), 0)).as("the first store still works").isTrue();
    } finally {
      first.close();
    }
    try (FileBaselineStore second = FileBaselineStore.open(dir())) {
      assertThat(second.load(SCOPE)).isPresent();
    }
  }

  /** The real case: another runwatch process, in a child JVM, is refused while we hold it. */
  @Test
  void anotherProcessIsRefusedWhileWeHoldTheStore() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      // A refused open in this JVM must not drop our lock (POSIX drops a process's locks when any
      // of its descriptors for the file closes): the child is still refused after it.
      assertThatThrownBy(() -> FileBaselineStore.open(dir()))
          .isInstanceOf(BaselineStoreLockedException.class);

      Probe refused = Probe.run("try", store.directory());

      assertThat(refused.exit).as(refused.output).isEqualTo(3);
      assertThat(refused.output)
          .contains("REFUSED baseline store " + store.directory())
          .contains("in use by another runwatch process (pid " + ProcessHandle.current().pid())
          .contains(FileBaselineStore.LOCK_FILE);
    }

    Probe opened = Probe.run("try", dir());
    assertThat(opened.exit).as(opened.output).isZero();
    assertThat(opened.output).contains("OPENED");
  }

  @Test
  void weAreRefusedWhileAnotherProcessHoldsTheStore() throws Exception {
    Files.createDirectories(dir());
    Process holder = Probe.start("hold", dir());
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("HOLDING ");

      assertThatThrownBy(() -> FileBaselineStore.open(dir()))
          .isInstanceOf(BaselineStoreLockedException.class)
          .hasMessageContaining("in use by another runwatch process (pid " + holder.pid() + ")")
          .hasMessageContaining(dir().resolve(FileBaselineStore.LOCK_FILE).toString())
          .extracting(e -> ((BaselineStoreLockedException) e).directory())
          .isEqualTo(dir().toRealPath());
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (FileBaselineStore mine = FileBaselineStore.open(dir())) {
      assertThat(mine.load(SCOPE)).isEmpty();
    }
  }

  @Test
  void aCorruptFileIsAnErrorNamingIt() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      store.save(baseline("GCP|prod-1", 1), 0);
      Path file = store.fileOf(SCOPE);
      Files.writeString(file, "{\"formatVersion\": 1, \"version\": 3, \"scope\": \"AWS|1111");

      assertThatThrownBy(() -> store.load(SCOPE))
          .isInstanceOf(BaselineStoreException.class)
          .hasMessageContaining("scope " + SCOPE)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not valid JSON")
          .hasMessageContaining("move " + file + " away");
      assertThatThrownBy(() -> store.save(baseline(SCOPE, 1), 3))
          .as("nor is it overwritten")
          .isInstanceOf(BaselineStoreException.class);
      assertThat(Files.readString(file)).endsWith("AWS|1111");
      assertThat(store.load("GCP|prod-1")).as("other scopes are fine").isPresent();
    }
  }

  @Test
  void aFileFromANewerRunwatchIsRefusedNamingIt() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      Path file = store.fileOf(SCOPE);
      Files.writeString(file, "{\"formatVersion\": 99, \"version\": 4, \"baseline\": {}}");

      assertThatThrownBy(() -> store.load(SCOPE))
          .isInstanceOf(BaselineStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("written by a newer runwatch (baseline format 99;")
          .hasRootCauseInstanceOf(BaselineFormatException.class);
    }
  }

  @Test
  void aFileHoldingAnotherScopeOrNoTextIsRefused() throws Exception {
    try (FileBaselineStore store = FileBaselineStore.open(dir())) {
      store.save(baseline("GCP|prod-1", 1), 0);
      Path file = store.fileOf(SCOPE);
      Files.copy(store.fileOf("GCP|prod-1"), file);

      assertThatThrownBy(() -> store.load(SCOPE))
          .isInstanceOf(BaselineStoreException.class)
          .hasMessageContaining(file + ": holds scope \"GCP|prod-1\"");

      Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
      assertThatThrownBy(() -> store.load(SCOPE))
          .isInstanceOf(BaselineStoreException.class)
          .hasMessageContaining(file + ": not UTF-8 text");
    }
  }

  @Test
  void temporaryFilesOfACrashedRunAreDeletedOnOpen() throws Exception {
    Path d = Files.createDirectories(dir());
    Path stale = d.resolve("baseline-aws_1-0123456789abcdef.json.5f1c.tmp");
    Path unrelated = d.resolve("notes.tmp");
    Files.writeString(stale, "{half");
    Files.writeString(unrelated, "mine");

    try (FileBaselineStore store = FileBaselineStore.open(d)) {
      assertThat(stale).doesNotExist();
      assertThat(unrelated).as("only the store's own temporaries").exists();
      assertThat(store.load(SCOPE)).isEmpty();
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsAClearError() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "x");

    assertThatThrownBy(() -> FileBaselineStore.open(file.resolve("state")))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining("cannot create baseline directory " + file.resolve("state"));
  }

  /** A child JVM running {@link LockProbe}. */
  record Probe(int exit, String output) {
    static Process start(String mode, Path dir) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return new ProcessBuilder(
              java,
              "-Xshare:auto",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              System.getProperty("java.class.path"),
              LockProbe.class.getName(),
              mode,
              dir.toString())
          .redirectErrorStream(true)
          .start();
    }

    static Probe run(String mode, Path dir) throws Exception {
      Process p = start(mode, dir);
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
      return new Probe(p.exitValue(), output);
    }
  }
}
