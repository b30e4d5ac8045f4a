package io.runwatch.cli;

import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.baseline.BaselineLearner;
import io.runwatch.core.baseline.FileBaselineStore;
import io.runwatch.core.geo.GeoDatabaseException;
import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.hunt.HuntSources;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.render.TerminalText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code runwatch learn --state DIR PATH...}: learns the admin commands in exported logs into the
 * baselines stored under {@code DIR}, so that a later {@code runwatch hunt --state DIR} judges new
 * activity against them. Learning the same logs twice counts nothing twice. {@code --policy} gives
 * the history window (and geo databases), {@code --geoip} the country/ASN databases, so the
 * baselines remember countries and ASNs.
 */
final class LearnCommand {
  private final PrintStream out;
  private final PrintStream err;

  LearnCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    Options o = new Options(args, Set.of("state", "threads", "policy", "geoip"));
    String state = o.get("state", null);
    if (state == null) {
      throw new UsageException("learn needs --state DIR (where the baselines are kept)");
    }
    if (o.positional().isEmpty()) {
      throw new UsageException("learn needs at least one file or folder");
    }
    List<Path> paths = o.positional().stream().map(Path::of).toList();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UsageException("no such file or folder: " + p);
      }
    }
    Policy policy = HuntCommand.policy(o.get("policy", null));
    GeoOption.open(o.all("geoip"), policy).close(); // a bad database fails before the long read
    int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    long[] errors = {0};
    Hunt.Result read =
        new Hunt(new Ingestor(), threads)
            .run(
                HuntSources.expand(paths),
                e -> {
                  errors[0]++;
                  err.println("runwatch: " + TerminalText.safe(e.toString()));
                });
    try (GeoOption.Lookup geo = GeoOption.open(o.all("geoip"), policy);
        FileBaselineStore store = FileBaselineStore.open(Path.of(state))) {
      BaselineLearner learner =
          new BaselineLearner(store, new BaselineHistory(policy.baselineHistory()), geo.networks());
      for (BaselineLearner.Learned l : learner.learn(read.commands())) {
        out.printf(
            "%s: learned %d command%s (%d already learned), baseline version %d%n",
            TerminalText.safe(l.scope()),
            l.learned(),
            l.learned() == 1 ? "" : "s",
            l.alreadyLearned(),
            l.version());
      }
    } catch (GeoDatabaseException e) {
      throw new UsageException("geo database failed: " + e.getMessage());
    }
    err.printf("runwatch: %s; baselines in %s%n", read.stats(), state);
    return errors[0] > 0 ? 1 : 0;
  }
}
