package io.runwatch.core.telemetry;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.RecordRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads telemetry sources: picks the parser from the source's first bytes, counts what it reads,
 * and turns a failing stream into a located error instead of an exception.
 */
public final class TelemetryReader {
  /** How much of a source is shown to the parsers to recognize it. */
  public static final int HEAD_BYTES = 8192;

  private final List<TelemetryParser> parsers;

  public TelemetryReader(List<TelemetryParser> parsers) {
    this.parsers = List.copyOf(parsers);
  }

  public TelemetryReader() {
    this(TelemetryParsers.all());
  }

  /** The parser that recognizes a source beginning with {@code head}, if any. */
  public Optional<TelemetryParser> detect(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    for (TelemetryParser p : parsers) {
      if (p.recognizes(text)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Parses one (already decompressed) source with {@code parser}; never throws. */
  public void read(
      TelemetryParser parser,
      String source,
      InputStream in,
      String defaultHost,
      TelemetryListener out,
      TelemetryStats stats) {
    stats.countSource();
    TelemetryListener counting =
        new TelemetryListener() {
          @Override
          public void execution(HostExecution execution) {
            stats.countExecution();
            out.execution(execution);
          }

          @Override
          public void heard(String host, Instant time) {
            out.heard(host, time);
          }

          @Override
          public void error(IngestError error) {
            stats.countError();
            out.error(error);
          }
        };
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    try {
      stats.countRecords(parser.parse(reader, source, defaultHost, counting));
    } catch (IOException e) {
      stats.countRecords(1);
      counting.error(
          new IngestError(
              new RecordRef(source, -1, -1),
              ErrorKind.UNREADABLE_SOURCE,
              null,
              "read failed: " + e.getMessage()));
    }
  }
}
