package io.runwatch.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code runwatch}: the command-line entry point over core. */
public final class Main {
  static final String USAGE =
      """
      usage: runwatch <command> [options]

      commands:
        hunt [options] PATH...   list the admin commands in exported cloud logs
                                 (files or folders; .json, .jsonl, .json.gz; CloudTrail,
                                 EventBridge, Azure Activity Log / Event Grid, GCP audit logs)
            --format table|json|ocsf  output: findings and commands as a table (default), JSON
                                 lines (commands, findings, orphans, coverage) or OCSF
                                 Detection Findings (class 2004), one per line
            --threads N          files read in parallel (default: number of cores)
            --max-errors N       error lines printed on stderr (default 20; all are counted)
            --telemetry [HOST=]PATH  host telemetry (Sysmon, auditd, osquery, Defender); repeatable
            --host-map FILE      telemetry host -> VM id inventory (CSV host,vm[,account])
            --clock-skew 5m      tolerated clock difference between hosts and the control plane
            --policy FILE        admins, approved automation, maintenance windows (YAML)
            --state DIR          judge against the baselines learned into DIR (runwatch learn)
            --learn-until TIME   learn from commands up to TIME, judge only the later ones
            --report FILE.html   also write a self-contained HTML report
            --geoip FILE         a MaxMind DB (GeoLite2/GeoIP2 Country or City, and ASN): judge
                                 new countries and ASNs per principal; repeatable (one of each);
                                 replaces the policy's geo.databases
        learn --state DIR PATH...  learn the admin commands in PATH into baselines under DIR
            --policy FILE        the baseline history window (baselineHistory) and geo databases
            --geoip FILE         remember countries and ASNs (as for hunt); repeatable
        fields [aws|azure|gcp]   print each parser's field table (raw field -> model field)
        bench [options]          measure hunt throughput on a generated CloudTrail corpus
            --size-mb N          corpus size, uncompressed (default 1024)
            --dir DIR            where to write the corpus (default: a temporary folder)
        help                     this text

      exit status: 0 ok, 1 some records could not be read (see stderr), 2 usage error
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "hunt" -> new HuntCommand(out, err).run(rest);
        case "learn" -> new LearnCommand(out, err).run(rest);
        case "fields" -> FieldsCommand.run(rest, out);
        case "bench" -> new BenchCommand(out, err).run(rest);
        case "help", "-h", "--help" -> {
          out.print(USAGE);
          yield 0;
        }
        default -> throw new UsageException("unknown command: " + args[0]);
      };
    } catch (UsageException e) {
      err.println("runwatch: " + e.getMessage());
      err.println("run 'runwatch help' for usage");
      return 2;
    }
  }
}
