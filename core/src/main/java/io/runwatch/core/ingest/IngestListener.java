package io.runwatch.core.ingest;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;

/**
 * Receives what ingestion finds, record by record. Skips and errors go through {@link IngestStats}
 * so that nothing that arrived is silently dropped.
 */
public interface IngestListener {
  void command(AdminCommand command);

  default void status(AgentStatusEvent status) {}

  default void error(IngestError error) {}
}
