package io.runwatch.aws.dynamo;

/**
 * A DynamoDB call of a runwatch store failed for a reason other than a condition the store expects
 * (those are answers, not errors). The message names the operation, the table and the item's key,
 * and the service's error code; never an item's content.
 */
public class DynamoStoreException extends RuntimeException {
  private final String table;
  private final String key;
  private final boolean retryable;

  public DynamoStoreException(
      String message, String table, String key, boolean retryable, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.key = key;
    this.retryable = retryable;
  }

  /** The table the call was made on. */
  public String table() {
    return table;
  }

  /** The item's key as {@code name=value} (or a query's key condition). */
  public String key() {
    return key;
  }

  /** Whether the same call may succeed later (throttling, a 5xx, a network error). */
  public boolean retryable() {
    return retryable;
  }
}
