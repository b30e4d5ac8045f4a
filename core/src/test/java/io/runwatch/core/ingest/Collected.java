package io.runwatch.core.ingest;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.OperationCompletion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: everything one ingestion reported, with its stats. */
public final class Collected implements IngestListener {
  public final List<AdminCommand> commands = new ArrayList<>();
  public final List<AgentStatusEvent> statuses = new ArrayList<>();
  public final List<OperationCompletion> completions = new ArrayList<>();
  public final List<IngestError> errors = new ArrayList<>();
  public final IngestStats stats = new IngestStats();

  @Override
  public synchronized void command(AdminCommand command) {
    commands.add(command);
  }

  @Override
  public synchronized void status(AgentStatusEvent status) {
    statuses.add(status);
  }

  @Override
  public synchronized void completion(OperationCompletion completion) {
    completions.add(completion);
  }

  @Override
  public synchronized void error(IngestError error) {
    errors.add(error);
  }

  public static Collected ingest(String json) {
    return ingest("test", json.getBytes(StandardCharsets.UTF_8));
  }

  public static Collected ingest(String source, byte[] bytes) {
    Collected c = new Collected();
    new Ingestor().ingest(source, bytes, c, c.stats);
    return c;
  }

  /** As {@link #ingest(String, byte[])}, parsing every record as the functions do. */
  public static Collected ingestParsingEveryRecord(String source, byte[] bytes) {
    Collected c = new Collected();
    Ingestor.parsingEveryRecord().ingest(source, bytes, c, c.stats);
    return c;
  }

  public static Collected ingest(String source, InputStream in) {
    Collected c = new Collected();
    new Ingestor().ingest(source, in, c, c.stats);
    return c;
  }

  public static Collected ingestFile(Path file) {
    try {
      return ingest(file.getFileName().toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record read lands in exactly one bucket: nothing vanishes. */
  public boolean accountsForEveryRecord() {
    return stats.records() == stats.relevant() + stats.skipped() + stats.errors();
  }
}
