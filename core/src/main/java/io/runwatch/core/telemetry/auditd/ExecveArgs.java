package io.runwatch.core.telemetry.auditd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The argv of one exec, gathered from its EXECVE record(s).
 *
 * <p>The kernel writes {@code argc=N a0=... a1=...}; an argument longer than its per-record budget
 * (about 7.5 KB) is announced as {@code aN_len=L} and split into {@code aN[0]=... aN[1]=...}, and
 * the arguments then continue in further EXECVE records of the same event ({@code
 * audit_log_execve_info} in {@code kernel/auditsc.c}). Each piece is quoted or hex like any encoded
 * field, so the pieces are decoded to bytes and concatenated before the argument is read as UTF-8.
 */
final class ExecveArgs {
  /** Enough for any real command line; argv can reach 2 MB and is cut (marked "…") beyond this. */
  static final int MAX_BYTES = 128 * 1024;

  private final TreeMap<Integer, ByteArrayOutputStream> args = new TreeMap<>();
  private int bytes;
  private boolean truncated;

  void add(Map<String, String> fields) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      int index = argumentIndex(field.getKey());
      if (index < 0) {
        continue;
      }
      byte[] piece = AuditFields.bytes(field.getValue());
      if (piece == null) {
        piece = new byte[0];
      }
      if (truncated || bytes + piece.length > MAX_BYTES) {
        truncated = true;
        continue;
      }
      args.computeIfAbsent(index, i -> new ByteArrayOutputStream()).write(piece, 0, piece.length);
      bytes += piece.length;
    }
  }

  /** The arguments joined by single spaces, or {@code null} when no argument was logged. */
  String commandLine() {
    if (args.isEmpty()) {
      return null;
    }
    StringJoiner line = new StringJoiner(" ");
    for (ByteArrayOutputStream arg : args.values()) {
      line.add(arg.toString(StandardCharsets.UTF_8));
    }
    return truncated ? line + "…" : line.toString();
  }

  /**
   * {@code 3} for {@code a3} and {@code a3[0]}; -1 for {@code a3_len}, {@code argc} and anything
   * else.
   */
  static int argumentIndex(String key) {
    if (key.length() < 2 || key.charAt(0) != 'a') {
      return -1;
    }
    int i = 1;
    while (i < key.length() && isDigit(key.charAt(i))) {
      i++;
    }
    if (i == 1 || i > 7) {
      return -1;
    }
    int index = Integer.parseInt(key.substring(1, i));
    if (i == key.length()) {
      return index;
    }
    if (key.charAt(i) == '[' && key.endsWith("]") && key.length() > i + 2) {
      for (int j = i + 1; j < key.length() - 1; j++) {
        if (!isDigit(key.charAt(j))) {
          return -1;
        }
      }
      return index;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
