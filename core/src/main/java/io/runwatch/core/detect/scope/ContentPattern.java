package io.runwatch.core.detect.scope;

import io.runwatch.core.detect.Severity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One suspicious-content pattern of {@code suspicious-content.json}.
 *
 * @param id lower-case words joined by '-', unique in the file
 * @param regex compiled case-insensitively; searched, not fully matched
 * @param sources the public references the pattern rests on (rule files, technique pages)
 */
public record ContentPattern(
    String id,
    ContentCategory category,
    Severity severity,
    Pattern regex,
    String description,
    List<String> sources) {
  public ContentPattern {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(regex, "regex");
    sources = List.copyOf(sources);
  }
}
