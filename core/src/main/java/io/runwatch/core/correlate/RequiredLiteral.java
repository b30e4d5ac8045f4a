package io.runwatch.core.correlate;

import java.util.Locale;

/**
 * The longest run of plain characters a regex cannot match without, found conservatively (outside
 * groups, classes and top-level alternation), lower-cased. {@link Signature} checks it with {@code
 * String.contains} on the lower-cased field before running the regex: most process starts are
 * ordinary, and a substring test rejects them far faster than a case-insensitive search that has to
 * try every position.
 */
final class RequiredLiteral {
  /** Shorter literals are not worth a separate test. */
  static final int MIN_LENGTH = 3;

  private RequiredLiteral() {}

  /** The literal, or {@code ""} when the regex has no usable one. */
  static String of(String regex) {
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 >= regex.length()) {
            return "";
          }
          char next = regex.charAt(i + 1);
          if (next == 'Q' || next == 'E') {
            return ""; // quoting: not worth following
          }
          if (Character.isLetterOrDigit(next) || next > 0x7f) {
            best = longer(best, run); // \s, \d, \b, \1, \p{..}: not a plain character
            run.setLength(0);
          } else {
            run.append(next);
          }
          i += 2;
        }
        case '(' -> {
          best = longer(best, run);
          run.setLength(0);
          i = skipQuantifier(regex, skipGroup(regex, i));
        }
        case '[' -> {
          best = longer(best, run);
          run.setLength(0);
          i = skipQuantifier(regex, skipClass(regex, i));
        }
        case '|' -> {
          return ""; // top-level alternation: nothing is required
        }
        case '?', '*', '{' -> {
          if (!run.isEmpty()) {
            run.setLength(run.length() - 1); // the quantified character is optional
          }
          best = longer(best, run);
          run.setLength(0);
          i = c == '{' ? regex.indexOf('}', i) + 1 : i + 1;
          if (i == 0) {
            return "";
          }
        }
        case '+', '.', '^', '$' -> {
          best = longer(best, run);
          run.setLength(0);
          i++;
        }
        default -> {
          if (c > 0x7f) {
            best = longer(best, run);
            run.setLength(0);
          } else {
            run.append(c);
          }
          i++;
        }
      }
    }
    best = longer(best, run);
    return best.length() >= MIN_LENGTH ? best.toLowerCase(Locale.ROOT) : "";
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  /** The index just past the group opening at {@code open}. */
  private static int skipGroup(String regex, int open) {
    int depth = 0;
    int i = open;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = skipClass(regex, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    return regex.length();
  }

  /** The index just past the character class opening at {@code open}. */
  private static int skipClass(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++; // a leading ] is literal
    }
    int depth = 1;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    return regex.length();
  }

  private static int skipQuantifier(String regex, int i) {
    if (i >= regex.length()) {
      return i;
    }
    char c = regex.charAt(i);
    if (c == '?' || c == '*' || c == '+') {
      i++;
    } else if (c == '{') {
      int close = regex.indexOf('}', i);
      i = close < 0 ? regex.length() : close + 1;
    } else {
      return i;
    }
    if (i < regex.length() && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
      i++; // lazy or possessive
    }
    return i;
  }
}
