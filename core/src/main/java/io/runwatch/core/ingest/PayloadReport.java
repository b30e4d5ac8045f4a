package io.runwatch.core.ingest;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.OperationCompletion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything core found in one trigger payload (an EventBridge event, an SQS message, an Event Grid
 * event, a Pub/Sub message). A function invocation carries one payload, so holding the results in
 * memory is bounded by the trigger's own size limit.
 */
public final class PayloadReport implements IngestListener {
  /** Errors that mean the bytes themselves are broken: delivering them again cannot help. */
  private static final Set<ErrorKind> UNREADABLE_PAYLOAD =
      EnumSet.of(ErrorKind.MALFORMED_JSON, ErrorKind.NOT_STRICT_JSON, ErrorKind.TRUNCATED);

  // Shared by every invocation of a warm function: it holds only the immutable parser list.
  // A trigger delivers one event at a time, so checking every record fully costs nothing.
  private static final Ingestor INGESTOR = Ingestor.parsingEveryRecord();

  private final List<AdminCommand> commands = new ArrayList<>();
  private final List<AgentStatusEvent> statuses = new ArrayList<>();
  private final List<OperationCompletion> completions = new ArrayList<>();
  private final List<IdentityChange> identityChanges = new ArrayList<>();
  private final List<IngestError> errors = new ArrayList<>();
  private final IngestStats stats = new IngestStats();

  private PayloadReport() {}

  /** Reads {@code payload} as delivered by {@code source} (e.g. {@code eventbridge}). */
  public static PayloadReport read(String source, byte[] payload) {
    PayloadReport r = new PayloadReport();
    INGESTOR.ingest(source, payload == null ? new byte[0] : payload, r, r.stats);
    return r;
  }

  /** Whether the payload could not even be read as JSON: a poison message, not a transient. */
  public boolean isPoison() {
    return errors.stream().anyMatch(e -> UNREADABLE_PAYLOAD.contains(e.kind()));
  }

  public List<AdminCommand> commands() {
    return Collections.unmodifiableList(commands);
  }

  public List<AgentStatusEvent> statuses() {
    return Collections.unmodifiableList(statuses);
  }

  public List<OperationCompletion> completions() {
    return Collections.unmodifiableList(completions);
  }

  /** New keys, permission changes and sign-ins: context the detectors read. */
  public List<IdentityChange> identityChanges() {
    return Collections.unmodifiableList(identityChanges);
  }

  public List<IngestError> errors() {
    return Collections.unmodifiableList(errors);
  }

  public IngestStats stats() {
    return stats;
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
  public void identityChange(IdentityChange change) {
    identityChanges.add(change);
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
