package io.runwatch.core.render;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.OrphanExecution;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The correlation parts of the hunt table: a per-command summary, orphans, coverage. */
public final class CorrelationTables {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private CorrelationTables() {}

  /** "4 confirmed, 1 not observed, 1 blind spot" (or the reason there is no outcome). */
  public static String summary(CommandCorrelation cc) {
    if (cc == null) {
      return null;
    }
    if (cc.targets().isEmpty()) {
      return "n/a";
    }
    List<String> parts = new ArrayList<>();
    for (CorrelationStatus s : CorrelationStatus.values()) {
      long n = cc.count(s);
      if (n > 0) {
        parts.add(n + " " + s.name().toLowerCase().replace('_', ' '));
      }
    }
    boolean unsettled = cc.targets().stream().anyMatch(t -> !t.settled());
    return String.join(", ", parts) + (unsettled ? " (pending)" : "");
  }

  public static void printOrphans(List<OrphanExecution> orphans, PrintStream out) {
    if (orphans.isEmpty()) {
      return;
    }
    out.println();
    out.println("ORPHAN EXECUTIONS: agent-spawned, with no control-plane record");
    for (OrphanExecution o : orphans) {
      Evidence first = o.evidence().get(0);
      out.println(
          "  "
              + TIME.format(first.execution().time())
              + "  "
              + TerminalText.safe(o.vm() != null ? o.vm() : o.host())
              + "  "
              + o.mechanismId()
              + (o.commandId() != null ? "  command " + TerminalText.safe(o.commandId()) : "")
              + "  "
              + TerminalText.cell(SecretRedactor.redact(first.execution().commandLine()), 100)
              + (first.children().isEmpty() ? "" : "  (+" + first.children().size() + " child)"));
    }
  }

  public static void printCoverage(
      List<Correlator.CoverageLine> lines, Collection<String> unmappedHosts, PrintStream out) {
    out.println();
    out.println("TELEMETRY COVERAGE of the commands' targets");
    for (Correlator.CoverageLine c : lines) {
      out.printf(
          "  %-5s %-36s targets %d: confirmed %d, agent-reported %d, not observed %d, blind %d%s%n",
          c.cloud(),
          TerminalText.cell(c.account(), 36),
          c.targets(),
          c.confirmed(),
          c.agentReported(),
          c.notObserved(),
          c.blindSpots(),
          c.blindVms().isEmpty()
              ? ""
              : "  (no telemetry: " + TerminalText.safe(String.join(", ", c.blindVms())) + ")");
    }
    if (!unmappedHosts.isEmpty()) {
      out.println(
          "  hosts with telemetry but no VM id (add them to a host map): "
              + TerminalText.safe(String.join(", ", unmappedHosts)));
    }
  }
}
