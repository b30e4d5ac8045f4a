package io.runwatch.aws;

import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog;
import io.runwatch.core.port.FindingStore;

/**
 * The production FindingStore, AuditLog and Policy for the containment function. The DynamoDB
 * adapters ({@code DynamoFindingStore}, {@code DynamoAuditLog}) and the policy loader are built on
 * other branches; these three methods are where they are plugged in when the branches merge. Until
 * then they fail with a clear message on the first invocation instead of acting without an audit
 * log.
 */
final class ProductionStores {
  private ProductionStores() {}

  static FindingStore findings(ContainConfig config) {
    throw new IllegalStateException(
        "FindingStore for table "
            + config.findingsTable()
            + " is not wired (io.runwatch.aws.dynamo)");
  }

  static AuditLog audit(ContainConfig config) {
    throw new IllegalStateException(
        "AuditLog for table " + config.auditTable() + " is not wired (io.runwatch.aws.dynamo)");
  }

  static Policy policy() {
    return Policy.defaults();
  }
}
