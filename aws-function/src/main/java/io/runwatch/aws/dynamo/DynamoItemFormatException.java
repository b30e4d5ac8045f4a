package io.runwatch.aws.dynamo;

/**
 * A stored item lacks an attribute runwatch wrote, or holds it with another type or an unreadable
 * value: the table was written by something else, or by hand. Names the table, the key and the
 * attribute.
 */
public final class DynamoItemFormatException extends DynamoStoreException {
  public DynamoItemFormatException(String table, String key, String problem, Throwable cause) {
    super("item " + key + " in table " + table + ": " + problem, table, key, false, cause);
  }
}
