package io.runwatch.core.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.TelemetryFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MechanismCatalogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MechanismCatalog CATALOG = MechanismCatalog.load();
  private static final String EXAMPLES = "/correlate/mechanism-examples.json";
  private static final String CMD = "5e3b1f6a-7c2d-4e8f-9a0b-1c2d3e4f5a6b";

  @Test
  void shippedCatalogLoadsWithTheMechanismsTheCorrelatorNeeds() {
    assertThat(CATALOG.mechanisms())
        .extracting(Mechanism::id)
        .doesNotHaveDuplicates()
        .contains(
            "aws-run-command",
            "aws-session-manager",
            "aws-state-manager-association",
            "aws-agent-update",
            "aws-agent-inventory",
            "azure-run-command-action",
            "azure-managed-run-command",
            "azure-custom-script-extension",
            "azure-agent-extension-handling",
            "gcp-osconfig-exec",
            "gcp-patch-step",
            "gcp-startup-script",
            "gcp-guest-agent-housekeeping");
    assertThat(CATALOG.mechanisms()).extracting(Mechanism::cloud).contains(Cloud.values());
  }

  @Test
  void everyMechanismHasSourcesAValidWindowAndConsistentOperations() {
    for (Mechanism m : CATALOG.mechanisms()) {
      assertThat(m.sources()).as(m.id() + " sources").isNotEmpty().allMatch(s -> !s.isBlank());
      assertThat(m.window()).as(m.id() + " window").isPositive();
      assertThat(m.description()).as(m.id() + " description").isNotBlank();
      assertThat(m.operations()).as(m.id() + " operations").allMatch(op -> op.cloud() == m.cloud());
      assertThat(m.operations().isEmpty())
          .as(m.id() + " benign iff no operations")
          .isEqualTo(m.benign());
    }
  }

  @Test
  void everyOperationThatRunsCodeOnAVmHasAMechanism() {
    Set<Operation> explained = new TreeSet<>();
    CATALOG.mechanisms().forEach(m -> explained.addAll(m.operations()));
    // Documents are staged, not run; patch deployments only schedule patch jobs.
    assertThat(explained)
        .containsExactlyInAnyOrder(
            Operation.SEND_COMMAND,
            Operation.START_SESSION,
            Operation.RESUME_SESSION,
            Operation.CREATE_ASSOCIATION,
            Operation.UPDATE_ASSOCIATION,
            Operation.START_ASSOCIATIONS_ONCE,
            Operation.RUN_COMMAND_ACTION,
            Operation.MANAGED_RUN_COMMAND,
            Operation.CUSTOM_SCRIPT_EXTENSION,
            Operation.PATCH_JOB,
            Operation.OS_POLICY_ASSIGNMENT,
            Operation.STARTUP_SCRIPT_CHANGE);
  }

  @Test
  void windowsFollowTheJoin() {
    assertThat(mechanism("aws-run-command").join()).isEqualTo(JoinKind.COMMAND_ID);
    assertThat(mechanism("aws-state-manager-association").join()).isEqualTo(JoinKind.COMMAND_ID);
    assertThat(mechanism("aws-session-manager").join()).isEqualTo(JoinKind.SESSION);
    assertThat(mechanism("aws-session-manager").window()).isEqualTo(Duration.ofHours(12));
    assertThat(mechanism("azure-run-command-action").join()).isEqualTo(JoinKind.TIME_WINDOW);
    assertThat(mechanism("azure-run-command-action").window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(mechanism("gcp-startup-script").join()).isEqualTo(JoinKind.NEXT_BOOT);
    assertThat(mechanism("gcp-startup-script").window()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void everyMechanismHasAPositiveAndANegativeExample() {
    JsonNode examples = examples();
    List<String> problems = new ArrayList<>();
    for (Mechanism m : CATALOG.mechanisms()) {
      JsonNode e = examples.get(m.id());
      if (e == null || !e.path("positive").isArray() || e.path("positive").isEmpty()) {
        problems.add(m.id() + " has no positive example");
      }
      if (e == null || !e.path("negative").isArray() || e.path("negative").isEmpty()) {
        problems.add(m.id() + " has no negative example");
      }
    }
    for (Map.Entry<String, JsonNode> e : examples.properties()) {
      if (!e.getKey().startsWith("$") && findMechanism(e.getKey()).isEmpty()) {
        problems.add("examples name an unknown mechanism " + e.getKey());
      }
    }
    assertThat(problems).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> examplesClassifyAsDeclared() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : examples().properties()) {
      String id = entry.getKey();
      if (id.startsWith("$")) {
        continue;
      }
      int i = 0;
      for (JsonNode example : entry.getValue().path("positive")) {
        String name = id + " positive #" + i++ + ": " + example.path("note").asText();
        tests.add(
            dynamicTest(
                name,
                () -> {
                  Optional<MechanismMatch> match = CATALOG.classify(execution(example));
                  assertThat(match).as(name).isPresent();
                  assertThat(match.get().mechanism().id()).as(name).isEqualTo(id);
                  assertThat(match.get().commandId())
                      .as(name + " commandId")
                      .isEqualTo(textOrNull(example, "commandId"));
                }));
      }
      i = 0;
      for (JsonNode example : entry.getValue().path("negative")) {
        String name = id + " negative #" + i++ + ": " + example.path("note").asText();
        tests.add(
            dynamicTest(
                name,
                () -> {
                  Optional<String> got =
                      CATALOG.classify(execution(example)).map(m -> m.mechanism().id());
                  assertThat(got).as(name).isNotEqualTo(Optional.of(id));
                  if (example.has("classifiedAs")) {
                    assertThat(got.orElse(null))
                        .as(name + " classified as")
                        .isEqualTo(textOrNull(example, "classifiedAs"));
                  }
                }));
      }
    }
    return tests.stream();
  }

  @Nested
  class AwsSsm {
    @Test
    void extractsTheCommandIdExactlyFromALinuxOrchestrationPath() {
      HostExecution e =
          exec(
              "/usr/bin/dash",
              "sh -c /var/lib/amazon/ssm/i-0abcd1234ef567890/document/orchestration/"
                  + CMD
                  + "/awsrunShellScript/0.awsrunShellScript/_script.sh",
              "root",
              null,
              null);

      MechanismMatch match = CATALOG.classify(e).orElseThrow();

      assertThat(match.mechanism().id()).isEqualTo("aws-run-command");
      assertThat(match.commandId()).isEqualTo(CMD);
    }

    @Test
    void extractsTheCommandIdExactlyFromAQuotedWindowsOrchestrationPath() {
      HostExecution e =
          exec(
              "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
              "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -InputFormat None"
                  + " -Noninteractive -NoProfile -ExecutionPolicy unrestricted -f"
                  + " \"C:\\ProgramData\\Amazon\\SSM\\InstanceData\\i-0abcd1234ef567890\\document"
                  + "\\orchestration\\"
                  + CMD
                  + "\\awsrunPowerShellScript\\0.awsrunPowerShellScript\\_script.ps1\"",
              "NT AUTHORITY\\SYSTEM",
              null,
              null);

      MechanismMatch match = CATALOG.classify(e).orElseThrow();

      assertThat(match.mechanism().id()).isEqualTo("aws-run-command");
      assertThat(match.commandId()).isEqualTo(CMD);
    }

    @Test
    void anAssociationRunYieldsTheAssociationIdNotARunCommand() {
      String association = "8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f";
      HostExecution e =
          exec(
              "/usr/bin/dash",
              "sh -c /var/lib/amazon/ssm/i-0abcd1234ef567890/document/orchestration/"
                  + association
                  + "/2026-11-18T10-15-02.123Z/awsrunShellScript/0.awsrunShellScript/_script.sh",
              "root",
              null,
              null);

      MechanismMatch match = CATALOG.classify(e).orElseThrow();

      assertThat(match.mechanism().id()).isEqualTo("aws-state-manager-association");
      assertThat(match.mechanism().operations()).contains(Operation.CREATE_ASSOCIATION);
      assertThat(match.commandId()).isEqualTo(association);
    }

    @Test
    void sessionManagerIsRecognizedByTheSsmUserAloneWithoutParentFields() {
      HostExecution e = exec("/usr/bin/id", "id", "ssm-user", null, null);

      MechanismMatch match = CATALOG.classify(e).orElseThrow();

      assertThat(match.mechanism().id()).isEqualTo("aws-session-manager");
      assertThat(match.mechanism().join()).isEqualTo(JoinKind.SESSION);
      assertThat(match.mechanism().operations())
          .containsExactlyInAnyOrder(Operation.START_SESSION, Operation.RESUME_SESSION);
      assertThat(match.commandId()).isNull();
    }

    @Test
    void theAgentUpdaterIsBenignNotARunCommand() {
      String updater = "/var/lib/amazon/ssm/update/amazon-ssm-agent-updater/3.3.1142.0/updater";
      HostExecution e =
          exec(
              updater,
              updater
                  + " -update -source.version 3.2.582.0 -target.version 3.3.1142.0"
                  + " -package.name amazon-ssm-agent -messageid aws.ssm."
                  + CMD
                  + ".i-0abcd1234ef567890",
              "root",
              "/usr/bin/ssm-document-worker",
              "/usr/bin/ssm-document-worker " + CMD + " i-0abcd1234ef567890");

      MechanismMatch match = CATALOG.classify(e).orElseThrow();

      assertThat(match.mechanism().id()).isEqualTo("aws-agent-update");
      assertThat(match.mechanism().benign()).isTrue();
      assertThat(match.mechanism().operations()).isEmpty();
    }
  }

  @Test
  void ordinaryCronAndBashProcessesMatchNothing() {
    assertThat(CATALOG.classify(exec("/usr/sbin/cron", "/usr/sbin/cron -f", "root", null, null)))
        .isEmpty();
    assertThat(
            CATALOG.classify(
                exec(
                    "/usr/bin/bash",
                    "/bin/sh -c run-parts --report /etc/cron.hourly",
                    "root",
                    "/usr/sbin/cron",
                    "/usr/sbin/cron -f")))
        .isEmpty();
    assertThat(
            CATALOG.classify(
                exec("/usr/bin/bash", "-bash", "ec2-user", "/usr/sbin/sshd", "sshd: ec2-user")))
        .isEmpty();
    assertThat(CATALOG.classify(exec(null, null, null, null, null))).isEmpty();
  }

  @Test
  void aHostileCommandLineDoesNotHangTheClassifier() {
    String fragment = "/document/orchestration/" + CMD + "/awsrunShellScript/ ";
    String hostile = fragment.repeat(300_000 / fragment.length());
    HostExecution e = exec("/bin/sh", hostile, "root", "/usr/bin/google_osconfig_agent", hostile);

    // Not a speed assertion (speed is for benchmarks): a guard that turns catastrophic regex
    // backtracking into a failure instead of a build that never ends.
    Optional<MechanismMatch> match =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> CATALOG.classify(e));

    assertThat(match).isPresent();
  }

  @Test
  void theFirstMatchingMechanismInFileOrderWins() {
    ObjectNode catalog = catalog(valid("first-one"), valid("second-one"));
    HostExecution e = exec("/bin/sh", "sh -c /opt/x/" + CMD + "/run.sh", "root", null, null);

    MechanismMatch match = MechanismCatalog.parse(stream(catalog)).classify(e).orElseThrow();

    assertThat(match.mechanism().id()).isEqualTo("first-one");
    assertThat(match.commandId()).isEqualTo(CMD);
  }

  @Test
  void aBareListOfMechanismsAndASingleMatchObjectAreAccepted() {
    ArrayNode list = JSON.createArrayNode().add(valid("only-one"));
    MechanismCatalog parsed = MechanismCatalog.parse(stream(list));

    assertThat(parsed.mechanisms()).singleElement().extracting(Mechanism::id).isEqualTo("only-one");
    assertThat(parsed.mechanisms().getFirst().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(parsed.mechanisms().getFirst().operations()).containsExactly(Operation.SEND_COMMAND);
  }

  @Test
  void regexesAreCaseInsensitiveAndSearchedNotAnchored() {
    HostExecution upper =
        exec("/bin/SH", "SH -C /OPT/X/" + CMD.toUpperCase() + "/RUN.SH", "root", null, null);

    Optional<MechanismMatch> match =
        MechanismCatalog.parse(stream(catalog(valid("only-one")))).classify(upper);

    assertThat(match).map(m -> m.commandId()).contains(CMD.toUpperCase());
  }

  static Stream<Arguments> badCatalogs() {
    return Stream.of(
        bad(
            "unknown operation name",
            m -> ((ArrayNode) m.get("operations")).removeAll().add("SEND_COMAND"),
            "'operations[0]'",
            "SEND_COMAND"),
        bad(
            "operation of another cloud",
            m -> ((ArrayNode) m.get("operations")).add("PATCH_JOB"),
            "'operations[1]'",
            "GCP operation"),
        bad(
            "bad regex",
            m -> ((ObjectNode) m.get("match").get(0)).put("commandLine", "sh -c (unclosed"),
            "'match[0].commandLine'",
            "bad regex"),
        bad("missing sources", m -> m.remove("sources"), "'sources'", "missing"),
        bad("empty sources", m -> m.putArray("sources"), "'sources'", "non-empty"),
        bad("unknown cloud", m -> m.put("cloud", "ORACLE"), "'cloud'", "ORACLE"),
        bad("unknown join", m -> m.put("join", "HOST"), "'join'", "HOST"),
        bad("bad window", m -> m.put("window", "15 minutes"), "'window'", "ISO-8601"),
        bad("zero window", m -> m.put("window", "PT0S"), "'window'", "positive"),
        bad(
            "unknown match field",
            m -> ((ObjectNode) m.get("match").get(0)).put("cmdline", "x"),
            "'match[0].cmdline'",
            "not a HostExecution field"),
        bad(
            "regex matching everything",
            m -> m.putObject("match").put("user", ".*"),
            "'match.user'",
            "empty string"),
        bad(
            "exact join without a key",
            m -> m.putArray("match").addObject().put("commandLine", "run\\.sh"),
            "'match[0]'",
            "commandId"),
        bad("benign with operations", m -> m.put("benign", true), "'operations'", "benign"),
        bad(
            "not benign without operations",
            m -> ((ArrayNode) m.get("operations")).removeAll(),
            "'operations'",
            "at least one"),
        bad(
            "unknown mechanism field",
            m -> m.put("windows", "PT1M"),
            "'windows'",
            "not a mechanism field"),
        bad("missing description", m -> m.remove("description"), "'description'", "missing"),
        bad("bad id", m -> m.put("id", "Bad_Id"), "'id'", "lower-case"));
  }

  private static Arguments bad(
      String name, Consumer<ObjectNode> breakIt, String field, String problem) {
    return Arguments.of(name, breakIt, field, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCatalogs")
  void aBadCatalogFailsNamingTheMechanismAndTheField(
      String name, Consumer<ObjectNode> breakIt, String field, String problem) {
    ObjectNode broken = valid("broken-one");
    breakIt.accept(broken);
    String id = broken.path("id").asText();

    assertThatThrownBy(() -> MechanismCatalog.parse(stream(catalog(valid("fine-one"), broken))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mechanism '" + id + "'")
        .hasMessageContaining("field " + field)
        .hasMessageContaining(problem);
  }

  @Test
  void duplicateIdsAndMalformedJsonAreRejectedClearly() {
    assertThatThrownBy(
            () -> MechanismCatalog.parse(stream(catalog(valid("twice"), valid("twice")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mechanism 'twice'")
        .hasMessageContaining("declared twice");
    assertThatThrownBy(
            () ->
                MechanismCatalog.parse(
                    new ByteArrayInputStream(
                        "{\"mechanisms\": [ { \"id\": \"x\", } ]}"
                            .getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () ->
                MechanismCatalog.parse(
                    new ByteArrayInputStream(
                        "{\"mechanism\": []}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mechanism'");
  }

  @Test
  void aMechanismWithoutAnIdIsNamedByItsPosition() {
    ObjectNode noId = valid("x");
    noId.remove("id");

    assertThatThrownBy(() -> MechanismCatalog.parse(stream(catalog(valid("fine-one"), noId))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mechanism #1")
        .hasMessageContaining("field 'id'");
  }

  // ---- helpers ----

  private static ObjectNode valid(String id) {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", id);
    m.put("cloud", "AWS");
    m.putArray("operations").add("SEND_COMMAND");
    m.put("benign", false);
    m.put("join", "COMMAND_ID");
    m.put("window", "PT15M");
    m.put("description", "test mechanism");
    m.putArray("sources").add("https://example.test/source");
    m.putArray("match")
        .addObject()
        .put("commandLine", "/opt/x/(?<commandId>[0-9a-f-]{36})/run\\.sh");
    return m;
  }

  private static ObjectNode catalog(ObjectNode... mechanisms) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("$schema-notes").add("test catalog");
    ArrayNode list = root.putArray("mechanisms");
    for (ObjectNode m : mechanisms) {
      list.add(m);
    }
    return root;
  }

  private static InputStream stream(JsonNode node) {
    try {
      return new ByteArrayInputStream(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode examples() {
    try (InputStream in = MechanismCatalogTest.class.getResourceAsStream(EXAMPLES)) {
      assertThat(in).as(EXAMPLES).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Mechanism mechanism(String id) {
    return findMechanism(id).orElseThrow(() -> new AssertionError("no mechanism " + id));
  }

  private static Optional<Mechanism> findMechanism(String id) {
    return CATALOG.mechanisms().stream().filter(m -> m.id().equals(id)).findFirst();
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static HostExecution execution(JsonNode example) {
    HostExecution e =
        exec(
            textOrNull(example, "image"),
            textOrNull(example, "commandLine"),
            textOrNull(example, "user"),
            textOrNull(example, "parentImage"),
            textOrNull(example, "parentCommandLine"));
    return new HostExecution(
        e.host(),
        e.time(),
        e.pid(),
        e.ppid(),
        e.image(),
        e.commandLine(),
        e.user(),
        e.parentImage(),
        e.parentCommandLine(),
        textOrNull(example, "currentDirectory"),
        e.format(),
        e.eventId(),
        e.origin());
  }

  private static HostExecution exec(
      String image, String commandLine, String user, String parentImage, String parentCommandLine) {
    return new HostExecution(
        "vm-test",
        Instant.parse("2026-11-18T10:15:02Z"),
        4242L,
        4241L,
        image,
        commandLine,
        user,
        parentImage,
        parentCommandLine,
        null,
        TelemetryFormat.SYSMON_LINUX,
        null,
        null);
  }
}
