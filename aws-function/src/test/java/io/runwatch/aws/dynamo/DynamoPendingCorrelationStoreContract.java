package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.s;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.port.PendingCorrelationStore.Pending;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

abstract class DynamoPendingCorrelationStoreContract extends DynamoContract {
  /** Now: items expire a day after their deadline, and DynamoDB Local deletes expired ones. */
  static final Instant SEEN = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  DynamoPendingCorrelationStore store() {
    return new DynamoPendingCorrelationStore(client(), tables.pending());
  }

  static Pending pending(String id, String commandId, Instant firstSeen) {
    return new Pending(
        id,
        "111122223333",
        commandId,
        ("{\"detail\":\"" + id + "\"}").getBytes(UTF_8),
        "{\"formatVersion\":1}",
        firstSeen,
        firstSeen.plus(Duration.ofHours(2)),
        0,
        0);
  }

  static Pending next(Pending p) {
    return new Pending(
        p.id(),
        p.account(),
        p.commandId(),
        p.event(),
        p.baseline(),
        p.firstSeen(),
        p.deadline(),
        p.attempts() + 1,
        p.version() + 1);
  }

  static Pending withVersion(Pending p, long version) {
    return new Pending(
        p.id(),
        p.account(),
        p.commandId(),
        p.event(),
        p.baseline(),
        p.firstSeen(),
        p.deadline(),
        p.attempts(),
        version);
  }

  @Test
  void putIfAbsentWritesVersionOneOnce() {
    DynamoPendingCorrelationStore store = store();
    Pending p = pending("rw-1", "cmd-1", SEEN);

    assertThat(store.putIfAbsent(p)).isTrue();
    assertThat(store.get("rw-1")).get().usingRecursiveComparison().isEqualTo(withVersion(p, 1));
    assertThat(store.putIfAbsent(pending("rw-1", "cmd-other", SEEN.plusSeconds(9)))).isFalse();
    assertThat(store.get("rw-1").orElseThrow().commandId()).isEqualTo("cmd-1");
    assertThat(store.get("rw-2")).isEmpty();
  }

  @Test
  void anUpdateNeedsTheVersionBeforeIt() {
    DynamoPendingCorrelationStore store = store();
    store.putIfAbsent(pending("rw-1", "cmd-1", SEEN));
    Pending v1 = store.get("rw-1").orElseThrow();
    Pending v2 = next(v1);

    assertThat(store.update(v2)).isTrue();
    assertThat(store.get("rw-1")).get().usingRecursiveComparison().isEqualTo(v2);
    assertThat(store.update(v2)).as("a second re-check with the same version").isFalse();
    assertThat(store.update(next(next(v2)))).as("skipping a version").isFalse();
    assertThat(store.update(next(v2))).isTrue();
    assertThat(store.get("rw-1").orElseThrow().version()).isEqualTo(3);
    assertThat(store.get("rw-1").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void anUpdateOfNothingIsRefused() {
    DynamoPendingCorrelationStore store = store();
    assertThat(store.update(withVersion(pending("rw-9", "cmd-9", SEEN), 2))).isFalse();
    assertThat(store.get("rw-9")).isEmpty();
  }

  @Test
  void aDeleteNeedsTheStoredVersion() {
    DynamoPendingCorrelationStore store = store();
    store.putIfAbsent(pending("rw-1", "cmd-1", SEEN));

    assertThat(store.delete("rw-1", 2)).isFalse();
    assertThat(store.get("rw-1")).isPresent();
    assertThat(store.delete("rw-1", 1)).isTrue();
    assertThat(store.get("rw-1")).isEmpty();
    assertThat(store.delete("rw-1", 1)).as("settled already").isFalse();
  }

  @Test
  void byCommandIdFindsTheCurrentItemsOfThatCommand() {
    DynamoPendingCorrelationStore store = store();
    store.putIfAbsent(pending("rw-1", "cmd-1", SEEN));
    store.putIfAbsent(pending("rw-2", "cmd-1", SEEN.plusSeconds(1)));
    store.putIfAbsent(pending("rw-3", "cmd-2", SEEN));
    store.putIfAbsent(pending("rw-4", null, SEEN));
    store.update(next(store.get("rw-2").orElseThrow()));

    List<Pending> found = store.byCommandId("cmd-1");
    assertThat(found)
        .extracting(Pending::id, Pending::version)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("rw-1", 1L),
            org.assertj.core.groups.Tuple.tuple("rw-2", 2L));
    assertThat(found)
        .filteredOn(p -> p.id().equals("rw-1"))
        .singleElement()
        .usingRecursiveComparison()
        .isEqualTo(withVersion(pending("rw-1", "cmd-1", SEEN), 1));
    assertThat(store.byCommandId("cmd-none")).isEmpty();

    store.delete("rw-1", 1);
    assertThat(store.byCommandId("cmd-1")).extracting(Pending::id).containsExactly("rw-2");
  }

  @Test
  void oldestSortsByFirstSeenAndStopsAtTheLimit() {
    DynamoPendingCorrelationStore store = store();
    int[] minutes = {7, 2, 9, 0, 5};
    for (int m : minutes) {
      store.putIfAbsent(pending("rw-" + m, "cmd-" + m, SEEN.plus(Duration.ofMinutes(m))));
    }

    assertThat(store.oldest(3)).extracting(Pending::id).containsExactly("rw-0", "rw-2", "rw-5");
    assertThat(store.oldest(10))
        .extracting(Pending::id)
        .containsExactly("rw-0", "rw-2", "rw-5", "rw-7", "rw-9");
    assertThat(store.oldest(0)).isEmpty();
  }

  /** Items of ~300 KB: the Scan's 1 MB page limit splits the table into several pages. */
  @Test
  void oldestReadsEveryPageOfTheTable() {
    DynamoPendingCorrelationStore store = store();
    String big = "x".repeat(300 * 1024);
    for (int i = 0; i < 6; i++) {
      Pending p = pending("rw-" + i, null, SEEN.minus(Duration.ofMinutes(i)));
      store.putIfAbsent(
          new Pending(
              p.id(), p.account(), null, p.event(), big, p.firstSeen(), p.deadline(), 0, 0));
    }
    assertThat(client().scan(sc -> sc.tableName(tables.pending())).lastEvaluatedKey())
        .as("the table spans more than one page")
        .isNotEmpty();

    assertThat(store.oldest(6))
        .extracting(Pending::id)
        .containsExactly("rw-5", "rw-4", "rw-3", "rw-2", "rw-1", "rw-0");
  }

  @Test
  void theItemExpiresADayAfterTheDeadline() {
    store().putIfAbsent(pending("rw-1", null, SEEN));

    Map<String, AttributeValue> item = rawItem(tables.pending(), Map.of("id", s("rw-1")));
    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "id",
            "version",
            "account",
            "event",
            "baseline",
            "firstSeen",
            "deadline",
            "attempts",
            "expiresAt");
    assertThat(item.get("version").n()).isEqualTo("1");
    assertThat(item.get("deadline").s()).isEqualTo(SEEN.plus(Duration.ofHours(2)).toString());
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(SEEN.getEpochSecond() + 2 * 3600 + 24 * 3600);
  }

