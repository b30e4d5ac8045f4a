package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.b;
import static io.runwatch.aws.dynamo.Attributes.n;
import static io.runwatch.aws.dynamo.Attributes.s;

import io.runwatch.core.port.EventJournal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link EventJournal} on the {@code journal} table: partition key {@code scope} (S), sort key
 * {@code at} (S: the event's time in a fixed-width ISO-8601 form, {@code #}, the event key), {@code
 * event} (B), {@code key} (S) and {@code expiresAt} (N, TTL: two days after the event, longer than
 * any detector window).
 *
 * <p>The time is written with nanoseconds always present ({@code 2026-11-18T03:05:00.000000000Z}),
 * so the sort key's lexical order is time order, and for one time, key order.
 *
 * <p>{@link #append} is a PutItem conditional on {@code attribute_not_exists(at)}: a redelivered
 * event finds its item and changes nothing; the failed condition is the expected answer, reported
 * as {@code false} (the port's "a copy was journaled before"). Idempotency is per scope, time and
 * key, as the port defines it: the sort key is exactly time and key.
 *
 * <p>{@link #since} queries {@code scope = :s AND at >= :from} newest first ({@code
 * ScanIndexForward=false}), following pages until it holds {@code limit} entries or the range ends,
 * and reverses them: the port wants the newest {@code limit}, oldest first. {@code :from} is the
 * bare time, which sorts before every {@code time#key} of that instant, so events exactly at {@code
 * from} are included. Reads are strongly consistent, so an event another invocation journaled a
 * moment ago is seen.
 */
public final class DynamoEventJournal implements EventJournal {
  static final String SCOPE = "scope";
  static final String AT = "at";
  static final String EVENT = "event";
  static final String KEY = "key";
  static final String EXPIRES_AT = "expiresAt";

  private static final Duration RETENTION = Duration.ofDays(2);

  /** No page limit beyond the entries still wanted: DynamoDB's 1 MB page cap applies. */
  static final int UNLIMITED_PAGES = Integer.MAX_VALUE;

  private final DynamoDbClient client;
  private final String table;
  private final int pageSize;

  public DynamoEventJournal(DynamoDbClient client, String table) {
    this(client, table, UNLIMITED_PAGES);
  }

  /** With at most {@code pageSize} items per Query page: lets tests cross page boundaries. */
  DynamoEventJournal(DynamoDbClient client, String table, int pageSize) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
    }
    this.pageSize = pageSize;
  }

  @Override
  public boolean append(String scope, Instant time, String key, byte[] event) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(event, "event");
    String at = sortKey(time, key);
    try {
      client.putItem(
          p ->
              p.tableName(table)
                  .item(
                      Map.of(
                          SCOPE,
                          s(scope),
                          AT,
                          s(at),
                          EVENT,
                          b(event),
                          KEY,
                          s(key),
                          EXPIRES_AT,
                          n(Instants.expiresAt(time, RETENTION))))
                  .conditionExpression("attribute_not_exists(#at)")
                  .expressionAttributeNames(Map.of("#at", AT)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false; // journaled by an earlier delivery: appends are idempotent
    } catch (SdkException e) {
      throw DynamoErrors.of("PutItem", table, keyOf(scope, at), e);
    }
  }

  /** A strongly consistent GetItem of the key alone (the event itself is not transferred). */
  @Override
  public boolean contains(String scope, Instant time, String key) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(key, "key");
    String at = sortKey(time, key);
    GetItemResponse r;
    try {
      r =
          client.getItem(
              g ->
                  g.tableName(table)
                      .key(Map.of(SCOPE, s(scope), AT, s(at)))
                      .consistentRead(true)
                      .projectionExpression("#at")
                      .expressionAttributeNames(Map.of("#at", AT)));
    } catch (SdkException e) {
      throw DynamoErrors.of("GetItem", table, keyOf(scope, at), e);
    }
    return r.hasItem() && !r.item().isEmpty();
  }

  @Override
  public List<Entry> since(String scope, Instant from, int limit) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(from, "from");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    String lower = Instants.sortable(from);
    String condition = Attributes.key(SCOPE, scope) + ", at >= " + lower;
    List<Entry> newestFirst = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    while (newestFirst.size() < limit) {
      Map<String, AttributeValue> after = start;
      int wanted = Math.min(limit - newestFirst.size(), pageSize);
      QueryResponse r;
      try {
        r =
            client.query(
                q ->
                    q.tableName(table)
                        .keyConditionExpression("#scope = :s AND #at >= :from")
                        .expressionAttributeNames(Map.of("#scope", SCOPE, "#at", AT))
                        .expressionAttributeValues(Map.of(":s", s(scope), ":from", s(lower)))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(wanted)
                        .exclusiveStartKey(after));
      } catch (SdkException e) {
        throw DynamoErrors.of("Query", table, condition, e);
      }
      for (Map<String, AttributeValue> item : r.items()) {
        newestFirst.add(entry(scope, item));
      }
      if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
        break;
      }
      start = r.lastEvaluatedKey();
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private Entry entry(String scope, Map<String, AttributeValue> item) {
    String at = new ItemReader(table, Attributes.key(SCOPE, scope), item).string(AT);
    String itemKey = keyOf(scope, at);
    ItemReader reader = new ItemReader(table, itemKey, item);
    Instant time;
    try {
      time =
          Instants.parseSortable(at.substring(0, Math.min(at.length(), Instants.SORTABLE_LENGTH)));
    } catch (DateTimeException e) {
      throw new DynamoItemFormatException(
          table, itemKey, "attribute \"at\" does not start with a fixed-width instant", e);
    }
    return new Entry(time, reader.string(KEY), reader.bytes(EVENT));
  }

  private static String sortKey(Instant time, String key) {
    return Instants.sortable(time) + "#" + key;
  }

  private static String keyOf(String scope, String at) {
    return Attributes.key(SCOPE, scope) + ", " + Attributes.key(AT, at);
  }

  @Override
  public String toString() {
    return "DynamoEventJournal[" + table + "]";
  }
}
