package io.runwatch.core.ingest.identity;

import io.runwatch.core.ingest.Fixtures;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.IdentityChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helper: what ingestion reported, identity changes included. */
final class Heard implements IngestListener {
  final List<AdminCommand> commands = new ArrayList<>();
  final List<IdentityChange> changes = new ArrayList<>();
  final List<IngestError> errors = new ArrayList<>();
  final IngestStats stats = new IngestStats();

  @Override
  public void command(AdminCommand command) {
    commands.add(command);
  }

  @Override
  public void identityChange(IdentityChange change) {
    changes.add(change);
  }

  @Override
  public void error(IngestError error) {
    errors.add(error);
  }

  /** Everything the default ingestor reports for {@code json}. */
  static Heard ingest(String json) {
    Heard h = new Heard();
    new Ingestor().ingest("test", json.getBytes(StandardCharsets.UTF_8), h, h.stats);
    return h;
  }

  /** Everything the default ingestor reports for fixture {@code events/identity/<name>}. */
  static Heard fixture(String name) {
    try {
      Heard h = new Heard();
      new Ingestor().ingest(name, Files.readAllBytes(Fixtures.event("identity", name)), h, h.stats);
      return h;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A parser that counts how often the ingestor asked it to recognize a record. */
  static final class Counting implements RecordParser {
    final RecordParser inner;
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();

    Counting(RecordParser inner) {
      this.inner = inner;
    }

    @Override
    public io.runwatch.core.model.Cloud cloud() {
      return inner.cloud();
    }

    @Override
    public List<java.util.Set<String>> candidateTokens() {
      return inner.candidateTokens();
    }

    @Override
    public boolean mayBeRelevant(String latin1) {
      return inner.mayBeRelevant(latin1);
    }

    @Override
    public boolean accepts(com.fasterxml.jackson.databind.JsonNode record) {
      asked.incrementAndGet();
      boolean yes = inner.accepts(record);
      if (yes) {
        accepted.incrementAndGet();
      }
      return yes;
    }

    @Override
    public int parse(
        com.fasterxml.jackson.databind.JsonNode record,
        io.runwatch.core.model.RecordRef where,
        IngestListener out)
        throws io.runwatch.core.ingest.InvalidRecordException {
      return inner.parse(record, where, out);
    }

    @Override
    public List<io.runwatch.core.ingest.FieldMapping> fieldTable() {
      return inner.fieldTable();
    }
  }
}
