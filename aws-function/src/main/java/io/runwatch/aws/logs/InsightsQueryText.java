package io.runwatch.aws.logs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Logs Insights query that selects one VM's telemetry. The CloudWatch agent names the host in
 * the log stream (commonly the instance id, {@code {instance_id}} in the agent's config, or the
 * host name, {@code {hostname}}) and the telemetry itself names it in the message (Sysmon's {@code
 * Computer}, auditd's {@code node=}, osquery's {@code hostIdentifier}), so the query keeps rows
 * whose {@code @logStream} or {@code @message} holds one of the VM's names as a whole word:
 *
 * <pre>
 * fields @timestamp, @message, @logStream, @log
 * | filter @logStream like /(^|[^A-Za-z0-9])(?:i\-0d4e...)($|[^A-Za-z0-9])/
 *     or @message like /(^|[^A-Za-z0-9])(?:i\-0d4e...)($|[^A-Za-z0-9])/
 * | sort @timestamp asc
 * | limit 10000
 * </pre>
 *
 * <p>Names are checked before they reach the query (a VM id must look like an EC2 instance or SSM
 * managed node id, a host name like a DNS name) and every character but letters and digits is
 * escaped, so no name can change the query. The word boundaries keep {@code i-1234abcd} from
 * matching {@code i-1234abcd5678...} and {@code ip-10-0-3-31} from matching {@code ip-10-0-3-310}.
 */
final class InsightsQueryText {
  /** EC2 instance ids (8 or 17 hex digits) and SSM managed node ids ({@code mi-} + 17). */
  private static final Pattern VM_ID =
      Pattern.compile("(?:i-[0-9a-f]{8}|i-[0-9a-f]{17}|mi-[0-9a-f]{17})");

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*");

  private InsightsQueryText() {}

  /** Whether {@code vm} is spelled like an EC2 instance id or SSM managed node id. */
  static boolean plausibleVm(String vm) {
    return vm != null && VM_ID.matcher(vm).matches();
  }

  /** Whether {@code name} is spelled like a host name (and may join the filter). */
  static boolean plausibleHostName(String name) {
    return name != null && name.length() <= 253 && HOST_NAME.matcher(name).matches();
  }

  /**
   * The names the filter matches: {@code vm}, then the plausible {@code hostNames} (lower-cased,
   * without duplicates).
   */
  static List<String> names(String vm, List<String> hostNames) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    out.add(vm);
    for (String h : hostNames) {
      if (plausibleHostName(h)) {
        out.add(h.toLowerCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(out);
  }

  static String query(List<String> names, int limit) {
    String regex = regex(names);
    return "fields @timestamp, @message, @logStream, @log"
        + " | filter @logStream like "
        + regex
        + " or @message like "
        + regex
        + " | sort @timestamp asc"
        + " | limit "
        + limit;
  }

  static String regex(List<String> names) {
    StringBuilder alternatives = new StringBuilder();
    for (String n : names) {
      if (!alternatives.isEmpty()) {
        alternatives.append('|');
      }
      alternatives.append(escape(n));
    }
    return "/(^|[^A-Za-z0-9])(?:" + alternatives + ")($|[^A-Za-z0-9])/";
  }

  /** Every character but ASCII letters and digits, backslash-escaped for the Insights regex. */
  static String escape(String name) {
    StringBuilder b = new StringBuilder(name.length() * 2);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
