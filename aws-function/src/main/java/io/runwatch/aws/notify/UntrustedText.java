package io.runwatch.aws.notify;

import io.runwatch.core.render.SecretRedactor;
import java.util.regex.Pattern;

/**
 * Makes text that came from a log (principal names, user agents, document names, script text, host
 * command lines, detector reasons quoting them) safe for a human to read in an e-mail or a chat
 * channel, where runwatch's own words around it must stay runwatch's.
 *
 * <p>Every form first masks credentials with core's {@link SecretRedactor}, then shows as a visible
 * {@code \\uXXXX} every character that can hide or reorder text: C0 and C1 controls (ANSI escape
 * sequences start with ESC, U+001B), line and paragraph separators, the bidirectional overrides,
 * embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C; "Trojan Source",
 * CVE-2021-42574) and zero-width characters. URL schemes are defanged ({@code hxxp://}) so a mail
 * or chat client does not turn an attacker's address into a link. {@link #chat} also replaces the
 * characters chat markdown and mentions are made of with their full-width look-alikes (see there).
 *
 * <p>Cutting happens on the input, before escaping, so a cut never splits an escape sequence or a
 * surrogate pair.
 */
public final class UntrustedText {
  /** Marks a cut; the caller's text says what was cut where it can ("… and 3 more"). */
  public static final String ELLIPSIS = "…";

  private static final Pattern URL_SCHEME = Pattern.compile("(?i)\\b(h)tt(ps?)://|\\b(f)t(p)://");

  private UntrustedText() {}

  /** Safe in plain text (e-mail, Security Hub, the SNS subject before its ASCII pass). */
  public static String plain(String s) {
    if (s == null) {
      return "";
    }
    return escape(defang(SecretRedactor.redact(s)), false, true);
  }

  /** {@link #plain} for multi-line text (scripts): line feeds stay, everything else as there. */
  public static String plainLines(String s) {
    if (s == null) {
      return "";
    }
    return escape(defang(SecretRedactor.redact(s)), false, false);
  }

  /**
   * Safe inside chat markdown (Slack mrkdwn, Teams markdown) as Amazon Q Developer renders {@code
   * client-markdown}: besides {@link #plain}, the characters that open formatting, code, links,
   * quotes, headings or mentions ({@code * _ ` ~ < > | [ ] # @ \\ &}) become their full-width forms
   * (U+FF0A, U+FF3F, ...). Backslash escapes are not used: Slack's mrkdwn has none. So
   * {@code @here} reads as {@code ＠here} and notifies no one, and {@code <!channel>} or {@code
   * [x](url)} are text.
   */
  public static String chat(String s) {
    if (s == null) {
      return "";
    }
    return escape(defang(SecretRedactor.redact(s)), true, true);
  }

  /**
   * The first {@code max} code points of {@code s} (with {@link #ELLIPSIS} when cut), not escaped.
   */
  public static String cut(String s, int max) {
    if (s == null || s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int end = s.offsetByCodePoints(0, Math.max(0, max - 1));
    return s.substring(0, end) + ELLIPSIS;
  }

  static String defang(String s) {
    return URL_SCHEME
        .matcher(s)
        .replaceAll(
            m ->
                m.group(1) != null
                    ? m.group(1) + "xx" + m.group(2) + "://"
                    : m.group(3) + "x" + m.group(4) + "://");
  }

  private static String escape(String s, boolean markdown, boolean oneLine) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' && !oneLine) {
        out.append(c);
      } else if (c == '\t') {
        out.append(oneLine ? ' ' : c);
      } else if (hidesText(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (markdown && MARKDOWN.indexOf(c) >= 0) {
        out.append((char) (c + 0xFEE0));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** ASCII characters chat markdown or mentions use; each has a full-width form at c + 0xFEE0. */
  private static final String MARKDOWN = "*_`~<>|[]#@\\&";

  static boolean hidesText(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || (c >= 0x200b && c <= 0x200f)
        || (c >= 0x2028 && c <= 0x202e)
        || (c >= 0x2060 && c <= 0x2069)
        || c == 0xfeff;
  }
}
