package io.runwatch.core.telemetry.auditd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits the {@code key=value} body of an audit record and decodes the kernel's "encoded" values.
 *
 * <p>The kernel logs an untrusted string (an execve argument, {@code exe}, {@code comm}, {@code
 * cwd}, {@code proctitle}, a path name...) in double quotes, unless it contains a double quote, a
 * byte below 0x21 (space and control characters) or above 0x7e: then the whole string is written as
 * bare uppercase hex ({@code audit_string_contains_control} and {@code audit_log_n_untrustedstring}
 * in {@code kernel/audit.c}; the audit field dictionary marks such fields "encoded"). So a quoted
 * value never contains a quote, and an encoded field's bare value is either hex or a marker such as
 * {@code (null)}.
 */
final class AuditFields {
  private AuditFields() {}

  /**
   * The {@code key=value} pairs of {@code body}, values raw (quotes kept so that {@link #decode}
   * can tell text from hex). Words without {@code =} (as in AVC records) are skipped; a repeated
   * key keeps its first value.
   */
  static Map<String, String> split(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    int n = body.length();
    int i = 0;
    while (i < n) {
      while (i < n && body.charAt(i) == ' ') {
        i++;
      }
      int keyStart = i;
      while (i < n && body.charAt(i) != '=' && body.charAt(i) != ' ') {
        i++;
      }
      if (i >= n || body.charAt(i) == ' ') {
        continue; // a bare word: not a field
      }
      String key = body.substring(keyStart, i);
      i++; // '='
      int valueStart = i;
      if (i < n && (body.charAt(i) == '"' || body.charAt(i) == '\'')) {
        char quote = body.charAt(i);
        int close = body.indexOf(quote, i + 1);
        i = close < 0 ? n : close + 1;
      } else {
        while (i < n && body.charAt(i) != ' ') {
          i++;
        }
      }
      if (!key.isEmpty()) {
        fields.putIfAbsent(key, body.substring(valueStart, i));
      }
    }
    return fields;
  }

  /**
   * The text of an encoded field: the inside of a quoted value, hex decoded as UTF-8 (invalid bytes
   * replaced), or {@code null} for {@code (null)}, {@code (none)} and absence.
   */
  static String decode(String raw) {
    byte[] bytes = bytes(raw);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bytes an encoded field stands for, as {@link #decode} reads them. */
  static byte[] bytes(String raw) {
    if (raw == null || raw.equals("(null)") || raw.equals("(none)")) {
      return null;
    }
    if (raw.startsWith("\"")) {
      // A line cut inside a quoted value keeps what it has.
      int end = raw.length() > 1 && raw.endsWith("\"") ? raw.length() - 1 : raw.length();
      return raw.substring(1, end).getBytes(StandardCharsets.UTF_8);
    }
    if (isHex(raw)) {
      return hex(raw);
    }
    return raw.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code s} is a non-empty, even-length run of hex digits. */
  static boolean isHex(String s) {
    if (s.isEmpty() || s.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2);
    for (int i = 0; i < s.length(); i += 2) {
      out.write(Character.digit(s.charAt(i), 16) << 4 | Character.digit(s.charAt(i + 1), 16));
    }
    return out.toByteArray();
  }

  /** A {@code proctitle} value: argv joined by spaces (the kernel separates it with NULs). */
  static String proctitle(String raw) {
    String text = decode(raw);
    if (text == null) {
      return null;
    }
    String joined = text.replace('\0', ' ').strip();
    return joined.isEmpty() ? null : joined;
  }

  /** A numeric field as a long, or {@code null} when absent or not a decimal number. */
  static Long number(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
