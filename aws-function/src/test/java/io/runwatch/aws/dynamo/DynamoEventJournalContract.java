package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.s;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.port.EventJournal.Entry;
import io.runwatch.core.port.InMemoryEventJournal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

abstract class DynamoEventJournalContract extends DynamoContract {
  static final String SCOPE = "AWS|111122223333";

  /**
   * Now, in whole seconds: the items expire two days after their time, and DynamoDB Local runs TTL
   * deletion within a second, so fixed past dates would vanish mid-test.
   */
  static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  DynamoEventJournal journal() {
    return new DynamoEventJournal(client(), tables.journal());
  }

  /** Three items per Query page, so every read of more than three crosses pages. */
  DynamoEventJournal smallPages() {
    return new DynamoEventJournal(client(), tables.journal(), 3);
  }

  static byte[] event(String text) {
    return text.getBytes(UTF_8);
  }

  /** The sort key of {@code wholeSecond} plus {@code nanos}, written out independently. */
  static String sortKey(Instant wholeSecond, String nanos, String key) {
    return wholeSecond.toString().replace("Z", "." + nanos + "Z#" + key);
  }

  static List<String> keys(List<Entry> entries) {
    return entries.stream().map(Entry::key).toList();
  }

  @Test
  void anAppendedEventIsReadBackAsItArrived() {
    DynamoEventJournal journal = journal();
    assertThat(journal.append(SCOPE, T, "ev-1", event("{\"a\":1}"))).isTrue();

    assertThat(journal.since(SCOPE, T.minusSeconds(60), 10))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(new Entry(T, "ev-1", event("{\"a\":1}")));
    assertThat(journal.contains(SCOPE, T, "ev-1")).isTrue();
    assertThat(journal.contains(SCOPE, T, "ev-2")).isFalse();
    assertThat(journal.contains(SCOPE, T.plusNanos(1), "ev-1")).isFalse();
    assertThat(journal.contains("AWS|444455556666", T, "ev-1")).isFalse();
  }

  @Test
  void appendsAreIdempotentPerTimeAndKey() {
    DynamoEventJournal journal = journal();
    journal.append(SCOPE, T, "ev-1", event("first"));

    assertThat(journal.append(SCOPE, T, "ev-1", event("redelivered"))).isFalse();
    assertThat(journal.since(SCOPE, T, 10))
        .singleElement()
        .satisfies(e -> assertThat(new String(e.event(), UTF_8)).isEqualTo("first"));
  }

  @Test
  void entriesComeBackOldestFirstWithTiesInKeyOrder() {
    DynamoEventJournal journal = journal();
    journal.append(SCOPE, T.plusSeconds(2), "ev-c", event("c"));
    journal.append(SCOPE, T, "ev-b", event("b"));
    journal.append(SCOPE, T, "ev-a", event("a"));
    journal.append(SCOPE, T.plusSeconds(1), "ev-d", event("d"));

    assertThat(keys(journal.since(SCOPE, T, 10))).containsExactly("ev-a", "ev-b", "ev-d", "ev-c");
  }

  /**
   * Times whose ISO-8601 text differs in width: with {@code ISO_INSTANT}, {@code ...:05Z} would
   * sort after {@code ...:05.5Z} ({@code 'Z' > '.'}); the fixed-width sort key keeps time order,
   * and the nanoseconds survive.
   */
  @Test
  void timesOfEveryPrecisionSortAndRoundTrip() {
    DynamoEventJournal journal = journal();
    List<Instant> times =
        List.of(
            T.minusMillis(1),
            T,
            T.plusNanos(1),
            T.plusMillis(100),
            T.plusMillis(500),
            T.plusNanos(999_999_999),
            T.plusSeconds(1));
    for (int i = times.size() - 1; i >= 0; i--) {
      journal.append(SCOPE, times.get(i), "ev-" + i, event("e" + i));
    }

    assertThat(journal.since(SCOPE, T.minusSeconds(1), 100))
        .extracting(Entry::time)
        .containsExactlyElementsOf(times);
    Map<String, AttributeValue> item =
        rawItem(
            tables.journal(), Map.of("scope", s(SCOPE), "at", s(sortKey(T, "000000000", "ev-1"))));
    assertThat(item).containsKeys("event", "key", "expiresAt");
  }

