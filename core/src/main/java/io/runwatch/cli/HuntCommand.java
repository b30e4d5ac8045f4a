package io.runwatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.FileBaselineStore;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationSettings;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.HostMap;
import io.runwatch.core.correlate.MechanismCatalog;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.geo.GeoDatabaseException;
import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.hunt.HuntSources;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PolicyLoader;
import io.runwatch.core.render.CommandJson;
import io.runwatch.core.render.CommandTable;
import io.runwatch.core.render.CorrelationJson;
import io.runwatch.core.render.CorrelationTables;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.render.FindingTable;
import io.runwatch.core.render.HtmlReport;
import io.runwatch.core.render.OcsfDetectionFinding;
import io.runwatch.core.render.TerminalText;
import io.runwatch.core.telemetry.TelemetryReader;
import io.runwatch.core.triage.DetectionPipeline;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** {@code runwatch hunt}: admin commands found in exported logs, as a table or JSON lines. */
final class HuntCommand {
  private final PrintStream out;
  private final PrintStream err;

  HuntCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    Options o =
        new Options(
            args,
            Set.of(
                "format",
                "threads",
                "max-errors",
                "telemetry",
                "host-map",
                "clock-skew",
                "policy",
                "state",
                "learn-until",
                "report",
                "geoip"));
    String format = o.get("format", "table");
    if (!Set.of("table", "json", "ocsf").contains(format)) {
      throw new UsageException("--format is table, json or ocsf, not '" + format + "'");
    }
    Policy policy = policy(o.get("policy", null));
    GeoOption.open(o.all("geoip"), policy).close(); // a bad database fails before the long read
    Instant learnUntil = instant("learn-until", o.get("learn-until", null));
    int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    int maxErrors = o.intValue("max-errors", 20, 0);
    Duration skew = duration("clock-skew", o.get("clock-skew", "5m"));
    if (o.positional().isEmpty() && o.all("telemetry").isEmpty()) {
      throw new UsageException("hunt needs at least one file or folder");
    }
    List<Path> paths = existing(o.positional());
    List<Hunt.Source> sources = new ArrayList<>(HuntSources.sources(paths));
    List<Path> telemetryFolders = new ArrayList<>();
    for (String t : o.all("telemetry")) {
      sources.addAll(telemetrySources(t, telemetryFolders));
    }
    HostMap hosts = hostMap(o.all("host-map"), paths, telemetryFolders);
    AtomicLong printedErrors = new AtomicLong();
    Correlator correlator =
        new Correlator(
            MechanismCatalog.load(),
            new CorrelationSettings(skew, CorrelationSettings.DEFAULTS.lateness()));
    Hunt hunt = new Hunt(new Ingestor(), new TelemetryReader(), threads);
    Hunt.Result result;
    try (Progress progress = Progress.start(err, hunt)) {
      result =
          hunt.run(
              sources,
              hosts,
              correlator,
              Instant.now(),
              e -> printError(e, printedErrors, maxErrors));
    }
    Map<AdminCommand, CommandCorrelation> correlations = correlationsByCommand(result);
    DetectionPipeline.Result judged;
    try (GeoOption.Lookup geo = GeoOption.open(o.all("geoip"), policy)) {
      judged =
          new DetectionPipeline(
                  Detectors.all(), policy, new Triage(correlator.catalog()), geo.networks())
              .run(
                  result.commands(),
                  correlations,
                  result.correlation() == null ? List.of() : result.correlation().orphans(),
                  result.identityChanges(),
                  result.statuses(),
                  baselines(o.get("state", null), result.commands()),
                  learnUntil,
                  Instant.now());
    } catch (GeoDatabaseException e) {
      throw new UsageException("geo database failed: " + e.getMessage());
    }
    switch (format) {
      case "json" -> printJson(result, judged.findings());
      case "ocsf" -> printOcsf(judged.findings());
      default -> {
        FindingTable.print(judged.findings(), out);
        printTable(result);
      }
    }
    out.flush();
    String report = o.get("report", null);
    if (report != null) {
      writeReport(Path.of(report), judged.findings(), result.commands(), correlations);
    }
    err.printf(
        "runwatch: judged %d command%s%s: %s%n",
        judged.judged(),
        judged.judged() == 1 ? "" : "s",
        learnUntil == null ? "" : " after " + learnUntil + " (the rest were learned)",
        findingSummary(judged.findings()));
    long errors = result.stats().errors() + result.telemetryStats().errors();
    summarize(result, Math.min(printedErrors.get(), maxErrors), errors);
    return errors > 0 ? 1 : 0;
  }

  private static List<Path> existing(List<String> names) {
    List<Path> paths = names.stream().map(Path::of).toList();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UsageException("no such file or folder: " + p);
      }
    }
    return paths;
  }

  /** {@code PATH} or {@code HOST=PATH} (the host of records that name none). */
  private static List<Hunt.Source> telemetrySources(String arg, List<Path> folders) {
    String host = null;
    String path = arg;
    int eq = arg.indexOf('=');
    if (eq > 0 && arg.substring(0, eq).indexOf('/') < 0 && arg.substring(0, eq).indexOf('\\') < 0) {
      host = arg.substring(0, eq);
      path = arg.substring(eq + 1);
    }
    Path p = existing(List.of(path)).get(0);
    List<Hunt.Source> out = new ArrayList<>();
    if (Files.isDirectory(p)) {
      folders.add(p);
      for (Path f : HuntSources.expand(List.of(p))) {
        out.add(new Hunt.Source(f, true, host));
      }
    } else {
      out.add(new Hunt.Source(p, true, host));
    }
    return out;
  }

  private static HostMap hostMap(List<String> explicit, List<Path> paths, List<Path> folders) {
    HostMap map = HostMap.empty();
    List<Path> files = new ArrayList<>(HuntSources.hostMaps(paths));
    files.addAll(HuntSources.hostMaps(folders));
    files.addAll(existing(explicit));
    for (Path f : files) {
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        map.read(in, f.toString());
      } catch (IOException e) {
        throw new UsageException("cannot read host map " + f + ": " + e.getMessage());
      } catch (HostMap.HostMapException e) {
        throw new UsageException("bad host map: " + e.getMessage());
      }
    }
    return map;
  }

  static Duration duration(String option, String value) {
    var m = java.util.regex.Pattern.compile("(\\d+)([smh])").matcher(value.strip());
    if (!m.matches()) {
      throw new UsageException(
          "--" + option + " takes a duration like 90s, 5m or 1h, not '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private void printError(IngestError e, AtomicLong printed, int max) {
    if (printed.getAndIncrement() < max) {
      err.println("runwatch: " + TerminalText.safe(e.toString()));
    }
  }

  private static Map<AdminCommand, CommandCorrelation> correlationsByCommand(Hunt.Result r) {
    Map<AdminCommand, CommandCorrelation> byCommand = new IdentityHashMap<>();
    if (r.correlation() != null) {
      for (CommandCorrelation cc : r.correlation().commands()) {
        byCommand.put(cc.command(), cc);
      }
    }
    return byCommand;
  }

  static Policy policy(String file) {
    if (file == null) {
      return Policy.defaults();
    }
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      throw new UsageException("no such policy file: " + file);
    }
    try {
      return PolicyLoader.load(
          p,
          Detectors.all().stream().map(d -> d.id()).collect(java.util.stream.Collectors.toSet()));
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad policy: " + e.getMessage());
    }
  }

  /** The stored baselines of the scopes these commands belong to (none without --state). */
  private static Map<String, Baseline> baselines(String state, List<AdminCommand> commands) {
    Map<String, Baseline> out = new java.util.HashMap<>();
    if (state == null) {
      return out;
    }
    try (FileBaselineStore store = FileBaselineStore.open(Path.of(state))) {
      for (AdminCommand c : commands) {
        String scope = Baseline.scopeOf(c);
        if (!out.containsKey(scope)) {
          store.load(scope).ifPresent(v -> out.put(scope, v.baseline()));
        }
      }
    } catch (RuntimeException e) {
      throw new UsageException("cannot read baselines in " + state + ": " + e.getMessage());
    }
    return out;
  }

  static Instant instant(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10
          ? java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageException(
          "--" + option + " takes a date (2026-11-18) or a UTC time (2026-11-18T03:00:00Z)");
    }
  }

  private static String findingSummary(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "no findings";
    }
    Map<Severity, Long> bySeverity = new java.util.EnumMap<>(Severity.class);
    findings.forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    for (Severity sev : List.of(Severity.values()).reversed()) {
      if (bySeverity.containsKey(sev)) {
        parts.add(bySeverity.get(sev) + " " + sev.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    long escalated =
        findings.stream().filter(f -> f.escalation() != null && f.escalation().escalate()).count();
    return findings.size()
        + " finding"
        + (findings.size() == 1 ? "" : "s")
        + " ("
        + String.join(", ", parts)
        + "), "
        + escalated
        + " to escalate";
  }

  private void printOcsf(List<Finding> findings) {
    try {
      JsonGenerator g = new JsonFactory().createGenerator(out);
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (Finding f : findings) {
        OcsfDetectionFinding.write(g, f);
      }
      g.flush();
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeReport(
      Path file,
      List<Finding> findings,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> correlations) {
    try (var o = Files.newOutputStream(file)) {
      new HtmlReport().write(findings, commands, correlations.isEmpty() ? null : correlations, o);
      err.println("runwatch: wrote the report " + file);
    } catch (IOException e) {
      throw new UsageException("cannot write the report " + file + ": " + e.getMessage());
    }
  }

  private void printJson(Hunt.Result r, List<Finding> findings) {
    try {
      JsonGenerator g = new JsonFactory().createGenerator(out);
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (Finding f : findings) {
        FindingJson.write(g, f);
      }
      List<CommandCorrelation> correlations =
          r.correlation() == null ? null : r.correlation().commands();
      for (int i = 0; i < r.commands().size(); i++) {
        g.writeStartObject();
        g.writeStringField("type", "command");
        CommandJson.writeFields(g, r.commands().get(i));
        if (correlations != null) {
          CorrelationJson.writeFields(g, correlations.get(i));
        }
        g.writeEndObject();
      }
      if (r.correlation() != null) {
        for (OrphanExecution orphan : r.correlation().orphans()) {
          CorrelationJson.writeOrphan(g, orphan);
        }
        for (Correlator.CoverageLine line : r.correlation().coverage()) {
          CorrelationJson.writeCoverage(g, line, r.telemetryIndex().unmappedHosts());
        }
      }
      g.flush();
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void printTable(Hunt.Result r) {
    if (r.correlation() == null) {
      CommandTable.print(r.commands(), out);
      return;
    }
    Map<AdminCommand, CommandCorrelation> byCommand = new IdentityHashMap<>();
    for (CommandCorrelation cc : r.correlation().commands()) {
      byCommand.put(cc.command(), cc);
    }
    CommandTable.print(
        r.commands(), "IN THE GUEST", c -> CorrelationTables.summary(byCommand.get(c)), out);
    CorrelationTables.printOrphans(r.correlation().orphans(), out);
    CorrelationTables.printCoverage(
        r.correlation().coverage(), r.telemetryIndex().unmappedHosts(), out);
  }

  private void summarize(Hunt.Result r, long errorsShown, long errors) {
    err.printf(
        "runwatch: %s; %d admin command%s (%d duplicate record%s dropped, %d folded into their"
            + " operation); %d agent status event%s%n",
        r.stats(),
        r.commands().size(),
        r.commands().size() == 1 ? "" : "s",
        r.duplicates(),
        r.duplicates() == 1 ? "" : "s",
        r.folded(),
        r.statuses().size(),
        r.statuses().size() == 1 ? "" : "s");
    if (r.unmatchedCompletions() > 0) {
      err.printf(
          "runwatch: %d operation end%s matched no admin command (their start changed no script)%n",
          r.unmatchedCompletions(), r.unmatchedCompletions() == 1 ? "" : "s");
    }
    if (r.telemetryStats().sources() > 0) {
      int orphans = r.correlation().orphans().size();
      err.printf(
          "runwatch: %s; %d orphan execution%s%n",
          r.telemetryStats(), orphans, orphans == 1 ? "" : "s");
    }
    if (errorsShown < errors) {
      err.printf(
          "runwatch: %d more error%s not shown (--max-errors)%n",
          errors - errorsShown, errors - errorsShown == 1 ? "" : "s");
    }
  }
}
