package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.s;

import io.runwatch.core.port.AuditLog;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link AuditLog} on the {@code audit} table: {@code id} (S, the key), {@code time} (S, ISO-8601),
 * {@code caller}, {@code action}, {@code mode}, {@code decision}, {@code findingId}, {@code reason}
 * (S, each absent when null) and {@code details} (M of S). No TTL: audit records are kept.
 *
 * <p>A PutItem conditional on {@code attribute_not_exists(id)}: an audit record is never
 * overwritten, so a second record under one id fails with {@link AuditRecordExistsException}
 * instead of silently replacing the first.
 */
public final class DynamoAuditLog implements AuditLog {
  static final String ID = "id";
  static final String TIME = "time";
  static final String CALLER = "caller";
  static final String ACTION = "action";
  static final String MODE = "mode";
  static final String DECISION = "decision";
  static final String FINDING_ID = "findingId";
  static final String REASON = "reason";
  static final String DETAILS = "details";

  private final DynamoDbClient client;
  private final String table;

  public DynamoAuditLog(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public void record(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    String key = Attributes.key(ID, record.id());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(record.id()));
    item.put(TIME, s(Instants.iso(record.time())));
    putIfPresent(item, CALLER, record.caller());
    putIfPresent(item, ACTION, record.action());
    putIfPresent(item, MODE, record.mode());
    putIfPresent(item, DECISION, record.decision());
    putIfPresent(item, FINDING_ID, record.findingId());
    putIfPresent(item, REASON, record.reason());
    Map<String, AttributeValue> details = new HashMap<>();
    record.details().forEach((k, v) -> details.put(k, s(v)));
    item.put(DETAILS, AttributeValue.fromM(details));
    try {
      client.putItem(
          p ->
              p.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#id)")
                  .expressionAttributeNames(Map.of("#id", ID)));
    } catch (ConditionalCheckFailedException e) {
      throw new AuditRecordExistsException(table, key, e);
    } catch (SdkException e) {
      throw DynamoErrors.of("PutItem", table, key, e);
    }
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  @Override
  public String toString() {
    return "DynamoAuditLog[" + table + "]";
  }
}
