package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.b;
import static io.runwatch.aws.dynamo.Attributes.n;
import static io.runwatch.aws.dynamo.Attributes.s;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineFormatException;
import io.runwatch.core.baseline.BaselineStoreException;
import io.runwatch.core.port.BaselineStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@link BaselineStore} on the {@code baselines} table: one item per scope, {@code scope} (S, the
 * key), {@code version} (N) and {@code baseline} (B, see {@link BaselineCodec}).
 *
 * <p>A save is one conditional PutItem: {@code attribute_not_exists(scope)} for the first version,
 * {@code version = :expected} after that, writing {@code expected + 1}. DynamoDB evaluates the
 * condition and the write atomically, so of two invocations that loaded the same version exactly
 * one writes; the other gets {@code false}, reloads and re-applies its command. Loads are strongly
 * consistent, so a reload sees the winner's write.
 *
 * <p>Errors are core's, as the file store raises them: a stored item that cannot be read is a
 * {@link BaselineStoreException} caused by a {@link BaselineFormatException}; a failed call is a
 * {@link BaselineStoreException} caused by a {@link DynamoStoreException} naming table and scope.
 */
public final class DynamoBaselineStore implements BaselineStore {
  static final String SCOPE = "scope";
  static final String VERSION = "version";
  static final String BASELINE = "baseline";

  /** DynamoDB's item limit is 400 KB, names and the other attributes included. */
  static final int MAX_BASELINE_BYTES = 400 * 1024 - 1024;

  private final DynamoDbClient client;
  private final String table;

  public DynamoBaselineStore(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public Optional<Versioned> load(String scope) {
    Objects.requireNonNull(scope, "scope");
    String key = Attributes.key(SCOPE, scope);
    GetItemResponse r;
    try {
      r = client.getItem(g -> g.tableName(table).key(Map.of(SCOPE, s(scope))).consistentRead(true));
    } catch (SdkException e) {
      throw failed(DynamoErrors.of("GetItem", table, key, e));
    }
    if (!r.hasItem() || r.item().isEmpty()) {
      return Optional.empty();
    }
    String source = "dynamodb table " + table + " item " + key;
    try {
      ItemReader item = new ItemReader(table, key, r.item());
      long version = item.number(VERSION);
      if (version < 1) {
        throw new DynamoItemFormatException(table, key, "attribute \"version\" is < 1", null);
      }
      Baseline baseline = BaselineCodec.decode(item.bytes(BASELINE), source);
      if (!scope.equals(baseline.scope())) {
        throw new BaselineFormatException(source, "holds scope \"" + baseline.scope() + "\"");
      }
      return Optional.of(new Versioned(baseline, version));
    } catch (BaselineFormatException | DynamoItemFormatException e) {
      throw new BaselineStoreException(
          "cannot use the stored baseline of scope "
              + scope
              + ": "
              + e.getMessage()
              + " (delete the item to learn this scope afresh)",
          e);
    }
  }

  @Override
  public boolean save(Baseline baseline, long expectedVersion) {
    Objects.requireNonNull(baseline, "baseline");
    String scope = Objects.requireNonNull(baseline.scope(), "baseline.scope");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0: " + expectedVersion);
    }
    String key = Attributes.key(SCOPE, scope);
    byte[] encoded = BaselineCodec.encode(baseline);
    if (encoded.length > MAX_BASELINE_BYTES) {
      throw new BaselineStoreException(
          "the baseline of scope "
              + scope
              + " is "
              + encoded.length
              + " bytes gzipped, more than a DynamoDB item of table "
              + table
              + " holds ("
              + MAX_BASELINE_BYTES
              + ")");
    }
    Map<String, AttributeValue> item =
        Map.of(SCOPE, s(scope), VERSION, n(expectedVersion + 1), BASELINE, b(encoded));
    try {
      if (expectedVersion == 0) {
        client.putItem(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#scope)")
                    .expressionAttributeNames(Map.of("#scope", SCOPE)));
      } else {
        client.putItem(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", VERSION))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion))));
      }
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw failed(DynamoErrors.of("PutItem", table, key, e));
    }
  }

  private static BaselineStoreException failed(DynamoStoreException e) {
    return new BaselineStoreException(e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "DynamoBaselineStore[" + table + "]";
  }
}
