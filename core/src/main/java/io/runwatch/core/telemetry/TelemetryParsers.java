package io.runwatch.core.telemetry;

import io.runwatch.core.telemetry.auditd.AuditdParser;
import io.runwatch.core.telemetry.defender.DefenderProcessParser;
import io.runwatch.core.telemetry.osquery.OsqueryParser;
import io.runwatch.core.telemetry.sysmon.SysmonParser;
import java.util.List;

/** The telemetry parsers every path uses, one per format family. */
public final class TelemetryParsers {
  private TelemetryParsers() {}

  public static List<TelemetryParser> all() {
    return List.of(
        new SysmonParser(), new AuditdParser(), new OsqueryParser(), new DefenderProcessParser());
  }
}
