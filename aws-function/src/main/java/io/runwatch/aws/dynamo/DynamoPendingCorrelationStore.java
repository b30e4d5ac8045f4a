package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.b;
import static io.runwatch.aws.dynamo.Attributes.n;
import static io.runwatch.aws.dynamo.Attributes.s;

import io.runwatch.core.port.PendingCorrelationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link PendingCorrelationStore} on the {@code pending} table: {@code id} (S, the key), {@code
 * version}, {@code attempts} (N), {@code account}, {@code baseline}, {@code firstSeen}, {@code
 * deadline} (S), {@code commandId} (S, absent when unknown), {@code event} (B) and {@code
 * expiresAt} (N, TTL: a day after the deadline, so an item no re-check settled still goes away).
 *
 * <p>Every write names the version it expects, so two re-checks (the status event's and the
 * schedule's) never both settle one command: {@link #putIfAbsent} writes version 1 if {@code
 * attribute_not_exists(id)}; {@link #update} writes {@code p} if {@code version = p.version() - 1};
 * {@link #delete} removes the item if {@code version = :version}.
 *
 * <p>{@link #byCommandId} queries the GSI {@code byCommandId}, projected KEYS_ONLY, then reads each
 * item with a strongly consistent GetItem: a GSI is only eventually consistent, and the caller is
 * about to write conditionally on the version it gets, so it must be the table's current one (and
 * the item not already deleted); KEYS_ONLY also spares every write a second copy of the event and
 * the baseline. An item written a moment ago may be missing from the index; the scheduled re-check
 * ({@link #oldest}) still finds it.
 *
 * <p>{@link #oldest} scans the whole table (paginated, strongly consistent) and sorts by {@code
 * firstSeen}: the table is small by design, holding only commands whose host evidence is minutes
 * late, each for at most its deadline (two hours by default), so a scan every five minutes reads a
 * handful of items. An index on {@code firstSeen} would need one constant partition key, a hot
 * partition, for no gain at this size.
 */
public final class DynamoPendingCorrelationStore implements PendingCorrelationStore {
  static final String ID = "id";
  static final String VERSION = "version";
  static final String ACCOUNT = "account";
  static final String COMMAND_ID = "commandId";
  static final String EVENT = "event";
  static final String BASELINE = "baseline";
  static final String FIRST_SEEN = "firstSeen";
  static final String DEADLINE = "deadline";
  static final String ATTEMPTS = "attempts";
  static final String EXPIRES_AT = "expiresAt";

  /** The GSI on {@code commandId}. */
  public static final String BY_COMMAND_ID = "byCommandId";

  private static final Duration KEPT_AFTER_DEADLINE = Duration.ofDays(1);

  private final DynamoDbClient client;
  private final String table;

  public DynamoPendingCorrelationStore(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public boolean putIfAbsent(Pending p) {
    Objects.requireNonNull(p, "p");
    return write(
        item(p, 1), "attribute_not_exists(#id)", Map.of("#id", ID), Map.of(), "PutItem", p.id());
  }

  @Override
  public Optional<Pending> get(String id) {
    Objects.requireNonNull(id, "id");
    String key = Attributes.key(ID, id);
    GetItemResponse r;
    try {
      r = client.getItem(g -> g.tableName(table).key(Map.of(ID, s(id))).consistentRead(true));
    } catch (SdkException e) {
      throw DynamoErrors.of("GetItem", table, key, e);
    }
    return r.hasItem() && !r.item().isEmpty()
        ? Optional.of(pending(key, r.item()))
        : Optional.empty();
  }

  @Override
  public List<Pending> byCommandId(String commandId) {
    Objects.requireNonNull(commandId, "commandId");
    String key = Attributes.key(COMMAND_ID, commandId) + " in index " + BY_COMMAND_ID;
    List<String> ids = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse r;
      try {
        r =
            client.query(
                q ->
                    q.tableName(table)
                        .indexName(BY_COMMAND_ID)
                        .keyConditionExpression("#commandId = :c")
                        .expressionAttributeNames(Map.of("#commandId", COMMAND_ID))
                        .expressionAttributeValues(Map.of(":c", s(commandId)))
                        .exclusiveStartKey(from));
      } catch (SdkException e) {
        throw DynamoErrors.of("Query", table, key, e);
      }
      for (Map<String, AttributeValue> k : r.items()) {
        ids.add(new ItemReader(table, key, k).string(ID));
      }
      start =
          r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    List<Pending> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      get(id).filter(p -> commandId.equals(p.commandId())).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public List<Pending> oldest(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    List<Pending> all = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse r;
      try {
        r = client.scan(sc -> sc.tableName(table).consistentRead(true).exclusiveStartKey(from));
      } catch (SdkException e) {
        throw DynamoErrors.of("Scan", table, "whole table", e);
      }
      for (Map<String, AttributeValue> item : r.items()) {
        String key = item.containsKey(ID) ? Attributes.key(ID, item.get(ID).s()) : "no id";
        all.add(pending(key, item));
      }
      start =
          r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    all.sort(Comparator.comparing(Pending::firstSeen).thenComparing(Pending::id));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  @Override
  public boolean update(Pending p) {
    Objects.requireNonNull(p, "p");
    return write(
        item(p, p.version()),
        "#version = :previous",
        Map.of("#version", VERSION),
        Map.of(":previous", n(p.version() - 1)),
        "PutItem",
        p.id());
  }

  @Override
  public boolean delete(String id, long version) {
    Objects.requireNonNull(id, "id");
    String key = Attributes.key(ID, id);
    try {
      client.deleteItem(
          d ->
              d.tableName(table)
                  .key(Map.of(ID, s(id)))
                  .conditionExpression("#version = :version")
                  .expressionAttributeNames(Map.of("#version", VERSION))
                  .expressionAttributeValues(Map.of(":version", n(version))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw DynamoErrors.of("DeleteItem", table, key, e);
    }
  }

  private boolean write(
      Map<String, AttributeValue> item,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String operation,
      String id) {
    try {
      client.putItem(
          p ->
              p.tableName(table)
                  .item(item)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values.isEmpty() ? null : values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw DynamoErrors.of(operation, table, Attributes.key(ID, id), e);
    }
  }

  private static Map<String, AttributeValue> item(Pending p, long version) {
    Objects.requireNonNull(p.id(), "pending.id");
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(p.id()));
    item.put(VERSION, n(version));
    item.put(ACCOUNT, s(Objects.requireNonNull(p.account(), "pending.account")));
    if (p.commandId() != null) {
      item.put(COMMAND_ID, s(p.commandId()));
    }
    item.put(EVENT, b(Objects.requireNonNull(p.event(), "pending.event")));
    item.put(BASELINE, s(Objects.requireNonNull(p.baseline(), "pending.baseline")));
    item.put(
        FIRST_SEEN, s(Instants.iso(Objects.requireNonNull(p.firstSeen(), "pending.firstSeen"))));
    item.put(DEADLINE, s(Instants.iso(Objects.requireNonNull(p.deadline(), "pending.deadline"))));
    item.put(ATTEMPTS, n(p.attempts()));
    item.put(EXPIRES_AT, n(Instants.expiresAt(p.deadline(), KEPT_AFTER_DEADLINE)));
    return item;
  }

  private Pending pending(String key, Map<String, AttributeValue> item) {
    ItemReader r = new ItemReader(table, key, item);
    long attempts = r.number(ATTEMPTS);
    if (attempts < 0 || attempts > Integer.MAX_VALUE) {
      throw new DynamoItemFormatException(
          table, key, "attribute \"attempts\" is out of range", null);
    }
    return new Pending(
        r.string(ID),
        r.string(ACCOUNT),
        r.optionalString(COMMAND_ID),
        r.bytes(EVENT),
        r.string(BASELINE),
        r.instant(FIRST_SEEN),
        r.instant(DEADLINE),
        (int) attempts,
        r.number(VERSION));
  }

  @Override
  public String toString() {
    return "DynamoPendingCorrelationStore[" + table + "]";
  }
}
