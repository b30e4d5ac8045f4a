package io.runwatch.aws.dynamo;

import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The five tables exactly as the contract defines them (keys, the {@code byCommandId} GSI, the TTL
 * attributes): the reference the Terraform module mirrors. PITR and KMS encryption are the module's
 * business; emulators ignore them.
 */
public final class TestTables {
  static final String TTL_ATTRIBUTE = "expiresAt";

  private TestTables() {}

  /** Fresh table names under a random prefix, so tests never see each other's items. */
  public static DynamoTables unique() {
    String p = "rw-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    return new DynamoTables(
        p + "baselines", p + "findings", p + "pending", p + "journal", p + "audit");
  }

  public static void create(DynamoDbClient client, DynamoTables t) {
    client.createTable(hashKeyed(t.baselines(), "scope"));
    client.createTable(hashKeyed(t.findings(), "id"));
    client.createTable(
        hashKeyed(t.pending(), "id").toBuilder()
            .attributeDefinitions(
                attribute("id"), attribute(DynamoPendingCorrelationStore.COMMAND_ID))
            .globalSecondaryIndexes(
                GlobalSecondaryIndex.builder()
                    .indexName(DynamoPendingCorrelationStore.BY_COMMAND_ID)
                    .keySchema(key(DynamoPendingCorrelationStore.COMMAND_ID, KeyType.HASH))
                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                    .build())
            .build());
    client.createTable(
        CreateTableRequest.builder()
            .tableName(t.journal())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(attribute("scope"), attribute("at"))
            .keySchema(key("scope", KeyType.HASH), key("at", KeyType.RANGE))
            .build());
    client.createTable(hashKeyed(t.audit(), "id"));
    for (String table :
        new String[] {t.baselines(), t.findings(), t.pending(), t.journal(), t.audit()}) {
      client.waiter().waitUntilTableExists(d -> d.tableName(table));
    }
    for (String table : new String[] {t.findings(), t.pending(), t.journal()}) {
      client.updateTimeToLive(
          u ->
              u.tableName(table)
                  .timeToLiveSpecification(s -> s.enabled(true).attributeName(TTL_ATTRIBUTE)));
    }
  }

  private static CreateTableRequest hashKeyed(String table, String key) {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(key))
        .keySchema(key(key, KeyType.HASH))
        .build();
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
