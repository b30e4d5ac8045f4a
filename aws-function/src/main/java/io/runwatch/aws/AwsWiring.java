package io.runwatch.aws;

import io.runwatch.aws.dynamo.DynamoBaselineStore;
import io.runwatch.aws.dynamo.DynamoEventJournal;
import io.runwatch.aws.dynamo.DynamoFindingStore;
import io.runwatch.aws.dynamo.DynamoPendingCorrelationStore;
import io.runwatch.aws.ec2.Ec2HostDirectory;
import io.runwatch.aws.logs.LogsInsightsSettings;
import io.runwatch.aws.logs.LogsInsightsTelemetrySource;
import io.runwatch.aws.logs.Pause;
import io.runwatch.aws.notify.CompositeNotifier;
import io.runwatch.aws.notify.NotifyConfig;
import io.runwatch.aws.notify.SecurityHubFindingExporter;
import io.runwatch.aws.notify.SnsFindingNotifier;
import io.runwatch.aws.ssm.RegionalClients;
import io.runwatch.aws.ssm.SsmCommandContentSource;
import io.runwatch.aws.ssm.SsmInvocationStatuses;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.port.HostTelemetrySource;
import io.runwatch.core.service.EventDetection;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the detection the handlers run from the Lambda environment: one URL-connection HTTP client
 * shared by every SDK client (no Netty or Apache start-up), each client built on first use, the
 * policy read once per container. Endpoints come from the SDK's own resolution, so the standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables point a local run at emulators without code here.
 */
final class AwsWiring {
  /** The detection of this container, built on the first event. */
  static final Lazy<EventDetection> DETECTION =
      new Lazy<>(
          () -> new AwsWiring(System.getenv(), ClientSetup.LAMBDA, Clock.systemUTC()).detection());

  /**
   * The detection for a handler's public constructor: the environment is checked now, in Lambda's
   * init phase, so a broken deployment fails at start with every problem named; the clients and the
   * policy are still built on the first event.
   */
  static Lazy<EventDetection> checkedAtStart() {
    AwsConfig.from(System.getenv());
    return DETECTION;
  }

  private final Map<String, String> env;
  private final ClientSetup setup;
  private final Clock clock;
  private final AwsConfig config;
  private final Region region;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Lazy<DynamoDbClient> dynamo;
  private final Lazy<SnsClient> sns;
  private final Lazy<CloudWatchLogsClient> logs;
  private final Lazy<Ec2Client> ec2;
  private final Ec2HostDirectory hosts;

  AwsWiring(Map<String, String> env, ClientSetup setup, Clock clock) {
    this.env = env;
    this.setup = setup;
    this.clock = clock;
    this.config = AwsConfig.from(env);
    String r = env.get("AWS_REGION");
    this.region = r == null || r.isBlank() ? Region.US_EAST_1 : Region.of(r);
    this.dynamo = new Lazy<>(() -> build(DynamoDbClient.builder(), "dynamodb"));
    this.sns = new Lazy<>(() -> build(SnsClient.builder(), "sns"));
    this.logs = new Lazy<>(() -> build(CloudWatchLogsClient.builder(), "logs"));
    this.ec2 = new Lazy<>(() -> build(Ec2Client.builder(), "ec2"));
    this.hosts = new Ec2HostDirectory(ec2);
  }

  EventDetection detection() {
    DynamoDbClient db = dynamo.get();
    RegionalClients<SsmClient> ssm =
        new RegionalClients<>(region.id(), id -> build(SsmClient.builder(), "ssm", Region.of(id)));
    SsmInvocationStatuses invocations = new SsmInvocationStatuses(ssm);
    return new EventDetection(
        new EventDetection.Ports(
            new DynamoBaselineStore(db, config.baselinesTable()),
            new DynamoFindingStore(db, config.findingsTable()),
            notifier(),
            new DynamoPendingCorrelationStore(db, config.pendingTable()),
            new DynamoEventJournal(db, config.journalTable()),
            new SsmCommandContentSource(ssm),
            telemetry(),
            hosts,
            c -> invocations.of(c).statuses()),
        policy(),
        config.settings(),
        clock);
  }

  private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
      B builder, String service) {
    return build(builder, service, region);
  }

  private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
      B builder, String service, Region in) {
    builder.httpClient(http);
    return setup.apply(builder.region(in), service).build();
  }

  private FindingNotifier notifier() {
    NotifyConfig nc = NotifyConfig.fromEnv(env);
    // The SNS client is built on the first finding to publish, not for every cold start: most
    // events (status changes, redeliveries, commands that find nothing) never publish.
    Lazy<FindingNotifier> sent = new Lazy<>(() -> new SnsFindingNotifier(sns.get(), nc));
    FindingNotifier toSns = finding -> sent.get().publish(finding);
    if (!config.securityHub()) {
      return toSns;
    }
    SecurityHubClient hub = build(SecurityHubClient.builder(), "securityhub");
    return new CompositeNotifier(
        toSns,
        new SecurityHubFindingExporter(hub, nc, clock),
        e ->
            System.err.println(
                "{\"level\":\"WARN\",\"securityHub\":\"" + e.getClass().getSimpleName() + "\"}"));
  }

  /** Without log groups there is no host telemetry to ask: every target is a blind spot. */
  private HostTelemetrySource telemetry() {
    if (config.logGroups().isEmpty()) {
      return (vm, from, to, out) -> {};
    }
    Supplier<CloudWatchLogsClient> client = logs;
    return new LogsInsightsTelemetrySource(
        client,
        LogsInsightsSettings.of(config.logGroups()),
        hosts::hostNamesOf,
        InstantSource.system(),
        Pause.THREAD);
  }

  private Policy policy() {
    if (config.policy().isEmpty()) {
      return Policy.defaults();
    }
    try (S3Client s3 = build(S3Client.builder(), "s3");
        SsmClient ssm = build(SsmClient.builder(), "ssm")) {
      return PolicySource.load(config.policy().get(), s3, ssm);
    }
  }
}
