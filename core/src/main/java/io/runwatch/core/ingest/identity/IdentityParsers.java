package io.runwatch.core.ingest.identity;

import io.runwatch.core.ingest.RecordParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity-change parsers, one per cloud. The ingestor hands a record to the first parser that
 * accepts it, so these go before the command parsers: each accepts only records naming one of its
 * identity operations (which no command parser reports), and leaves everything else to the parsers
 * after it.
 */
public final class IdentityParsers {
  private IdentityParsers() {}

  public static List<RecordParser> all() {
    return List.of(
        new CloudTrailIdentityParser(), new AzureIdentityParser(), new GcpIdentityParser());
  }

  /** The identity parsers followed by {@code others}. */
  public static List<RecordParser> first(RecordParser... others) {
    List<RecordParser> parsers = new ArrayList<>(all());
    parsers.addAll(List.of(others));
    return List.copyOf(parsers);
  }
}