  @Test
  void ofConcurrentFirstWritesExactlyOneWins() throws Exception {
    DynamoPendingCorrelationStore store = store();
    List<Boolean> won = race(i -> () -> store.putIfAbsent(pending("rw-1", "cmd-" + i, SEEN)));

    assertThat(won).containsOnlyOnce(true);
    assertThat(store.get("rw-1").orElseThrow().commandId()).isEqualTo("cmd-" + won.indexOf(true));
  }

  @Test
  void ofConcurrentUpdatesFromOneVersionExactlyOneWins() throws Exception {
    DynamoPendingCorrelationStore store = store();
    store.putIfAbsent(pending("rw-1", "cmd-1", SEEN));
    Pending v1 = store.get("rw-1").orElseThrow();

    List<Boolean> won =
        race(
            i ->
                () -> {
                  Pending n = next(v1);
                  return store.update(
                      new Pending(
                          n.id(),
                          n.account(),
                          n.commandId(),
                          n.event(),
                          "racer " + i,
                          n.firstSeen(),
                          n.deadline(),
                          n.attempts(),
                          n.version()));
                });

    assertThat(won).containsOnlyOnce(true);
    Pending stored = store.get("rw-1").orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.baseline()).isEqualTo("racer " + won.indexOf(true));
  }

  @Test
  void ofConcurrentSettlementsExactlyOneDeletes() throws Exception {
    DynamoPendingCorrelationStore store = store();
    store.putIfAbsent(pending("rw-1", "cmd-1", SEEN));

    List<Boolean> won = race(i -> () -> store.delete("rw-1", 1));

    assertThat(won).containsOnlyOnce(true);
    assertThat(store.get("rw-1")).isEmpty();
  }

  @Test
  void aMissingTableIsATypedErrorNamingIt() {
    String missing = missingTable();
    DynamoPendingCorrelationStore store = new DynamoPendingCorrelationStore(client(), missing);

    assertThatThrownBy(() -> store.putIfAbsent(pending("rw-1", "c", SEEN)))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("id=rw-1");
    assertThatThrownBy(() -> store.byCommandId("c"))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> store.oldest(5))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> store.delete("rw-1", 1))
        .isInstanceOf(DynamoTableNotFoundException.class);
  }

  @Test
  void aStrangerItemIsAFormatErrorNamingTheAttribute() {
    putRaw(tables.pending(), Map.of("id", s("rw-x"), "version", Attributes.n(1)));

    assertThatThrownBy(() -> store().get("rw-x"))
        .isInstanceOf(DynamoItemFormatException.class)
        .hasMessageContaining(tables.pending())
        .hasMessageContaining("id=rw-x")
        .hasMessageContaining("is missing");
  }
}
