package io.runwatch.core.telemetry;

import io.runwatch.core.model.TelemetryFormat;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads one host-telemetry format, streaming: one line (or one multi-line event) at a time, never
 * the whole file as a tree.
 *
 * <p>Bad content never throws: a malformed record becomes an {@link
 * io.runwatch.core.ingest.IngestError} naming the source, the record's position and the field, and
 * reading goes on with the next record. Records of other kinds (not process creation) are reported
 * with {@link TelemetryListener#heard} so that coverage can be judged.
 */
public interface TelemetryParser {
  TelemetryFormat format();

  /**
   * Whether this parser reads a source that starts with {@code head} (its first few KB, decoded as
   * UTF-8). Detection must be specific enough that no two parsers claim the same source.
   */
  boolean recognizes(String head);

  /**
   * Parses the whole source.
   *
   * @param source the source's name for error locations (a file path)
   * @param defaultHost the host to attribute records that name none (e.g. an audit.log without
   *     {@code node=}), or {@code null}: such records are then reported as errors
   * @return how many records were read (process starts, other records and errors together)
   */
  long parse(BufferedReader in, String source, String defaultHost, TelemetryListener out)
      throws IOException;
}
