package io.runwatch.core.detect.scope;

import java.util.Objects;

/**
 * Where one pattern matched one text.
 *
 * @param start the match's first character in the scanned text
 * @param end one past its last character
 * @param excerpt the line around the match, whitespace collapsed, at most {@link
 *     ContentPatterns#MAX_EXCERPT} characters and with secrets masked: what a reason may quote
 */
public record ContentMatch(ContentPattern pattern, int start, int end, String excerpt) {
  public ContentMatch {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(excerpt, "excerpt");
  }
}
