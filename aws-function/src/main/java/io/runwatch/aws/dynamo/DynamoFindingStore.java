package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.n;
import static io.runwatch.aws.dynamo.Attributes.s;

import io.runwatch.core.port.FindingStore;
import io.runwatch.core.triage.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link FindingStore} on the {@code findings} table: {@code id} (S, the key), {@code json} (S,
 * FindingJson), {@code storedAt}, {@code notifiedAt} (S, ISO-8601, the latter once notified),
 * {@code severity}, {@code account} (S; absent when the event named none) and {@code expiresAt} (N,
 * TTL: {@value #RETENTION_DAYS} days after {@code storedAt}).
 *
 * <p>{@link #putIfAbsent} is a PutItem conditional on {@code attribute_not_exists(id)}, so of any
 * number of deliveries of one event exactly one is {@code CREATED}. The losers ask for the stored
 * item with {@code ReturnValuesOnConditionCheckFailure=ALL_OLD} and learn from its {@code
 * notifiedAt} whether the notification still has to go out, without a second round trip; where an
 * emulator returns no item with the failure, a strongly consistent GetItem answers instead.
 */
public final class DynamoFindingStore implements FindingStore {
  static final String ID = "id";
  static final String JSON = "json";
  static final String STORED_AT = "storedAt";
  static final String NOTIFIED_AT = "notifiedAt";
  static final String SEVERITY = "severity";
  static final String ACCOUNT = "account";
  static final String EXPIRES_AT = "expiresAt";

  static final int RETENTION_DAYS = 400;
  private static final Duration RETENTION = Duration.ofDays(RETENTION_DAYS);

  /** A put that lost to an item which then expired tries again; twice is already unheard of. */
  private static final int MAX_ATTEMPTS = 3;

  private final DynamoDbClient client;
  private final String table;

  public DynamoFindingStore(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public Put putIfAbsent(Finding finding, String json, Instant now) {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(now, "now");
    String id = finding.id();
    String key = Attributes.key(ID, id);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(id));
    item.put(JSON, s(json));
    item.put(STORED_AT, s(Instants.iso(now)));
    item.put(SEVERITY, s(finding.severity().name()));
    if (finding.command().account() != null) {
      item.put(ACCOUNT, s(finding.command().account()));
    }
    item.put(EXPIRES_AT, n(Instants.expiresAt(now, RETENTION)));
    for (int attempt = 1; ; attempt++) {
      Map<String, AttributeValue> before;
      try {
        client.putItem(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID))
                    .returnValuesOnConditionCheckFailure(
                        ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return Put.CREATED;
      } catch (ConditionalCheckFailedException e) {
        before = e.hasItem() && !e.item().isEmpty() ? e.item() : read(id, key).orElse(null);
      } catch (SdkException e) {
        throw DynamoErrors.of("PutItem", table, key, e);
      }
      if (before != null) {
        return before.containsKey(NOTIFIED_AT) ? Put.ALREADY_NOTIFIED : Put.STORED_NOT_NOTIFIED;
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new DynamoStoreException(
            "PutItem on DynamoDB table "
                + table
                + " ("
                + key
                + ") kept failing its condition on an item that GetItem did not find",
            table,
            key,
            true,
            null);
      }
    }
  }

  /**
   * Sets {@code notifiedAt}. Conditional on the item existing, so a finding that expired (or never
   * was) is not recreated as a stub without its JSON; as in the port's fakes, that case is a no-op.
   */
  @Override
  public void markNotified(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    String key = Attributes.key(ID, id);
    try {
      client.updateItem(
          u ->
              u.tableName(table)
                  .key(Map.of(ID, s(id)))
                  .updateExpression("SET #notifiedAt = :at")
                  .conditionExpression("attribute_exists(#id)")
                  .expressionAttributeNames(Map.of("#notifiedAt", NOTIFIED_AT, "#id", ID))
                  .expressionAttributeValues(Map.of(":at", s(Instants.iso(at)))));
    } catch (ConditionalCheckFailedException e) {
      // Not stored (expired): nothing to mark.
    } catch (SdkException e) {
      throw DynamoErrors.of("UpdateItem", table, key, e);
    }
  }

  @Override
  public Optional<Stored> get(String id) {
    Objects.requireNonNull(id, "id");
    String key = Attributes.key(ID, id);
    return read(id, key)
        .map(
            item -> {
              ItemReader r = new ItemReader(table, key, item);
              return new Stored(
                  r.string(ID),
                  r.string(JSON),
                  r.instant(STORED_AT),
                  r.optionalInstant(NOTIFIED_AT));
            });
  }

  private Optional<Map<String, AttributeValue>> read(String id, String key) {
    GetItemResponse r;
    try {
      r = client.getItem(g -> g.tableName(table).key(Map.of(ID, s(id))).consistentRead(true));
    } catch (SdkException e) {
      throw DynamoErrors.of("GetItem", table, key, e);
    }
    return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "DynamoFindingStore[" + table + "]";
  }
}
