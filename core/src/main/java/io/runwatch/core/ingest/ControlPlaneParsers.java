package io.runwatch.core.ingest;

import io.runwatch.core.ingest.agent.AgentReportParser;
import io.runwatch.core.ingest.aws.CloudTrailParser;
import io.runwatch.core.ingest.azure.AzureActivityParser;
import io.runwatch.core.ingest.gcp.GcpAuditLogParser;
import io.runwatch.core.ingest.identity.IdentityParsers;
import java.util.List;

/** The parsers every ingestion path uses: identity changes, admin commands, agent reports. */
public final class ControlPlaneParsers {
  private ControlPlaneParsers() {}

  public static List<RecordParser> all() {
    // Identity parsers first: they accept only identity operations, and must see those records
    // before the command parsers (which would skip them as irrelevant).
    return IdentityParsers.first(
        new CloudTrailParser(),
        new AzureActivityParser(),
        new GcpAuditLogParser(),
        new AgentReportParser());
  }
}
