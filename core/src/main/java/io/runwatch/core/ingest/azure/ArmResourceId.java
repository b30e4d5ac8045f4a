package io.runwatch.core.ingest.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An Azure Resource Manager id split into segments. ARM compares ids case-insensitively and its
 * exports mix cases freely ({@code /SUBSCRIPTIONS/…/PROVIDERS/MICROSOFT.COMPUTE/…}), so every match
 * here ignores case and every id handed out is lower-cased; names keep the case the record gave.
 */
final class ArmResourceId {
  private final List<String> segments;

  private ArmResourceId(List<String> segments) {
    this.segments = segments;
  }

  static ArmResourceId parse(String id) {
    List<String> segments = new ArrayList<>();
    if (id != null) {
      for (String s : id.split("/")) {
        if (!s.isEmpty()) {
          segments.add(s);
        }
      }
    }
    return new ArmResourceId(segments);
  }

  /** The subscription id of {@code /subscriptions/<id>/…}, lower-cased, or {@code null}. */
  String subscription() {
    return segments.size() > 1 && segments.get(0).equalsIgnoreCase("subscriptions")
        ? segments.get(1).toLowerCase(Locale.ROOT)
        : null;
  }

  /**
   * The resource this id names or is a child of, when the path after {@code providers} follows
   * {@code pattern}: literal segments must match (ignoring case), {@code null} stands for a name.
   *
   * @return the matched prefix, or {@code null} when the id has another shape
   */
  Match match(String... pattern) {
    int providers = indexOfIgnoreCase("providers");
    if (providers < 0 || segments.size() < providers + 1 + pattern.length) {
      return null;
    }
    for (int i = 0; i < pattern.length; i++) {
      String expected = pattern[i];
      if (expected != null && !expected.equalsIgnoreCase(segments.get(providers + 1 + i))) {
        return null;
      }
    }
    return new Match(providers + 1 + pattern.length);
  }

  private int indexOfIgnoreCase(String segment) {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).equalsIgnoreCase(segment)) {
        return i;
      }
    }
    return -1;
  }

  /** A resource found at the start of this id, and what follows it. */
  final class Match {
    private final int length;

    private Match(int length) {
      this.length = length;
    }

    /** The matched resource's id, lower-cased. */
    String id() {
      return "/" + String.join("/", segments.subList(0, length)).toLowerCase(Locale.ROOT);
    }

    /** The segment {@code fromEnd} places before the end of the match (0 = the last one). */
    String segment(int fromEnd) {
      return segments.get(length - 1 - fromEnd);
    }

    /** The name of the child resource right below the match ({@code …/runCommands/<name>}). */
    String childName() {
      return segments.size() >= length + 2 ? segments.get(length + 1) : null;
    }
  }
}
