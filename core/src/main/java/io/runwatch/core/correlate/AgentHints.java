package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import java.util.List;
import java.util.Locale;

/**
 * A cheap test run on every process start before the catalog's regexes: almost all host activity is
 * ordinary (cron, shells, services) and must cost a few substring checks, not a dozen regex
 * searches. Every mechanism's positive examples must pass it; {@code AgentHintsTest} checks that
 * against the catalog's example file, so a new mechanism cannot be silently filtered out.
 */
final class AgentHints {
  private static final List<String> HINTS =
      List.of(
          "ssm", // amazon-ssm-agent, ssm-document-worker, ssm-session-worker, ssm-user, \SSM\
          "amazon",
          "waagent",
          "walinuxagent",
          "runcommand",
          "run-command",
          "customscript",
          "custom-script",
          "osconfig",
          "google_",
          "gcemetadata",
          "metadata_script",
          "metadata-script");

  private AgentHints() {}

  static boolean mayBeAgentWork(HostExecution e) {
    return hinted(e.commandLine())
        || hinted(e.image())
        || hinted(e.parentImage())
        || hinted(e.parentCommandLine())
        || hinted(e.user())
        || hinted(e.currentDirectory());
  }

  private static boolean hinted(String field) {
    if (field == null || field.isEmpty()) {
      return false;
    }
    String s = field.toLowerCase(Locale.ROOT);
    for (String h : HINTS) {
      if (s.contains(h)) {
        return true;
      }
    }
    return false;
  }
}
