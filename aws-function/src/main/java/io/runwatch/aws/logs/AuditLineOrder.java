package io.runwatch.aws.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the auditd lines of one log stream back into the order the kernel wrote them before they
 * reach core's {@code AuditdParser}, which joins an event's records by {@code node} and serial and
 * closes the event at its {@code EOE} record.
 *
 * <p>Logs Insights sorts by {@code @timestamp} only. The CloudWatch agent stamps all records of one
 * event with the same (or nearly the same) time, and the order of rows with equal timestamps is not
 * defined, so an {@code EOE} can come back before its {@code SYSCALL}, and two events of one
 * millisecond can interleave. Here lines are grouped by their stamp ({@code node}, time and serial:
 * serials restart with auditd, the stamp as a whole does not repeat) in order of first appearance;
 * within a group the lines keep their order except that {@code EOE} goes last. Lines without a
 * stamp stay where they were, each on its own.
 */
final class AuditLineOrder {
  private static final Pattern STAMP =
      Pattern.compile("^(?:node=(\\S+) )?type=([A-Za-z0-9_]+) +msg=audit\\((\\d+\\.\\d+:\\d+)\\)");

  private AuditLineOrder() {}

  static List<String> reorder(List<String> lines) {
    Map<Object, List<String>> groups = new LinkedHashMap<>();
    Map<Object, String> ends = new LinkedHashMap<>();
    int unstamped = 0;
    for (String line : lines) {
      Matcher m = STAMP.matcher(line);
      if (!m.find()) {
        groups.put(unstamped++, List.of(line));
        continue;
      }
      String key = m.group(1) + "|" + m.group(3);
      if ("EOE".equals(m.group(2))) {
        ends.put(key, line);
        groups.computeIfAbsent(key, k -> new ArrayList<>());
      } else {
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
      }
    }
    List<String> out = new ArrayList<>(lines.size());
    for (Map.Entry<Object, List<String>> g : groups.entrySet()) {
      out.addAll(g.getValue());
      String end = ends.get(g.getKey());
      if (end != null) {
        out.add(end);
      }
    }
    return out;
  }
}
