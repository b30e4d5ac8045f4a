package io.runwatch.aws;

import io.runwatch.aws.contain.AwsContainmentProvider;
import io.runwatch.aws.contain.ContainmentClients;
import io.runwatch.aws.contain.LazyContainmentClients;
import io.runwatch.core.contain.AwsResponderRoles;
import io.runwatch.core.contain.ContainmentService;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog;
import io.runwatch.core.port.FindingStore;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What {@link ContainHandler} runs on: the service (with its provider, stores, audit log and
 * authorization), the SNS notice, and how requests arrive. Tests build it from WireMock-backed
 * clients and core's in-memory stores; {@link #production} from the environment.
 *
 * @param notice null to send no SNS notice
 */
public record ContainDependencies(
    ContainmentService service, SnsAuditNotice notice, ContainConfig.Entry entry) {

  /**
   * Wires the function for AWS. The stores are parameters because their DynamoDB adapters ({@code
   * io.runwatch.aws.dynamo}) and the policy loader live in other packages: {@link
   * ContainHandler#ContainHandler()} passes them in.
   */
  public static ContainDependencies production(
      ContainConfig config, FindingStore findings, AuditLog audit, Policy policy) {
    ContainmentClients clients = new LazyContainmentClients(Region.of(config.region()));
    SnsClient sns =
        SnsClient.builder()
            .region(Region.of(config.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    return of(config, clients, findings, audit, policy, sns, Clock.systemUTC());
  }

  /** The same wiring with given clients and clock: what the tests use. */
  public static ContainDependencies of(
      ContainConfig config,
      ContainmentClients clients,
      FindingStore findings,
      AuditLog audit,
      Policy policy,
      SnsClient sns,
      Clock clock) {
    ContainmentService service =
        new ContainmentService(
            new AwsContainmentProvider(clients, config.quarantineGroup()),
            Cloud.AWS,
            findings,
            audit,
            AwsResponderRoles.of(config.responderRoles()),
            policy,
            clock,
            () -> UUID.randomUUID().toString());
    return new ContainDependencies(
        service, sns == null ? null : new SnsAuditNotice(sns, config.topicArn()), config.entry());
  }
}
