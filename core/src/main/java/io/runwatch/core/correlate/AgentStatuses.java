package io.runwatch.core.correlate;

import java.util.Locale;
import java.util.Set;

/** Which of the clouds' agent statuses mean the agent actually ran something. */
final class AgentStatuses {
  // SSM command invocation statuses: Success and Failed (non-zero exit) and TimedOut (execution
  // timed out) mean the plugin ran; Pending, Delayed, Undeliverable, Cancelled, Terminated and
  // Delivery Timed Out mean it may never have started.
  private static final Set<String> RAN =
      Set.of(
          "success", "succeeded", "failed", "timedout", "timed out", "inprogress", "in progress");

  private AgentStatuses() {}

  static boolean saysItRan(String status) {
    return RAN.contains(status.strip().toLowerCase(Locale.ROOT));
  }
}
