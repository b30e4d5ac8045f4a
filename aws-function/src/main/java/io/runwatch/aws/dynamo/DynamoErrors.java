package io.runwatch.aws.dynamo;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Turns an SDK failure into a {@link DynamoStoreException} naming the operation, table and key. The
 * service's message is left out of ours (some validation messages quote attribute values); it stays
 * reachable as the cause for whoever debugs with the full chain.
 */
final class DynamoErrors {
  private DynamoErrors() {}

  static DynamoStoreException of(String operation, String table, String key, SdkException e) {
    String where = operation + " on DynamoDB table " + table + " (" + key + ")";
    if (e instanceof ResourceNotFoundException) {
      return new DynamoTableNotFoundException(
          where + " failed: the table does not exist in this account and region", table, key, e);
    }
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      boolean retryable = s.isThrottlingException() || s.statusCode() >= 500 || s.retryable();
      return new DynamoStoreException(
          where + " failed: " + (code == null ? "error" : code) + " (HTTP " + s.statusCode() + ")",
          table,
          key,
          retryable,
          e);
    }
    boolean retryable = e instanceof SdkClientException || e.retryable();
    return new DynamoStoreException(
        where + " failed: " + e.getClass().getSimpleName(), table, key, retryable, e);
  }
}
