package io.runwatch.aws.dynamo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How the stores write instants: ISO-8601 ({@link Instant#toString}) where a value is only read
 * back; a fixed-width form where DynamoDB sorts the text; epoch seconds for TTL attributes.
 */
final class Instants {
  /**
   * Always 30 characters, nanoseconds included: {@link DateTimeFormatter#ISO_INSTANT} drops zero
   * fractions ({@code ...:05Z} vs {@code ...:05.100Z}), and {@code 'Z' > '.'} would then sort a
   * whole second after its own fractions.
   */
  private static final DateTimeFormatter SORTABLE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  static final int SORTABLE_LENGTH = 30;

  private static final Instant FIRST_SORTABLE = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_SORTABLE = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Instants() {}

  static String iso(Instant t) {
    return t.toString();
  }

  static Instant parseIso(String text) {
    return Instant.parse(text);
  }

  /** Fixed width, so lexical order is time order (years 0000 to 9999). */
  static String sortable(Instant t) {
    if (t.isBefore(FIRST_SORTABLE) || t.isAfter(LAST_SORTABLE)) {
      throw new IllegalArgumentException("instant outside years 0000-9999: " + t);
    }
    return SORTABLE.format(t);
  }

  static Instant parseSortable(String text) {
    if (text.length() != SORTABLE_LENGTH) {
      throw new DateTimeParseException("not a fixed-width instant", text, 0);
    }
    return Instant.parse(text);
  }

  /** A TTL attribute value: DynamoDB's TTL reads epoch seconds. */
  static long expiresAt(Instant from, Duration after) {
    return from.plus(after).getEpochSecond();
  }
}
