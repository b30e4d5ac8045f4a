package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.port.FindingStore.Put;
import io.runwatch.core.port.FindingStore.Stored;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.TriageFixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

abstract class DynamoFindingStoreContract extends DynamoContract {
  /**
   * Now: findings expire 400 days after they are stored, and DynamoDB Local deletes expired ones.
   */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  DynamoFindingStore store() {
    return new DynamoFindingStore(client(), tables.findings());
  }

  static Finding finding(String id, String account) {
    return new Finding(
        id,
        NOW,
        Severity.HIGH,
        80,
        TriageFixtures.aws(TriageFixtures.iamUser("alice", null)).account(account).build(),
        null,
        List.of(new DetectorHit("RW-X", Severity.HIGH, 80, "x", null)),
        null,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void aNewFindingIsCreatedAndReadBack() {
    DynamoFindingStore store = store();
    assertThat(store.putIfAbsent(finding("rw-1", "111122223333"), "{\"a\":1}", NOW))
        .isEqualTo(Put.CREATED);
    assertThat(store.get("rw-1")).contains(new Stored("rw-1", "{\"a\":1}", NOW, null));
    assertThat(store.get("rw-2")).isEmpty();
  }

  @Test
  void aRedeliveryTellsWhetherTheNotificationWentOut() {
    DynamoFindingStore store = store();
    Finding f = finding("rw-1", "111122223333");
    store.putIfAbsent(f, "{\"first\":1}", NOW);

    assertThat(store.putIfAbsent(f, "{\"second\":2}", NOW.plusSeconds(60)))
        .isEqualTo(Put.STORED_NOT_NOTIFIED);
    Instant notified = NOW.plusSeconds(5);
    store.markNotified("rw-1", notified);
    assertThat(store.putIfAbsent(f, "{\"third\":3}", NOW.plusSeconds(120)))
        .isEqualTo(Put.ALREADY_NOTIFIED);
    assertThat(store.get("rw-1")).contains(new Stored("rw-1", "{\"first\":1}", NOW, notified));
  }

  @Test
  void theItemCarriesTheContractAttributesAndExpiresAfter400Days() {
    store().putIfAbsent(finding("rw-1", "111122223333"), "{}", NOW);

    Map<String, AttributeValue> item = rawItem(tables.findings(), Map.of("id", s("rw-1")));
    assertThat(item.keySet())
        .containsExactlyInAnyOrder("id", "json", "storedAt", "severity", "account", "expiresAt");
    assertThat(item.get("storedAt").s()).isEqualTo(NOW.toString());
    assertThat(item.get("severity").s()).isEqualTo("HIGH");
    assertThat(item.get("account").s()).isEqualTo("111122223333");
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(NOW.plus(Duration.ofDays(400)).getEpochSecond())
        .isEqualTo(NOW.getEpochSecond() + 400L * 24 * 3600);
  }

  @Test
  void aFindingWithoutAccountHasNoAccountAttribute() {
    store().putIfAbsent(finding("rw-1", null), "{}", NOW);
    assertThat(rawItem(tables.findings(), Map.of("id", s("rw-1")))).doesNotContainKey("account");
  }

  @Test
  void markingAnUnknownFindingCreatesNothing() {
    DynamoFindingStore store = store();
    store.markNotified("rw-unknown", NOW);
    assertThat(store.get("rw-unknown")).isEmpty();
    assertThat(rawItem(tables.findings(), Map.of("id", s("rw-unknown")))).isEmpty();
  }

  @Test
  void ofConcurrentDeliveriesExactlyOneCreates() throws Exception {
    DynamoFindingStore store = store();
    Finding f = finding("rw-race", "111122223333");
    List<Put> puts = race(i -> () -> store.putIfAbsent(f, "{\"racer\":" + i + "}", NOW));

    assertThat(puts).containsOnlyOnce(Put.CREATED);
    assertThat(puts).filteredOn(p -> p != Put.CREATED).containsOnly(Put.STORED_NOT_NOTIFIED);
    int winner = puts.indexOf(Put.CREATED);
    assertThat(store.get("rw-race").orElseThrow().json()).isEqualTo("{\"racer\":" + winner + "}");
  }

  /** The round trip {@link DynamoFindingStore} saves: the failed put returns the stored item. */
  @Test
  void theServerReturnsTheStoredItemWithAConditionalFailure() {
    store().putIfAbsent(finding("rw-1", "111122223333"), "{}", NOW);
    store().markNotified("rw-1", NOW);

    assertThatThrownBy(
            () ->
                client()
                    .putItem(
                        p ->
                            p.tableName(tables.findings())
                                .item(Map.of("id", s("rw-1")))
                                .conditionExpression("attribute_not_exists(id)")
                                .returnValuesOnConditionCheckFailure(
                                    ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> assertThat(e.item()).containsKeys("json", "notifiedAt"));
  }

  @Test
  void aMissingTableIsATypedErrorNamingIt() {
    String missing = missingTable();
    DynamoFindingStore store = new DynamoFindingStore(client(), missing);

    assertThatThrownBy(() -> store.putIfAbsent(finding("rw-1", "1"), "{}", NOW))
        .isInstanceOfSatisfying(
            DynamoTableNotFoundException.class,
            e -> {
              assertThat(e.table()).isEqualTo(missing);
              assertThat(e.key()).isEqualTo("id=rw-1");
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> store.get("rw-1")).isInstanceOf(DynamoTableNotFoundException.class);
    assertThatThrownBy(() -> store.markNotified("rw-1", NOW))
        .isInstanceOf(DynamoTableNotFoundException.class);
  }

  @Test
  void aRefusedItemIsAnErrorNamingTableAndKeyButNotTheContent() {
    // DynamoDB refuses an empty string as a key value.
    assertThatThrownBy(() -> store().putIfAbsent(finding("", "1"), "{\"secret\":\"hunter2\"}", NOW))
        .isInstanceOfSatisfying(
            DynamoStoreException.class,
            e -> {
              assertThat(e).isNotInstanceOf(DynamoTableNotFoundException.class);
              assertThat(e.table()).isEqualTo(tables.findings());
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("PutItem")
        .hasMessageContaining(tables.findings())
        .hasMessageContaining("ValidationException")
        .message()
        .doesNotContain("hunter2");
  }
}
