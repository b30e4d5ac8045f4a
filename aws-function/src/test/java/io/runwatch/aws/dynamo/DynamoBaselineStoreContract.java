package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.b;
import static io.runwatch.aws.dynamo.Attributes.n;
import static io.runwatch.aws.dynamo.Attributes.s;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineFormatException;
import io.runwatch.core.baseline.BaselineJson;
import io.runwatch.core.baseline.BaselineStoreException;
import io.runwatch.core.port.BaselineStore.Versioned;
import io.runwatch.core.triage.TriageFixtures;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

abstract class DynamoBaselineStoreContract extends DynamoContract {
  static final String SCOPE = "AWS|111122223333";

  DynamoBaselineStore store() {
    return new DynamoBaselineStore(client(), tables.baselines());
  }

  static Baseline learned(String scope, String... users) {
    Baseline b = Baseline.empty(scope);
    for (String u : users) {
      b =
          b.observe(
              TriageFixtures.aws(TriageFixtures.iamUser(u, null))
                  .account(scope.substring(4))
                  .build());
    }
    return b;
  }

  @Test
  void anUnknownScopeHasNoBaseline() {
    assertThat(store().load(SCOPE)).isEmpty();
  }

  @Test
  void savesAreVersionedFromOne() {
    DynamoBaselineStore store = store();
    Baseline first = learned(SCOPE, "alice");
    Baseline second = learned(SCOPE, "alice", "bob");

    assertThat(store.save(first, 0)).isTrue();
    assertThat(store.load(SCOPE)).contains(new Versioned(first, 1));
    assertThat(store.save(second, 1)).isTrue();
    assertThat(store.load(SCOPE)).contains(new Versioned(second, 2));
  }

  @Test
  void theItemHoldsTheVersionAndTheGzippedBaselineJson() throws Exception {
    Baseline b = learned(SCOPE, "alice");
    store().save(b, 0);

    Map<String, AttributeValue> item = rawItem(tables.baselines(), Map.of("scope", s(SCOPE)));
    assertThat(item.keySet()).containsExactlyInAnyOrder("scope", "version", "baseline");
    assertThat(item.get("version").n()).isEqualTo("1");
    byte[] gz = item.get("baseline").b().asByteArray();
    assertThat(gz).startsWith((byte) 0x1f, (byte) 0x8b);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo(BaselineJson.write(b));
    }
  }

  @Test
  void aStaleVersionIsRefusedAndChangesNothing() {
    DynamoBaselineStore store = store();
    Baseline first = learned(SCOPE, "alice");
    assertThat(store.save(learned(SCOPE, "bob"), 1)).as("expects a version none wrote").isFalse();
    assertThat(store.load(SCOPE)).isEmpty();

    store.save(first, 0);
    assertThat(store.save(learned(SCOPE, "mallory"), 0)).as("first write again").isFalse();
    assertThat(store.save(learned(SCOPE, "mallory"), 2)).as("a version from the future").isFalse();
    assertThat(store.load(SCOPE)).contains(new Versioned(first, 1));
  }

  @Test
  void ofConcurrentFirstSavesExactlyOneWins() throws Exception {
    raceFrom(0);
  }

  @Test
  void ofConcurrentSavesFromOneVersionExactlyOneWins() throws Exception {
    store().save(learned(SCOPE, "alice"), 0);
    store().save(learned(SCOPE, "alice", "bob"), 1);
    raceFrom(2);
  }

  private void raceFrom(long expected) throws Exception {
    DynamoBaselineStore store = store();
    List<Boolean> won = race(i -> () -> store.save(learned(SCOPE, "racer" + i), expected));

    assertThat(won).containsOnlyOnce(true);
    int winner = won.indexOf(true);
    assertThat(store.load(SCOPE))
        .contains(new Versioned(learned(SCOPE, "racer" + winner), expected + 1));
  }

  @Test
  void scopesAreIndependent() {
    DynamoBaselineStore store = store();
    store.save(learned(SCOPE, "alice"), 0);
    assertThat(store.save(learned("AWS|444455556666", "bob"), 0)).isTrue();
    assertThat(store.load("AWS|444455556666").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void anItemThatIsNotGzipIsAFormatError() {
    putRaw(
        tables.baselines(),
        Map.of("scope", s(SCOPE), "version", n(3), "baseline", b("{}".getBytes(UTF_8))));

    assertThatThrownBy(() -> store().load(SCOPE))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining(SCOPE)
        .hasMessageContaining(tables.baselines())
        .hasMessageContaining("not gzip")
        .hasCauseInstanceOf(BaselineFormatException.class);
  }

  @Test
  void anItemHoldingAnotherScopeIsAFormatError() {
    putRaw(
        tables.baselines(),
        Map.of(
            "scope",
            s(SCOPE),
            "version",
            n(1),
            "baseline",
            b(BaselineCodec.encode(learned("AWS|444455556666", "bob")))));

    assertThatThrownBy(() -> store().load(SCOPE))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining("holds scope \"AWS|444455556666\"")
        .hasCauseInstanceOf(BaselineFormatException.class);
  }

  @Test
  void anItemWithoutVersionNamesTheAttribute() {
    putRaw(
        tables.baselines(),
        Map.of("scope", s(SCOPE), "baseline", b(BaselineCodec.encode(learned(SCOPE, "bob")))));

    assertThatThrownBy(() -> store().load(SCOPE))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining("attribute \"version\" is missing")
        .hasCauseInstanceOf(DynamoItemFormatException.class);
  }

  @Test
  void aMissingTableIsAStoreErrorNamingIt() {
    String missing = missingTable();
    DynamoBaselineStore store = new DynamoBaselineStore(client(), missing);

    assertThatThrownBy(() -> store.load(SCOPE))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("scope=" + SCOPE)
        .hasCauseInstanceOf(DynamoTableNotFoundException.class);
    assertThatThrownBy(() -> store.save(learned(SCOPE, "alice"), 0))
        .isInstanceOf(BaselineStoreException.class)
        .hasMessageContaining(missing)
        .cause()
        .isInstanceOfSatisfying(
            DynamoTableNotFoundException.class, e -> assertThat(e.table()).isEqualTo(missing));
  }

  @Test
  void aNegativeExpectedVersionIsRefused() {
    assertThatThrownBy(() -> store().save(learned(SCOPE, "alice"), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
