package io.runwatch.core.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.correlate.CorrelationSettings;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.HostMap;
import io.runwatch.core.correlate.MechanismCatalog;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.correlate.TelemetryIndex;
import io.runwatch.core.ingest.Collected;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.Fixtures;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.SkipReason;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentReportParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RecordRef WHERE = new RecordRef("test", 0, 0);
  private final AgentReportParser parser = new AgentReportParser();

  private static Collected fixture(String name) {
    return Collected.ingestFile(Fixtures.event("agent", name));
  }

  private static AgentStatusEvent only(String name) {
    Collected c = fixture(name);
    assertThat(c.errors).as(name).isEmpty();
    assertThat(c.statuses).as(name).hasSize(1);
    return c.statuses.get(0);
  }

  /** Parses one record directly, keeping what it emits. */
  private List<AgentStatusEvent> parse(String json) throws InvalidRecordException {
    JsonNode record;
    try {
      record = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(parser.accepts(record)).as("accepts %s", json).isTrue();
    List<AgentStatusEvent> out = new ArrayList<>();
    int n =
        parser.parse(
            record,
            WHERE,
            new IngestListener() {
              @Override
              public void command(AdminCommand command) {
                throw new AssertionError("agent reports are no commands");
              }

              @Override
              public void status(AgentStatusEvent status) {
                out.add(status);
              }
            });
    assertThat(n).as("returned count").isEqualTo(out.size());
    return out;
  }

  private InvalidRecordException error(String json) {
    try {
      List<AgentStatusEvent> out = parse(json);
      throw new AssertionError("expected an error, got " + out);
    } catch (InvalidRecordException e) {
      return e;
    }
  }

  @Nested
  class Aws {
    @Test
    void getCommandInvocationFromTheAwsCliExample() {
      AgentStatusEvent s = only("aws-getcommandinvocation-success-awscli.json");
      assertThat(s.cloud()).isEqualTo(Cloud.AWS);
      assertThat(s.kind()).isEqualTo(StatusKind.COMMAND_INVOCATION);
      assertThat(s.commandId()).isEqualTo("ef7fdfd8-9b57-4151-a15c-db9a12345678");
      assertThat(s.instanceId()).isEqualTo("i-1234567890abcdef0");
      assertThat(s.status()).isEqualTo("Success");
      assertThat(s.documentName()).isEqualTo("AWS-RunPowerShellScript");
      assertThat(s.start()).isEqualTo(Instant.parse("2019-02-14T19:26:26.439Z"));
      assertThat(s.end()).isEqualTo(Instant.parse("2019-02-14T19:26:26.439Z"));
      assertThat(s.time()).isEqualTo(s.end());
      assertThat(s.account()).isNull();
      assertThat(s.region()).isNull();
      assertThat(s.origin().source()).isEqualTo("aws-getcommandinvocation-success-awscli.json");
    }

    @Test
    void failedInvocationKeepsTheStatusAsGiven() {
      AgentStatusEvent s = only("aws-getcommandinvocation-failed-sdk.json");
      assertThat(s.status()).isEqualTo("Failed");
      assertThat(s.commandId()).isEqualTo("11111111-e17a-4261-1111-3c168559283a");
      assertThat(s.instanceId()).isEqualTo("i-08edcd9a1111111");
      assertThat(s.documentName()).isEqualTo("AWS-RunShellScript");
      assertThat(s.time()).isEqualTo(Instant.parse("2021-05-20T07:08:22.297Z"));
    }

    @Test
    void anInvocationThatNeverStartedIsRecognizedButReportsNothing() {
      Collected c = fixture("aws-getcommandinvocation-not-started-awscli.json");
      assertThat(c.statuses).isEmpty();
      assertThat(c.errors).isEmpty();
      assertThat(c.stats.skipped(SkipReason.NOT_RELEVANT)).isEqualTo(1);
    }

    @Test
    void theListWrapperGivesOneEventPerInvocationWithEpochSecondTimes() {
      Collected c = fixture("aws-listcommandinvocations-details-awscli.json");
      assertThat(c.errors).isEmpty();
      assertThat(c.stats.records()).as("the wrapper arrives whole").isEqualTo(1);
      assertThat(c.stats.relevant()).isEqualTo(1);
      assertThat(c.statuses)
          .extracting(AgentStatusEvent::instanceId)
          .containsExactly("i-1234567890abcdef0", "i-12345abcdef678901");
      AgentStatusEvent first = c.statuses.get(0);
      assertThat(first.commandId()).isEqualTo("ef7fdfd8-9b57-4151-a15c-db9a12345678");
      assertThat(first.status()).isEqualTo("Success");
      // 1550172742.696 and 1550172743.245 epoch seconds, to the millisecond.
      assertThat(first.start()).isEqualTo(Instant.parse("2019-02-14T19:32:22.696Z"));
      assertThat(first.end()).isEqualTo(Instant.parse("2019-02-14T19:32:23.245Z"));
      assertThat(first.time()).isEqualTo(first.end());
      assertThat(c.statuses.get(1).end()).isEqualTo(Instant.parse("2019-02-14T19:32:22.694Z"));
    }

    @Test
    void cliV2IsoTimesReadAsCliV1EpochSecondsDo() {
      Collected v2 = fixture("aws-listcommandinvocations-query-cliv2.json");
      Collected v1 = fixture("aws-listcommandinvocations-details-awscli.json");
      assertThat(v2.stats.records()).as("a top-level array is split").isEqualTo(2);
      assertThat(v2.statuses).hasSize(2);
      for (int i = 0; i < 2; i++) {
        AgentStatusEvent a = v1.statuses.get(i);
        AgentStatusEvent b = v2.statuses.get(i);
        assertThat(List.of(b.instanceId(), b.time(), b.start(), b.end()))
            .isEqualTo(List.of(a.instanceId(), a.time(), a.start(), a.end()));
      }
    }

    @Test
    void aBadTimeInAListIsLocatedAndNothingOfTheListIsReported() {
      Collected c = fixture("aws-listcommandinvocations-bad-time.json");
      assertThat(c.statuses).as("all or nothing").isEmpty();
      assertThat(c.errors)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
                assertThat(e.field())
                    .isEqualTo("CommandInvocations[1].CommandPlugins[0].ResponseFinishDateTime");
                assertThat(e.message()).contains("14/02/2019 19:32:22");
              });
    }

    @Test
    void missingIdsAndStatusAreLocated() {
      assertThat(error("{\"CommandId\":\"c\",\"InstanceId\":\"\",\"Status\":\"Success\"}").field())
          .isEqualTo("InstanceId");
      InvalidRecordException e =
          error(
              "{\"CommandInvocations\":[{\"CommandId\":\"c\",\"InstanceId\":\"i-1\",\"Status\":"
                  + "\"Success\",\"RequestedDateTime\":1},{\"CommandId\":\"c\",\"Status\":\"x\"}]}");
      assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
      assertThat(e.field()).isEqualTo("CommandInvocations[1].InstanceId");
      assertThat(
              error(
                      "{\"CommandId\":\"c\",\"InstanceId\":\"i-1\",\"Status\":null,"
                          + "\"ExecutionEndDateTime\":\"2019-02-14T19:26:26Z\"}")
                  .field())
          .isEqualTo("Status");
      assertThat(error("{\"CommandInvocations\":[\"not an object\"]}").field())
          .isEqualTo("CommandInvocations[0]");
    }

    @Test
    void noTimeIsAnErrorUnlessTheAgentNeverStarted() throws InvalidRecordException {
      String base = "{\"CommandId\":\"c\",\"InstanceId\":\"i-1\",\"Status\":\"Success\",";
      InvalidRecordException e =
          error(base + "\"ResponseCode\":0,\"ExecutionStartDateTime\":\"\"}");
      assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
      assertThat(e.field()).isEqualTo("ExecutionStartDateTime");
      assertThat(parse(base + "\"ResponseCode\":-1,\"ExecutionStartDateTime\":\"\"}")).isEmpty();
      assertThat(
              error(
                      "{\"CommandInvocations\":[{\"CommandId\":\"c\",\"InstanceId\":\"i-1\","
                          + "\"Status\":\"Pending\",\"CommandPlugins\":[]}]}")
                  .field())
          .isEqualTo("CommandInvocations[0].RequestedDateTime");
    }

    @Test
    void timesInEveryShapeTheCliPrints() throws InvalidRecordException {
      String base = "{\"CommandId\":\"c\",\"InstanceId\":\"i-1\",\"Status\":\"Success\",";
      assertThat(parse(base + "\"RequestedDateTime\":1550172741.988}").get(0).time())
          .isEqualTo(Instant.parse("2019-02-14T19:32:21.988Z"));
      assertThat(parse(base + "\"RequestedDateTime\":\"1550172741.988\"}").get(0).time())
          .isEqualTo(Instant.parse("2019-02-14T19:32:21.988Z"));
      assertThat(parse(base + "\"RequestedDateTime\":1550172741}").get(0).time())
          .isEqualTo(Instant.parse("2019-02-14T19:32:21Z"));
      assertThat(parse(base + "\"RequestedDateTime\":\"2019-02-14T20:32:21+01:00\"}").get(0).time())
          .isEqualTo(Instant.parse("2019-02-14T19:32:21Z"));
      assertThat(parse(base + "\"RequestedDateTime\":\"2019-02-14T19:32:21.5\"}").get(0).time())
          .as("no zone: UTC")
          .isEqualTo(Instant.parse("2019-02-14T19:32:21.500Z"));
      for (String bad : List.of("true", "{}", "1e300", "99999999999999", "\"soon\"")) {
        InvalidRecordException e = error(base + "\"RequestedDateTime\":" + bad + "}");
        assertThat(e.kind()).as(bad).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(e.field()).as(bad).isEqualTo("RequestedDateTime");
      }
    }

    @Test
    void pluginTimesSpanTheInvocation() throws InvalidRecordException {
      AgentStatusEvent s =
          parse(
                  "{\"CommandId\":\"c\",\"InstanceId\":\"i-1\",\"Status\":\"Failed\","
                      + "\"RequestedDateTime\":100,\"CommandPlugins\":["
                      + "{\"ResponseStartDateTime\":110,\"ResponseFinishDateTime\":120},"
                      + "{\"ResponseStartDateTime\":105,\"ResponseFinishDateTime\":130},"
                      + "{\"Name\":\"not started\"}]}")
              .get(0);
      assertThat(s.start()).isEqualTo(Instant.ofEpochSecond(105));
      assertThat(s.end()).isEqualTo(Instant.ofEpochSecond(130));
      assertThat(s.time()).isEqualTo(Instant.ofEpochSecond(130));
    }
  }

  @Nested
  class Azure {
    @Test
    void azCliShowWithTheInstanceView() {
      AgentStatusEvent s = only("azure-runcommand-show-instanceview-cli-telescope.json");
      assertThat(s.cloud()).isEqualTo(Cloud.AZURE);
      assertThat(s.kind()).isEqualTo(StatusKind.COMMAND_INVOCATION);
      assertThat(s.instanceId())
          .isEqualTo(
              "/subscriptions/c0d4b923-b5ea-4f8f-9b56-5390a9bf2248/resourcegroups/01092024"
                  + "/providers/microsoft.compute/virtualmachines/client-vm");
      assertThat(s.commandId()).as("Azure hosts carry no command id").isNull();
      assertThat(s.documentName()).isEqualTo("dockerCommand");
      assertThat(s.status()).isEqualTo("Succeeded");
      assertThat(s.account()).isEqualTo("c0d4b923-b5ea-4f8f-9b56-5390a9bf2248");
      assertThat(s.region()).isEqualTo("eastus");
      assertThat(s.start()).isEqualTo(Instant.parse("2024-05-13T22:55:33Z"));
      assertThat(s.end()).isEqualTo(Instant.parse("2024-05-14T00:15:37Z"));
      assertThat(s.time()).isEqualTo(s.end());
    }

    @Test
    void restGetWithExpandedInstanceView() {
      AgentStatusEvent s = only("azure-runcommand-get-rest-failed.json");
      assertThat(s.status()).isEqualTo("Failed");
      assertThat(s.instanceId())
          .isEqualTo(
              "/subscriptions/{subscription-id}/resourcegroups/myresourcegroup/providers"
                  + "/microsoft.compute/virtualmachines/myvm");
      assertThat(s.documentName()).isEqualTo("myRunCommand");
      assertThat(s.region()).isEqualTo("westus");
      assertThat(s.start()).isEqualTo(Instant.parse("2023-03-06T13:22:05.0871405Z"));
      assertThat(s.time()).isEqualTo(Instant.parse("2023-03-06T13:22:07.3746133Z"));
    }

    @Test
    void aListOfArcMachineRunCommandsGivesOneEventEach() {
      Collected c = fixture("azure-arc-runcommands-list-specs.json");
      assertThat(c.errors).isEmpty();
      assertThat(c.stats.records()).isEqualTo(1);
      assertThat(c.statuses)
          .extracting(AgentStatusEvent::documentName)
          .containsExactly("myRunCommand_1", "myRunCommand_2");
      assertThat(c.statuses)
          .extracting(AgentStatusEvent::instanceId)
          .containsOnly(
              "/subscriptions/{subscriptionid}/resourcegroups/myresourcegroup/providers"
                  + "/microsoft.hybridcompute/machines/mymachine");
      assertThat(c.statuses.get(0).time()).isEqualTo(Instant.parse("2023-06-15T20:48:41.4641785Z"));
    }

    @Test
    void theActionResponseAndABareViewNameNoMachineAndReportNothing() {
      for (String f :
          List.of(
              "azure-runcommand-action-response-specs.json",
              "azure-runcommand-query-instanceview-telescope.json")) {
        Collected c = Collected.ingestParsingEveryRecord(f, read(Fixtures.event("agent", f)));
        assertThat(c.statuses).as(f).isEmpty();
        assertThat(c.errors).as(f).isEmpty();
        assertThat(c.stats.skipped(SkipReason.NOT_RELEVANT)).as(f + " is recognized").isEqualTo(1);
      }
    }

    @Test
    void scaleSetInstancesAndAnyCasingOfTheId() throws InvalidRecordException {
      AgentStatusEvent s =
          parse(
                  "{\"id\":\"/SUBSCRIPTIONS/S1/resourceGroups/RG/providers/Microsoft.Compute/"
                      + "virtualMachineScaleSets/ss/virtualMachines/3/RUNCOMMANDS/rc1\","
                      + "\"properties\":{\"instanceView\":{\"executionState\":\"Running\","
                      + "\"startTime\":\"2024-01-01T00:00:00Z\"}}}")
              .get(0);
      assertThat(s.instanceId())
          .isEqualTo(
              "/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/"
                  + "virtualmachinescalesets/ss/virtualmachines/3");
      assertThat(s.documentName()).as("no name field: the id's last segment").isEqualTo("rc1");
      assertThat(s.account()).isEqualTo("s1");
      assertThat(s.status()).isEqualTo("Running");
      assertThat(s.end()).isNull();
      assertThat(s.time()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void aViewWithoutTimesIsNothingWhilePendingAndAnErrorOnceItRan() throws InvalidRecordException {
      String id =
          "\"id\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
              + "virtualMachines/vm/runCommands/rc\"";
      assertThat(parse("{" + id + ",\"instanceView\":{\"executionState\":\"Pending\"}}")).isEmpty();
      InvalidRecordException e =
          error(
              "{" + id + ",\"properties\":{\"instanceView\":{\"executionState\":\"Succeeded\"}}}");
      assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
      assertThat(e.field()).isEqualTo("properties.instanceView.startTime");
      assertThat(error("{" + id + ",\"instanceView\":{\"exitCode\":0}}").field())
          .isEqualTo("instanceView.executionState");
      assertThat(
              error(
                      "{\"value\":[{"
                          + id
                          + ",\"instanceView\":{\"executionState\":\"Failed\","
                          + "\"endTime\":\"yesterday\"}}]}")
                  .field())
          .isEqualTo("value[0].instanceView.endTime");
    }

    @Test
    void aRunCommandReadWithoutItsInstanceViewIsNotOneOfOurs() throws IOException {
      // az vm run-command create prints "instanceView": null (telescope README).
      JsonNode created =
          JSON.readTree(
              "{\"id\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
                  + "virtualMachines/vm/runCommands/rc\",\"instanceView\":null,"
                  + "\"provisioningState\":\"Succeeded\"}");
      assertThat(parser.accepts(created)).isFalse();
    }
  }

  @Nested
  class Gcp {
    @Test
    void instanceDetailsWithThePatchJobGiveOneEventPerInstance() {
      Collected c = fixture("gcp-patchjob-instancedetails-with-job.json");
      assertThat(c.errors).isEmpty();
      assertThat(c.statuses).hasSize(2);
      AgentStatusEvent web1 = c.statuses.get(0);
      assertThat(web1.cloud()).isEqualTo(Cloud.GCP);
      assertThat(web1.kind()).isEqualTo(StatusKind.COMMAND_INVOCATION);
      assertThat(web1.commandId())
          .as("as the audit log names the job")
          .isEqualTo("projects/demo-project/patchJobs/3c1f8d52-6a7e-4b09-9e51-0d2f4c8b7a16");
      assertThat(web1.instanceId()).isEqualTo("4100000073013219039");
      assertThat(web1.status()).as("SUCCEEDED_REBOOT_REQUIRED").isEqualTo("Succeeded");
      assertThat(web1.account()).isEqualTo("demo-project");
      assertThat(web1.region()).isEqualTo("us-central1-a");
      assertThat(web1.documentName()).isEqualTo("hotfix-openssl");
      assertThat(web1.time()).isEqualTo(Instant.parse("2025-03-04T10:21:47.529Z"));
      assertThat(web1.start()).isNull();
      assertThat(web1.end()).isNull();
      AgentStatusEvent web2 = c.statuses.get(1);
      assertThat(web2.instanceId()).isEqualTo("2871346802946531467");
      assertThat(web2.status()).isEqualTo("Failed");
      assertThat(web2.region()).isEqualTo("us-central1-b");
    }

    @Test
    void theBareGcloudListingHasNoJobNorTimeAndReportsNothing() {
      Collected c = fixture("gcp-patchjob-instancedetails-gcloud.json");
      assertThat(c.stats.records()).isEqualTo(2);
      assertThat(c.statuses).isEmpty();
      assertThat(c.errors).isEmpty();
      assertThat(c.stats.skipped(SkipReason.NOT_RELEVANT)).isEqualTo(2);
    }

    @Test
    void aNamedJobWithoutATimeIsALocatedError() {
      Collected c = fixture("gcp-patchjob-instancedetails-jobname-only.json");
      assertThat(c.statuses).isEmpty();
      assertThat(c.errors)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
                assertThat(e.field()).isEqualTo("patchJob.updateTime");
              });
    }

    private String element(String state) {
      return "{\"name\":\"projects/p/zones/z/instances/i\",\"instanceSystemId\":\"42\","
          + "\"state\":\""
          + state
          + "\",\"patchJob\":{\"name\":\"projects/p/patchJobs/j\","
          + "\"createTime\":\"2025-01-01T00:00:00Z\"}}";
    }

    @Test
    void statesMapToTheWordsTheCorrelatorUnderstands() throws InvalidRecordException {
      assertThat(parse(element("SUCCEEDED")).get(0).status()).isEqualTo("Succeeded");
      assertThat(parse(element("SUCCEEDED_REBOOT_REQUIRED")).get(0).status())
          .isEqualTo("Succeeded");
      assertThat(parse(element("FAILED")).get(0).status()).isEqualTo("Failed");
      assertThat(parse(element("TIMED_OUT")).get(0).status()).isEqualTo("TimedOut");
      for (String other :
          List.of(
              "PENDING", "NOTIFIED", "RUNNING_PRE_PATCH_STEP", "NO_AGENT_DETECTED", "SKIPPED")) {
        assertThat(parse(element(other)).get(0).status()).as("as given").isEqualTo(other);
      }
      AgentStatusEvent s = parse(element("SUCCEEDED")).get(0);
      assertThat(s.time())
          .as("createTime when no updateTime")
          .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(s.commandId()).isEqualTo("projects/p/patchJobs/j");
    }

    @Test
    void theJobMayBeNamedByIdOrByTheElementName() throws InvalidRecordException {
      String time = "\"updateTime\":\"2025-01-01T00:00:00Z\"";
      AgentStatusEvent byId =
          parse(
                  "{\"patchJob\":{\"name\":\"j-7\","
                      + time
                      + "},\"patchJobInstanceDetails\":[{\"name\":"
                      + "\"projects/p/zones/z/instances/i\",\"instanceSystemId\":\"42\","
                      + "\"state\":\"FAILED\"}]}")
              .get(0);
      assertThat(byId.commandId()).isEqualTo("projects/p/patchJobs/j-7");
      AgentStatusEvent byName =
          parse(
                  "{\"patchJob\":{"
                      + time
                      + "},\"patchJobInstanceDetails\":[{\"name\":"
                      + "\"projects/q/patchJobs/j-8/instanceDetails/42\","
                      + "\"instanceSystemId\":\"42\",\"state\":\"SUCCEEDED\"}]}")
              .get(0);
      assertThat(byName.commandId()).isEqualTo("projects/q/patchJobs/j-8");
      assertThat(byName.account()).isEqualTo("q");
      assertThat(byName.region()).isNull();
    }

    @Test
    void missingInstanceAndStateAreLocated() {
      String head =
          "{\"patchJob\":{\"name\":\"projects/p/patchJobs/j\",\"updateTime\":"
              + "\"2025-01-01T00:00:00Z\"},\"patchJobInstanceDetails\":[";
      String ok = "{\"instanceSystemId\":\"1\",\"state\":\"SUCCEEDED\"},";
      assertThat(error(head + ok + "{\"state\":\"FAILED\"}]}").field())
          .isEqualTo("patchJobInstanceDetails[1].instanceSystemId");
      assertThat(error(head + ok + "{\"instanceSystemId\":\"2\"}]}").field())
          .isEqualTo("patchJobInstanceDetails[1].state");
      assertThat(
              error(
                      "{\"patchJob\":{\"name\":\"projects/p/patchJobs/j\",\"updateTime\":\"late\"},"
                          + "\"instanceSystemId\":\"1\",\"state\":\"FAILED\"}")
                  .kind())
          .isEqualTo(ErrorKind.INVALID_FIELD);
    }

    @Test
    void withoutSystemIdTheInstanceIsNamedAsTheAuditLogNamesTargets()
        throws InvalidRecordException {
      AgentStatusEvent s =
          parse(
                  "{\"patchJob\":{\"name\":\"projects/p/patchJobs/j\",\"updateTime\":"
                      + "\"2025-01-01T00:00:00Z\"},\"patchJobInstanceDetails\":[{\"name\":"
                      + "\"projects/p/zones/us-east1-b/instances/db-1\",\"state\":\"FAILED\"}]}")
              .get(0);
      assertThat(s.instanceId()).isEqualTo("zones/us-east1-b/instances/db-1");
    }
  }

  @Nested
  class Prefilter {
    private static List<Path> ours() {
      try (Stream<Path> files = Files.list(Fixtures.root().resolve("agent"))) {
        return files
            .filter(p -> p.getFileName().toString().endsWith(".json"))
            .filter(p -> !p.getFileName().toString().contains(".expected."))
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Test
    void everyFixtureReadsTheSameWithAndWithoutThePrefilter() {
      List<Path> files = ours();
      assertThat(files).hasSizeGreaterThanOrEqualTo(14);
      for (Path f : files) {
        byte[] bytes = read(f);
        Collected bulk = Collected.ingest(f.toString(), bytes);
        Collected full = Collected.ingestParsingEveryRecord(f.toString(), bytes);
        assertThat(bulk.statuses).as(f.toString()).isEqualTo(full.statuses);
        assertThat(bulk.errors).as(f.toString()).isEqualTo(full.errors);
        assertThat(bulk.stats.relevant()).as(f.toString()).isEqualTo(full.stats.relevant());
        assertThat(bulk.stats.skipped(SkipReason.UNRECOGNIZED))
            .as("%s is one of our shapes", f)
            .isZero();
        assertThat(full.stats.skipped(SkipReason.UNRECOGNIZED))
            .as("%s is one of our shapes", f)
            .isZero();
      }
    }

    @Test
    void everyFixtureThatReportsSomethingHoldsATokenAndPassesMayBeRelevant() {
      Set<String> tokens =
          parser.candidateTokens().get(0).stream()
              .map(t -> "\"" + t.toLowerCase(Locale.ROOT) + "\"")
              .collect(Collectors.toSet());
      int checked = 0;
      for (Path f : ours()) {
        Collected c = Collected.ingestParsingEveryRecord(f.toString(), read(f));
        if (c.statuses.isEmpty() && c.errors.isEmpty()) {
          continue;
        }
        checked++;
        String text = new String(read(f), StandardCharsets.ISO_8859_1);
        assertThat(parser.mayBeRelevant(text)).as(f.toString()).isTrue();
        String lower = text.toLowerCase(Locale.ROOT);
        assertThat(tokens.stream().anyMatch(lower::contains)).as(f.toString()).isTrue();
      }
      assertThat(checked).isGreaterThanOrEqualTo(10);
      assertThat(parser.candidateTokens()).as("one group").hasSize(1);
      assertThat(parser.mayBeRelevant("{\"eventSource\":\"ssm.amazonaws.com\",\"x\":\"y\"}"))
          .isFalse();
      assertThat(parser.mayBeRelevant("{\"EXECUTIONSTATE\":\"Succeeded\"}")).isTrue();
    }

    @Test
    void noRecordOfTheControlPlaneFixturesIsOurs() {
      List<Path> others =
          Fixtures.all().stream()
              .filter(p -> !Fixtures.root().relativize(p).startsWith("agent"))
              .toList();
      assertThat(others).hasSizeGreaterThan(40);
      for (Path f : others) {
        Collected c = new Collected();
        IngestStats stats = c.stats;
        new Ingestor(List.of(parser), Ingestor.DEFAULT_MAX_RECORD_BYTES, true)
            .ingest(f.toString(), read(f), c, stats);
        assertThat(c.statuses).as(f.toString()).isEmpty();
        assertThat(stats.relevant()).as(f.toString()).isZero();
        assertThat(stats.skipped(SkipReason.NOT_RELEVANT))
            .as("%s: a record accepted by the agent report parser", f)
            .isZero();
        assertThat(c.errors)
            .as(f.toString())
            .extracting(IngestError::kind)
            .doesNotContain(ErrorKind.MISSING_FIELD, ErrorKind.INVALID_FIELD, ErrorKind.UNEXPECTED);
      }
    }
  }

  @Test
  void anAgentReportLetsTheCorrelatorSayTheAgentRanTheCommand() {
    // The Panther SendCommand reaches three instances; SSM reports one invocation of that command.
    Collected sent =
        Collected.ingestFile(Fixtures.event("aws", "sendcommand-three-instances-panther.json"));
    Collected reported =
        Collected.ingest(
            "{\"CommandId\":\"f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0\",\"InstanceId\":"
                + "\"i-006e4c07b5fba8ad2\",\"Status\":\"Success\",\"ResponseCode\":0,"
                + "\"ExecutionStartDateTime\":\"2025-02-19T16:32:41.100Z\","
                + "\"ExecutionEndDateTime\":\"2025-02-19T16:32:41.900Z\","
                + "\"StandardOutputContent\":\"\"}");
    assertThat(reported.statuses).hasSize(1);
    MechanismCatalog catalog = MechanismCatalog.load();
    Correlator.Report r =
        new Correlator(catalog, CorrelationSettings.DEFAULTS)
            .correlate(
                sent.commands,
                reported.statuses,
                new TelemetryIndex.Builder(catalog, HostMap.empty()).build(),
                Instant.parse("2025-03-01T00:00:00Z"));
    List<TargetCorrelation> targets = r.commands().get(0).targets();
    assertThat(targets)
        .filteredOn(t -> t.vm().equals("i-006e4c07b5fba8ad2"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(CorrelationStatus.AGENT_REPORTED);
              assertThat(t.agentStatus()).isEqualTo("Success");
            });
    assertThat(targets)
        .filteredOn(t -> !t.vm().equals("i-006e4c07b5fba8ad2"))
        .extracting(TargetCorrelation::status)
        .containsOnly(CorrelationStatus.BLIND_SPOT);
  }

  @Test
  void fieldTableDocumentsEveryEventField() {
    assertThat(parser.fieldTable())
        .extracting(FieldMapping::modelField)
        .contains(
            "cloud",
            "kind",
            "account",
            "region",
            "status",
            "commandId",
            "instanceId",
            "documentName",
            "start",
            "end",
            "time");
    assertThat(parser.fieldTable()).allSatisfy(f -> assertThat(f.whenAbsent()).isNotBlank());
  }

  @Test
  void recordsOfOtherShapesAreNotAccepted() throws IOException {
    for (String json :
        List.of(
            "[]",
            "{}",
            "{\"commandId\":\"c\",\"instanceId\":\"i\",\"status\":\"Success\"}",
            "{\"Command\":{\"CommandId\":\"c\",\"Status\":\"Success\"}}",
            "{\"statuses\":[{\"code\":\"PowerState/running\",\"displayStatus\":\"VM running\"}]}",
            "{\"value\":[{\"operationName\":{\"value\":\"x\"}}]}",
            "{\"value\":[]}",
            "{\"name\":\"projects/p/zones/z/instances/i\",\"state\":\"SUCCEEDED\"}")) {
      assertThat(parser.accepts(JSON.readTree(json))).as(json).isFalse();
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
