package io.runwatch.core.ingest;

import io.runwatch.core.ingest.aws.CloudTrailParser;
import io.runwatch.core.ingest.azure.AzureActivityParser;
import io.runwatch.core.ingest.gcp.GcpAuditLogParser;
import io.runwatch.core.ingest.identity.IdentityParsers;
import java.util.List;

/** The parsers every ingestion path uses, one per cloud. */
public final class ControlPlaneParsers {
  private ControlPlaneParsers() {}

  public static List<RecordParser> all() {
    return IdentityParsers.first(
        new CloudTrailParser(), new AzureActivityParser(), new GcpAuditLogParser());
  }
}
