package io.runwatch.aws;

import io.runwatch.aws.dynamo.DynamoAuditLog;
import io.runwatch.aws.dynamo.DynamoFindingStore;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog;
import io.runwatch.core.port.FindingStore;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The containment function's stores and policy, from its environment: the findings it reads actions
 * from and the audit log it writes every attempt to (both DynamoDB, one client), and the same
 * policy file the detection reads (protected principals must be the same on both sides).
 */
final class ProductionStores {
  private final ContainConfig config;
  private final Map<String, String> env;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Lazy<DynamoDbClient> dynamo;

  ProductionStores(ContainConfig config, Map<String, String> env) {
    this.config = config;
    this.env = env;
    this.dynamo =
        new Lazy<>(
            () ->
                DynamoDbClient.builder()
                    .region(Region.of(config.region()))
                    .httpClient(http)
                    .build());
  }

  FindingStore findings() {
    return new DynamoFindingStore(dynamo.get(), config.findingsTable());
  }

  AuditLog audit() {
    return new DynamoAuditLog(dynamo.get(), config.auditTable());
  }

  Policy policy() {
    String location = env.get(AwsConfig.POLICY);
    if (location == null || location.isBlank()) {
      return Policy.defaults();
    }
    Region region = Region.of(config.region());
    try (S3Client s3 = S3Client.builder().region(region).httpClient(http).build();
        SsmClient ssm = SsmClient.builder().region(region).httpClient(http).build()) {
      return PolicySource.load(location.strip(), s3, ssm);
    }
  }
}
