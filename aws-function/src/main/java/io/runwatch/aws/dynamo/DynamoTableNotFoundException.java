package io.runwatch.aws.dynamo;

/**
 * The table does not exist in this account and region (or the function's role may not see it): a
 * deployment error, never worth retrying.
 */
public final class DynamoTableNotFoundException extends DynamoStoreException {
  public DynamoTableNotFoundException(String message, String table, String key, Throwable cause) {
    super(message, table, key, false, cause);
  }
}
