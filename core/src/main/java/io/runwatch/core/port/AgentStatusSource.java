package io.runwatch.core.port;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import java.util.List;

/**
 * Port: what the cloud's agent service says about a command's invocations, asked directly (SSM
 * {@code ListCommandInvocations}) rather than waiting for status events. It names the VMs a
 * tag-targeted command reached, which the API call itself does not, so their telemetry can be
 * queried at all. Never throws: an answer that cannot be had is an empty list.
 */
@FunctionalInterface
public interface AgentStatusSource {
  AgentStatusSource NONE = command -> List.of();

  List<AgentStatusEvent> statusesOf(AdminCommand command);
}
