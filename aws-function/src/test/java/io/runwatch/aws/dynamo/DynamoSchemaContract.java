package io.runwatch.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link TestTables} builds the tables the contract describes, as the server reports them. */
abstract class DynamoSchemaContract extends DynamoContract {

  TableDescription describe(String table) {
    return client().describeTable(d -> d.tableName(table)).table();
  }

  static Map<String, String> keys(List<KeySchemaElement> schema) {
    return schema.stream()
        .collect(Collectors.toMap(KeySchemaElement::attributeName, k -> k.keyTypeAsString()));
  }

  String ttl(String table) {
    var d = client().describeTimeToLive(t -> t.tableName(table)).timeToLiveDescription();
    return d.timeToLiveStatus() == TimeToLiveStatus.ENABLED ? d.attributeName() : null;
  }

  @Test
  void keysAreTheContracts() {
    assertThat(keys(describe(tables.baselines()).keySchema())).isEqualTo(Map.of("scope", "HASH"));
    assertThat(keys(describe(tables.findings()).keySchema())).isEqualTo(Map.of("id", "HASH"));
    assertThat(keys(describe(tables.pending()).keySchema())).isEqualTo(Map.of("id", "HASH"));
    assertThat(keys(describe(tables.journal()).keySchema()))
        .isEqualTo(Map.of("scope", "HASH", "at", "RANGE"));
    assertThat(keys(describe(tables.audit()).keySchema())).isEqualTo(Map.of("id", "HASH"));
  }

  @Test
  void pendingHasTheKeysOnlyCommandIdIndex() {
    TableDescription pending = describe(tables.pending());
    assertThat(pending.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            gsi -> {
              assertThat(gsi.indexName()).isEqualTo("byCommandId");
              assertThat(keys(gsi.keySchema())).isEqualTo(Map.of("commandId", "HASH"));
              assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
            });
  }

  @Test
  void expiringTablesHaveTheirTtlAttribute() {
    assertThat(ttl(tables.findings())).isEqualTo("expiresAt");
    assertThat(ttl(tables.pending())).isEqualTo("expiresAt");
    assertThat(ttl(tables.journal())).isEqualTo("expiresAt");
    assertThat(ttl(tables.baselines())).isNull();
    assertThat(ttl(tables.audit())).isNull();
  }
}
