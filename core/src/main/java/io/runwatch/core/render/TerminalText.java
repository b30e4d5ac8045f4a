package io.runwatch.core.render;

/**
 * Makes untrusted log text safe to print on a terminal: control characters (which can carry ANSI
 * escape sequences that rewrite the screen or the window title) are shown as {@code \\uXXXX}.
 */
public final class TerminalText {
  private TerminalText() {}

  public static String safe(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
      if (control) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Safe text cut to {@code max} characters, marking the cut with an ellipsis. */
  public static String cell(String s, int max) {
    String safe = safe(s);
    return safe.length() <= max ? safe : safe.substring(0, Math.max(0, max - 1)) + "…";
  }
}
