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
            --format table|json  output: an aligned table (default) or one JSON object per line
            --threads N          files read in parallel (default: number of cores)
            --max-errors N       error lines printed on stderr (default 20; all are counted)
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
