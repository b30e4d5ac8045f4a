package io.runwatch.core.ingest;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.OperationCompletion;

/**
 * Receives what ingestion finds, record by record. Skips and errors go through {@link IngestStats}
 * so that nothing that arrived is silently dropped.
 */
public interface IngestListener {
  void command(AdminCommand command);

  default void status(AgentStatusEvent status) {}

  /** A change to an identity (new key, new permission), context for the detectors. */
  default void identityChange(IdentityChange change) {}

  /** The end of an operation whose start is (or will be) reported as a command. */
  default void completion(OperationCompletion completion) {}

  default void error(IngestError error) {}
}