  @Test
  void sinceIncludesItsLowerBoundAndNothingEarlier() {
    DynamoEventJournal journal = journal();
    journal.append(SCOPE, T.minusNanos(1), "ev-before", event("x"));
    journal.append(SCOPE, T, "ev-at", event("x"));
    journal.append(SCOPE, T.plusSeconds(1), "ev-after", event("x"));

    assertThat(keys(journal.since(SCOPE, T, 10))).containsExactly("ev-at", "ev-after");
  }

  @Test
  void overTheLimitTheNewestAreKeptOldestFirstAcrossPages() {
    DynamoEventJournal journal = smallPages();
    for (int i = 0; i < 10; i++) {
      journal.append(SCOPE, T.plusSeconds(i), String.format("ev-%02d", i), event("e" + i));
    }

    assertThat(keys(journal.since(SCOPE, T, 7)))
        .containsExactly("ev-03", "ev-04", "ev-05", "ev-06", "ev-07", "ev-08", "ev-09");
    assertThat(keys(journal.since(SCOPE, T.plusSeconds(2), 100)))
        .as("fewer than the limit: every page up to the range's end")
        .containsExactly("ev-02", "ev-03", "ev-04", "ev-05", "ev-06", "ev-07", "ev-08", "ev-09");
    assertThat(keys(journal.since(SCOPE, T, 6)))
        .as("exactly two pages")
        .hasSize(6)
        .endsWith("ev-09");
    assertThat(journal.since(SCOPE, T, 0)).isEmpty();
    assertThat(journal.since(SCOPE, T.plusSeconds(60), 5)).isEmpty();
  }

  @Test
  void scopesAreSeparate() {
    DynamoEventJournal journal = journal();
    journal.append(SCOPE, T, "ev-1", event("x"));
    journal.append("AWS|444455556666", T, "ev-2", event("y"));

    assertThat(keys(journal.since(SCOPE, T, 10))).containsExactly("ev-1");
    assertThat(keys(journal.since("AWS|4444", T, 10))).isEmpty();
  }

  /** The port's in-memory fake is the reference: same appends, same answers. */
  @Test
  void answersAsTheInMemoryJournalDoes() {
    DynamoEventJournal journal = smallPages();
    InMemoryEventJournal reference = new InMemoryEventJournal();
    Random random = new Random(5);
    for (int i = 0; i < 40; i++) {
      Instant t = T.plusMillis(random.nextInt(20) * 250L);
      String key = "ev-" + random.nextInt(30);
      byte[] e = event("e" + i);
      assertThat(journal.append(SCOPE, t, key, e))
          .as("append %s at %s", key, t)
          .isEqualTo(reference.append(SCOPE, t, key, e));
    }
    for (int limit : new int[] {1, 2, 3, 4, 7, 12, 100}) {
      for (Instant from : List.of(T, T.plusMillis(1250), T.plusMillis(4750))) {
        assertThat(journal.since(SCOPE, from, limit))
            .as("since %s limit %d", from, limit)
            .usingRecursiveFieldByFieldElementComparator()
            .containsExactlyElementsOf(reference.since(SCOPE, from, limit));
      }
    }
  }

  @Test
  void theItemExpiresTwoDaysAfterTheEvent() {
    journal().append(SCOPE, T.plusMillis(750), "ev-1", event("x"));

    Map<String, AttributeValue> item =
        rawItem(
            tables.journal(), Map.of("scope", s(SCOPE), "at", s(sortKey(T, "750000000", "ev-1"))));
    assertThat(item.keySet()).containsExactlyInAnyOrder("scope", "at", "event", "key", "expiresAt");
    assertThat(item.get("key").s()).isEqualTo("ev-1");
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(T.plus(Duration.ofDays(2)).getEpochSecond());
  }

  @Test
  void aMissingTableIsATypedErrorNamingIt() {
    String missing = missingTable();
    DynamoEventJournal journal = new DynamoEventJournal(client(), missing);

    assertThatThrownBy(() -> journal.append(SCOPE, T, "ev-1", event("secret payload")))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("scope=" + SCOPE)
        .hasMessageContaining("ev-1")
        .message()
        .doesNotContain("secret payload");
    assertThatThrownBy(() -> journal.since(SCOPE, T, 5))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> journal.contains(SCOPE, T, "ev-1"))
        .isInstanceOf(DynamoTableNotFoundException.class);
  }
}
