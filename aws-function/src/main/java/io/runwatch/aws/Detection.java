package io.runwatch.aws;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.OperationCompletion;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything core found in one trigger payload. A Lambda invocation carries one event (or one SQS
 * message), so holding the results in memory is bounded by the trigger's own size limit.
 */
final class Detection implements IngestListener {
  /** Errors that mean the bytes themselves are broken: delivering them again cannot help. */
  private static final Set<ErrorKind> UNREADABLE_PAYLOAD =
      EnumSet.of(ErrorKind.MALFORMED_JSON, ErrorKind.NOT_STRICT_JSON, ErrorKind.TRUNCATED);

  // One instance serves every invocation: it holds only the immutable parser list.
  private static final Ingestor INGESTOR = new Ingestor();

  final List<AdminCommand> commands = new ArrayList<>();
  final List<AgentStatusEvent> statuses = new ArrayList<>();
  final List<OperationCompletion> completions = new ArrayList<>();
  final List<IngestError> errors = new ArrayList<>();
  final IngestStats stats = new IngestStats();

  private Detection() {}

  /** Reads {@code payload} as delivered by {@code source} (e.g. {@code eventbridge}). */
  static Detection of(String source, byte[] payload) {
    Detection d = new Detection();
    INGESTOR.ingest(source, payload, d, d.stats);
    return d;
  }

  /** Whether the payload could not even be read as JSON (a poison message, not a transient). */
  boolean isPoison() {
    return errors.stream().anyMatch(e -> UNREADABLE_PAYLOAD.contains(e.kind()));
  }

  @Override
  public void command(AdminCommand command) {
    commands.add(command);
  }

  @Override
  public void status(AgentStatusEvent status) {
    statuses.add(status);
  }

  @Override
  public void completion(OperationCompletion completion) {
    completions.add(completion);
  }

  @Override
  public void error(IngestError error) {
    errors.add(error);
  }
}
