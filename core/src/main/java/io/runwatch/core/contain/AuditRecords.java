package io.runwatch.core.contain;

import io.runwatch.core.port.AuditLog.AuditRecord;
import io.runwatch.core.render.SecretRedactor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the audit record of an attempt: who, what, the decision, and in {@code details} the
 * parameters, the plan id and every change and outcome as one line each. Parameter values go
 * through {@link SecretRedactor}: an explicit action's parameters are the caller's free input.
 */
final class AuditRecords {
  /** Beyond this many changes the details say how many more there were. */
  static final int MAX_LINES = 50;

  private AuditRecords() {}

  static AuditRecord of(
      String id,
      Instant time,
      Caller caller,
      String action,
      Mode mode,
      Decision decision,
      String findingId,
      String reason,
      Attempt attempt) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("via", caller.via());
    d.put("callerVerified", Boolean.toString(caller.verified()));
    if (attempt.action() != null) {
      attempt
          .action()
          .parameters()
          .forEach((k, v) -> d.put("param." + k, SecretRedactor.redact(v)));
    }
    if (attempt.planId() != null) {
      d.put("planId", attempt.planId());
    }
    if (attempt.confirm() != null) {
      d.put("confirm", attempt.confirm());
    }
    if (attempt.plan() != null) {
      d.put("direction", attempt.plan().direction().name());
      lines(d, "change.", attempt.plan().changes().stream().map(Change::summary).toList());
    }
    if (attempt.result() != null) {
      lines(
          d,
          "outcome.",
          attempt.result().outcomes().stream()
              .map(
                  o ->
                      o.status()
                          + " "
                          + o.change().api()
                          + " "
                          + o.change().resource()
                          + (o.detail() == null ? "" : " " + o.detail()))
              .toList());
    }
    if (attempt.failure() != null) {
      d.put("failure", attempt.failure().text());
    }
    return new AuditRecord(
        id,
        time,
        caller.id(),
        action,
        mode == null ? "UNKNOWN" : mode.name(),
        decision.name(),
        findingId,
        reason,
        d);
  }

  private static void lines(Map<String, String> d, String prefix, List<String> lines) {
    for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
      d.put(prefix + i, lines.get(i));
    }
    if (lines.size() > MAX_LINES) {
      d.put(prefix + "more", Integer.toString(lines.size() - MAX_LINES));
    }
  }
}
