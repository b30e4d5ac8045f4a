package io.runwatch.cli;

import io.runwatch.core.bench.CloudTrailCorpus;
import io.runwatch.core.bench.CorrelationBenchmark;
import io.runwatch.core.bench.Throughput;
import io.runwatch.core.bench.Throughput.Measurement;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code runwatch bench}: hunt throughput against the raw limits of this machine, on a generated
 * CloudTrail corpus (reused from {@code --dir} when it is already there). Figures are MB (10^6
 * bytes) of uncompressed input per second of wall time, the median of {@code --runs} runs after one
 * warm-up run on a tenth of the files.
 */
final class BenchCommand {
  private static final long SEED = 20261122L;
  private static final int FILE_BYTES = 8 << 20;

  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    Options o = new Options(args, Set.of("size-mb", "dir", "runs", "threads", "baselines", "only"));
    String only = o.get("only", "all");
    if (!Set.of("all", "hunt", "correlate").contains(only)) {
      throw new UsageException("--only is hunt or correlate, not '" + only + "'");
    }
    int status = 0;
    if (!only.equals("correlate")) {
      status = huntBench(o);
    }
    if (!only.equals("hunt")) {
      correlationBench(o.intValue("runs", 3, 1));
    }
    return status;
  }

  private void correlationBench(int runs) {
    CorrelationBenchmark.run(200, 100_000, 1_000, SEED); // warm-up
    List<CorrelationBenchmark.Result> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      results.add(CorrelationBenchmark.run(2_000, 1_000_000, 10_000, SEED + i));
    }
    results.sort(Comparator.comparingLong(r -> r.buildNanos() + r.correlateNanos()));
    CorrelationBenchmark.Result m = results.get(results.size() / 2);
    out.printf(
        "correlation, one thread: %,d host events from %,d VMs x %,d commands: index %d ms +"
            + " join %d ms = %d ms (median of %d); %,d confirmed, %,d orphans%n",
        m.executions(),
        m.hosts(),
        m.commands(),
        m.buildNanos() / 1_000_000,
        m.correlateNanos() / 1_000_000,
        (m.buildNanos() + m.correlateNanos()) / 1_000_000,
        runs,
        m.confirmed(),
        m.orphans());
    // Growth: quadrupling both sizes should about quadruple the time, not multiply it by 16.
    StringBuilder growth = new StringBuilder("correlation growth (events x commands -> ms):");
    for (int k : new int[] {1, 2, 4}) {
      CorrelationBenchmark.Result g =
          CorrelationBenchmark.run(500 * k, 250_000 * k, 2_500 * k, SEED);
      growth
          .append("  ")
          .append(g.executions() / 1000)
          .append("k x ")
          .append(g.commands() / 1000.0)
          .append("k -> ")
          .append((g.buildNanos() + g.correlateNanos()) / 1_000_000);
    }
    out.println(growth);
  }

  private int huntBench(Options o) {
    int sizeMb = o.intValue("size-mb", 1024, 1);
    int runs = o.intValue("runs", 3, 1);
    int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    boolean baselines = !o.get("baselines", "on").equals("off");
    Path dir =
        Path.of(
            o.get(
                "dir",
                Path.of(System.getProperty("java.io.tmpdir"), "runwatch-bench-" + sizeMb + "mb")
                    .toString()));
    try {
      CloudTrailCorpus.Manifest corpus = corpus(dir, sizeMb, threads);
      out.printf(
          "corpus: %d files in %s, %.1f MB uncompressed (%.1f MB gzip, ratio %.1f), %,d records,"
              + " %,d admin commands%n",
          corpus.files().size(),
          dir,
          corpus.rawBytes() / 1e6,
          corpus.gzipBytes() / 1e6,
          (double) corpus.rawBytes() / corpus.gzipBytes(),
          corpus.records(),
          corpus.commands());
      out.printf(
          "machine: %d cores, %s %s; %d worker threads, one file each%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          threads);
      Throughput all = new Throughput(corpus.files(), threads);
      Throughput warm =
          new Throughput(
              corpus.files().subList(0, Math.max(1, corpus.files().size() / 10)), threads);
      warm.decompressOnly();
      warm.hunt();
      Measurement gunzip = median(runs, all::decompressOnly);
      Measurement hunt = median(runs, all::hunt);
      print(gunzip, null);
      print(hunt, gunzip);
      if (baselines) {
        warm.jacksonStreaming();
        print(all.jacksonStreaming(), gunzip);
        print(all.jacksonTree(), gunzip);
      }
      boolean complete = hunt.found() == corpus.commands();
      out.printf(
          "hunt found %,d of %,d admin commands%s%n",
          hunt.found(), corpus.commands(), complete ? "" : "  << MISMATCH");
      return complete ? 0 : 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void print(Measurement m, Measurement ceiling) {
    out.printf(
        "%-32s %8.0f MB/s  (%6.0f MB/s per core)%s%n",
        m.name(),
        m.mbPerSecond(),
        m.mbPerSecondPerCore(),
        ceiling == null
            ? ""
            : String.format("  %.2f x decompression", m.mbPerSecond() / ceiling.mbPerSecond()));
  }

  private static Measurement median(int runs, Supplier<Measurement> measure) {
    List<Measurement> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      all.add(measure.get());
    }
    all.sort(Comparator.comparingLong(Measurement::nanos));
    return all.get(all.size() / 2);
  }

  private CloudTrailCorpus.Manifest corpus(Path dir, int sizeMb, int threads) throws IOException {
    Path manifestFile = dir.resolve("manifest.properties");
    if (Files.exists(manifestFile)) {
      Properties p = new Properties();
      try (var in = Files.newInputStream(manifestFile)) {
        p.load(in);
      }
      int count = Integer.parseInt(p.getProperty("files"));
      if (Long.parseLong(p.getProperty("seed")) == SEED
          && Integer.parseInt(p.getProperty("sizeMb")) == sizeMb) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          files.add(dir.resolve(p.getProperty("file." + i)));
        }
        if (files.stream().allMatch(Files::exists)) {
          return new CloudTrailCorpus.Manifest(
              files,
              Long.parseLong(p.getProperty("rawBytes")),
              Long.parseLong(p.getProperty("gzipBytes")),
              Long.parseLong(p.getProperty("records")),
              Long.parseLong(p.getProperty("commands")));
        }
      }
    }
    err.printf("runwatch: generating a %d MB CloudTrail corpus in %s ...%n", sizeMb, dir);
    CloudTrailCorpus.Manifest m =
        CloudTrailCorpus.generate(dir, sizeMb * 1_000_000L, FILE_BYTES, SEED, threads);
    Properties p = new Properties();
    p.setProperty("seed", Long.toString(SEED));
    p.setProperty("sizeMb", Integer.toString(sizeMb));
    p.setProperty("files", Integer.toString(m.files().size()));
    for (int i = 0; i < m.files().size(); i++) {
      p.setProperty("file." + i, m.files().get(i).getFileName().toString());
    }
    p.setProperty("rawBytes", Long.toString(m.rawBytes()));
    p.setProperty("gzipBytes", Long.toString(m.gzipBytes()));
    p.setProperty("records", Long.toString(m.records()));
    p.setProperty("commands", Long.toString(m.commands()));
    try (var o = Files.newOutputStream(manifestFile)) {
      p.store(o, "runwatch bench corpus");
    }
    return m;
  }
}
