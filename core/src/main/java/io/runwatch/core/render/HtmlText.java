package io.runwatch.core.render;

/**
 * Makes untrusted text (every value that came from a log) safe inside HTML element content and
 * double- or single-quoted attribute values: {@code & < > " '} become character references, and
 * control characters other than tab, line feed and carriage return (which can hide text or are not
 * allowed in HTML) are shown as {@code \\uXXXX}, as {@link TerminalText} shows them. Never use the
 * result inside a {@code <script>} or {@code <style>} element, an unquoted attribute, or a URL:
 * runwatch's report puts log values in none of those.
 */
public final class HtmlText {
  private HtmlText() {}

  /** The escaped text; {@code null} becomes the empty string. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> control(c) ? String.format("\\u%04x", (int) c) : null;
          };
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Escaped and cut to {@code max} characters (counted before escaping), marking the cut. */
  public static String cut(String s, int max) {
    if (s == null) {
      return "";
    }
    return escape(s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…");
  }

  private static boolean control(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
  }
}
