package io.runwatch.core.render;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.triage.Finding;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** Findings for the terminal, most severe first, each with its reasons underneath. */
public final class FindingTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private FindingTable() {}

  public static void print(List<Finding> findings, PrintStream out) {
    out.println("FINDINGS (" + findings.size() + "), most severe first");
    if (findings.isEmpty()) {
      out.println("  none");
      return;
    }
    for (Finding f : findings) {
      out.printf(
          "  %-13s %3d  %s  %-5s %-23s %s%s%n",
          f.severity(),
          f.score(),
          TIME.format(f.time()),
          f.command().cloud(),
          f.command().operation(),
          TerminalText.cell(f.command().principal().displayName(), 60),
          f.escalation() != null && f.escalation().escalate() ? "  ESCALATE" : "");
      for (DetectorHit h : f.hits()) {
        out.println(
            "      "
                + h.detectorId()
                + ": "
                + TerminalText.cell(SecretRedactor.redact(h.reason()), 160));
      }
      if (!f.actions().isEmpty()) {
        out.println(
            "      contain: "
                + f.actions().stream()
                    .map(
                        a ->
                            a.kind()
                                + (a.blocked() != null ? " (blocked: " + a.blocked() + ")" : ""))
                    .distinct()
                    .collect(Collectors.joining(", ")));
      }
    }
    out.println();
  }
}
