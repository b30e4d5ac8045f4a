package io.runwatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.hunt.HuntSources;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.render.CommandJson;
import io.runwatch.core.render.CommandTable;
import io.runwatch.core.render.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Options o = new Options(args, Set.of("format", "threads", "max-errors"));
    String format = o.get("format", "table");
    if (!format.equals("table") && !format.equals("json")) {
      throw new UsageException("--format is table or json, not '" + format + "'");
    }
    int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    int maxErrors = o.intValue("max-errors", 20, 0);
    if (o.positional().isEmpty()) {
      throw new UsageException("hunt needs at least one file or folder");
    }
    List<Path> paths = o.positional().stream().map(Path::of).toList();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UsageException("no such file or folder: " + p);
      }
    }
    List<Path> files = HuntSources.expand(paths);
    AtomicLong printedErrors = new AtomicLong();
    Hunt.Result result =
        new Hunt(new Ingestor(), threads).run(files, e -> printError(e, printedErrors, maxErrors));
    if (format.equals("json")) {
      printJson(result.commands());
    } else {
      CommandTable.print(result.commands(), out);
    }
    out.flush();
    summarize(result, Math.min(printedErrors.get(), maxErrors));
    return result.stats().errors() > 0 ? 1 : 0;
  }

  private void printError(IngestError e, AtomicLong printed, int max) {
    if (printed.getAndIncrement() < max) {
      err.println("runwatch: " + TerminalText.safe(e.toString()));
    }
  }

  private void printJson(List<AdminCommand> commands) {
    try {
      JsonGenerator g = new JsonFactory().createGenerator(out);
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (AdminCommand c : commands) {
        CommandJson.write(g, c);
      }
      g.flush();
      if (!commands.isEmpty()) {
        out.println();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void summarize(Hunt.Result r, long errorsShown) {
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
    if (errorsShown < r.stats().errors()) {
      err.printf(
          "runwatch: %d more error%s not shown (--max-errors)%n",
          r.stats().errors() - errorsShown, r.stats().errors() - errorsShown == 1 ? "" : "s");
    }
  }
}
