package io.runwatch.aws.dynamo;

/**
 * An audit record with this id is already stored. Audit records are never overwritten, so a second
 * record under one id is a caller's bug (ids are unique per attempt), surfaced rather than ignored.
 */
public final class AuditRecordExistsException extends DynamoStoreException {
  public AuditRecordExistsException(String table, String key, Throwable cause) {
    super(
        "audit record "
            + key
            + " already exists in table "
            + table
            + ": records are never overwritten",
        table,
        key,
        false,
        cause);
  }
}
