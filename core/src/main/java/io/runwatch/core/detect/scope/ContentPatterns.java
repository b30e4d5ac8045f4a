package io.runwatch.core.detect.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.render.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The suspicious-content patterns, as data: {@code io/runwatch/core/detect/suspicious-content.json}
 * on the classpath, a JSON array of {@code {"id", "category", "severity", "regex", "description",
 * "sources"}}.
 *
 * <p>Validation, when the file is read: ids are lower-case words joined by '-' and unique; the
 * category is one of {@link ContentCategory}'s labels; the severity is a {@link Severity} name at
 * or above the category's floor; the regex compiles (case-insensitively, {@code (?-i:...)} turns
 * that off locally) and does not match the empty string; the description is not blank; there is at
 * least one public source; no other fields. A bad file fails loudly, naming the pattern and the
 * field.
 *
 * <p>Cost. Java regexes backtrack, so the patterns bound every span between literals ({@code
 * [^\n]{0,300}?}, never {@code .*}) and avoid nested unbounded quantifiers; most start with a
 * first-character guard ({@code (?=[cw])\b(?:curl|wget)...}) so the matcher leaves most positions
 * after one test; and {@link #scan} looks only at the first {@link #MAX_SCAN_CHARS} characters of a
 * text. Together that keeps one scan linear in that bound times the longest span, whatever the
 * input. The price of the bound: code placed after 64 KiB of padding is not seen (the detector says
 * when a text was cut).
 *
 * <p>Immutable and safe to share between threads; {@link #shipped()} reads the file once.
 */
public final class ContentPatterns {
  /** How much of each text is scanned: its first 64 KiB characters. */
  public static final int MAX_SCAN_CHARS = 64 * 1024;

  /** The longest excerpt a match carries (and a reason quotes). */
  public static final int MAX_EXCERPT = 200;

  static final String RESOURCE = "/io/runwatch/core/detect/suspicious-content.json";

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Set<String> FIELDS =
      Set.of("id", "category", "severity", "regex", "description", "sources");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<ContentPattern> patterns;

  private ContentPatterns(List<ContentPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** Patterns already read (for tests that look at one pattern alone). */
  static ContentPatterns of(List<ContentPattern> patterns) {
    return new ContentPatterns(patterns);
  }

  /** The shipped patterns, read and validated on first use. */
  public static ContentPatterns shipped() {
    return Shipped.PATTERNS;
  }

  /**
   * Reads patterns from {@code json} (which the caller closes).
   *
   * @throws IllegalArgumentException if the file is invalid, naming the pattern and the field
   */
  public static ContentPatterns parse(InputStream json, String name) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException(name + " must be a non-empty JSON array of patterns");
    }
    List<ContentPattern> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode node : root) {
      ContentPattern p = pattern(node, name + " pattern #" + index++);
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException(name + ": duplicate pattern id " + p.id());
      }
      out.add(p);
    }
    return new ContentPatterns(out);
  }

  public List<ContentPattern> patterns() {
    return patterns;
  }

  /**
   * Every pattern that matches the first {@link #MAX_SCAN_CHARS} characters of {@code text}, with
   * its first match, in file order. Empty for a null or empty text.
   */
  public List<ContentMatch> scan(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    CharSequence scanned =
        text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
    List<ContentMatch> out = new ArrayList<>();
    for (ContentPattern p : patterns) {
      Matcher m = p.regex().matcher(scanned);
      if (m.find()) {
        out.add(new ContentMatch(p, m.start(), m.end(), excerpt(scanned, m.start(), m.end())));
      }
    }
    return out;
  }

  /**
   * The line around {@code [start, end)}: whitespace collapsed, secrets masked, and cut to {@link
   * #MAX_EXCERPT} characters starting a little before the match.
   */
  static String excerpt(CharSequence text, int start, int end) {
    int lineStart = start;
    while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && start - lineStart < 400) {
      lineStart--;
    }
    int lineEnd = Math.max(start, end);
    while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && lineEnd - end < 400) {
      lineEnd++;
    }
    // Begin at most 40 characters before the match so the match itself is in the quote.
    int from = Math.max(lineStart, start - 40);
    String line = text.subSequence(from, lineEnd).toString();
    String clean = WHITESPACE.matcher(SecretRedactor.redact(line)).replaceAll(" ").strip();
    clean = stripControls(clean);
    String prefix = from > lineStart ? "…" : "";
    if (prefix.length() + clean.length() <= MAX_EXCERPT) {
      return prefix + clean;
    }
    return prefix + clean.substring(0, MAX_EXCERPT - prefix.length() - 1) + "…";
  }

  private static String stripControls(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
        .forEach(b::appendCodePoint);
    return b.toString();
  }

  private static ContentPattern pattern(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new IllegalArgumentException(where + ": unknown field " + field.getKey());
      }
    }
    String id = text(node, "id", where);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(where + ": id '" + id + "' is not lower-case-with-dashes");
    }
    String at = where + " (" + id + ")";
    String categoryLabel = text(node, "category", at);
    ContentCategory category =
        ContentCategory.ofLabel(categoryLabel)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        at + ": unknown category '" + categoryLabel + "'"));
    Severity severity;
    String severityName = text(node, "severity", at);
    try {
      severity = Severity.valueOf(severityName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": unknown severity '" + severityName + "'", e);
    }
    if (!severity.atLeast(category.floor())) {
      throw new IllegalArgumentException(
          at
              + ": severity "
              + severity
              + " is below "
              + category.label()
              + "'s "
              + category.floor());
    }
    String source = text(node, "regex", at);
    Pattern regex;
    try {
      regex = Pattern.compile(source, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(at + ": regex does not compile: " + e.getMessage(), e);
    }
    if (regex.matcher("").find()) {
      throw new IllegalArgumentException(at + ": regex matches the empty string");
    }
    String description = text(node, "description", at);
    JsonNode sources = node.get("sources");
    if (sources == null || !sources.isArray() || sources.isEmpty()) {
      throw new IllegalArgumentException(at + ": sources must list at least one public reference");
    }
    List<String> refs = new ArrayList<>();
    for (JsonNode s : sources) {
      if (!s.isTextual() || s.asText().isBlank()) {
        throw new IllegalArgumentException(at + ": sources must be non-blank strings");
      }
      refs.add(s.asText());
    }
    return new ContentPattern(id, category, severity, regex, description, refs);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": " + field + " must be a non-blank string");
    }
    return v.asText();
  }

  /** Reads the shipped file once, on first use (the holder idiom: lazy and thread-safe). */
  private static final class Shipped {
    static final ContentPatterns PATTERNS = load();

    private static ContentPatterns load() {
      try (InputStream in = ContentPatterns.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "suspicious-content patterns " + RESOURCE + " are missing from the classpath");
        }
        return parse(in, RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }
}
