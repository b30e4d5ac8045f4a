package io.runwatch.core.baseline;

import static io.runwatch.core.baseline.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String BOB = "arn:aws:sts::111122223333:assumed-role/Ops/bob";

  /**
   * Format 1 as runwatch stored it before format 2 (the golden commands, without geo). Pinned: it
   * must keep reading, migrated.
   */
  /**
   * Format 2 as stored. Pinned: if this test fails, stored baselines would no longer read back;
   * change {@link BaselineJson#FORMAT_VERSION} and keep a reader for this one instead.
   */
  static final String GOLDEN =
      """
      {
        "formatVersion" : 2,
        "version" : 7,
        "scope" : "AWS|111122223333",
        "commands" : 3,
        "learnedUntil" : "2026-11-03T11:00:00.500Z",
        "account" : {
          "principal" : "*",
          "firstSeen" : "2026-11-02T09:00:00Z",
          "lastSeen" : "2026-11-03T11:00:00.500Z",
          "commands" : 3,
          "vms" : [ {
            "value" : "i-0aaa",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          }, {
            "value" : "i-0bbb",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "sourceIps" : [ {
            "value" : "203.0.113.7",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "networks" : [ {
            "value" : "203.0.113.0/24",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "documents" : [ {
            "value" : "AWS-RunShellScript",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "operations" : [ {
            "value" : "SEND_COMMAND",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "countries" : [ {
            "value" : "US",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "asns" : [ {
            "value" : "AS16509",
            "organization" : "AMAZON-02",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "hoursLastSeen" : [ null, null, null, null, null, null, null, null, null, "2026-11-02", "2026-11-03", "2026-11-03", null, null, null, null, null, null, null, null, null, null, null, null ],
          "dailyRate" : 0.09427633573609329,
          "currentDay" : 20760,
          "todayCount" : 2
        },
        "principals" : [ {
          "principal" : "arn:aws:iam::111122223333:user/alice",
          "firstSeen" : "2026-11-02T09:00:00Z",
          "lastSeen" : "2026-11-03T10:30:00Z",
          "commands" : 2,
          "vms" : [ {
            "value" : "i-0aaa",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          }, {
            "value" : "i-0bbb",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "sourceIps" : [ {
            "value" : "203.0.113.7",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "networks" : [ {
            "value" : "203.0.113.0/24",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "documents" : [ {
            "value" : "AWS-RunShellScript",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "operations" : [ {
            "value" : "SEND_COMMAND",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "countries" : [ {
            "value" : "US",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "asns" : [ {
            "value" : "AS16509",
            "organization" : "AMAZON-02",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "hoursLastSeen" : [ null, null, null, null, null, null, null, null, null, "2026-11-02", "2026-11-03", null, null, null, null, null, null, null, null, null, null, null, null, null ],
          "dailyRate" : 0.09427633573609329,
          "currentDay" : 20760,
          "todayCount" : 1
        }, {
          "principal" : "arn:aws:sts::111122223333:assumed-role/Ops/bob",
          "firstSeen" : "2026-11-03T11:00:00.500Z",
          "lastSeen" : "2026-11-03T11:00:00.500Z",
          "commands" : 1,
          "vms" : [ {
            "value" : "i-0bbb",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "sourceIps" : [ {
            "value" : "203.0.113.7",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "networks" : [ {
            "value" : "203.0.113.0/24",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "documents" : [ {
            "value" : "AWS-RunShellScript",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "operations" : [ {
            "value" : "SEND_COMMAND",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "countries" : [ {
            "value" : "US",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "asns" : [ {
            "value" : "AS16509",
            "organization" : "AMAZON-02",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "hoursLastSeen" : [ null, null, null, null, null, null, null, null, null, null, null, "2026-11-03", null, null, null, null, null, null, null, null, null, null, null, null ],
          "dailyRate" : 0.0,
          "currentDay" : 20760,
          "todayCount" : 1
        } ],
        "initiatorsByVm" : [ {
          "vm" : "i-0aaa",
          "principals" : [ {
            "value" : "arn:aws:iam::111122223333:user/alice",
            "firstSeen" : "2026-11-02",
            "lastSeen" : "2026-11-03"
          } ]
        }, {
          "vm" : "i-0bbb",
          "principals" : [ {
            "value" : "arn:aws:iam::111122223333:user/alice",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          }, {
            "value" : "arn:aws:sts::111122223333:assumed-role/Ops/bob",
            "firstSeen" : "2026-11-03",
            "lastSeen" : "2026-11-03"
          } ]
        } ]
      }
      """;

  static final String GOLDEN_V1 =
      """
      {
        "formatVersion" : 1,
        "version" : 7,
        "scope" : "AWS|111122223333",
        "commands" : 3,
        "learnedUntil" : "2026-11-03T11:00:00.500Z",
        "account" : {
          "principal" : "*",
          "firstSeen" : "2026-11-02T09:00:00Z",
          "lastSeen" : "2026-11-03T11:00:00.500Z",
          "commands" : 3,
          "vms" : [ "i-0aaa", "i-0bbb" ],
          "sourceIps" : [ "203.0.113.7" ],
          "networks" : [ "203.0.113.0/24" ],
          "documents" : [ "AWS-RunShellScript" ],
          "operations" : [ "SEND_COMMAND" ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "dailyRate" : 0.09427633573609329,
          "currentDay" : 20760,
          "todayCount" : 2
        },
        "principals" : [ {
          "principal" : "arn:aws:iam::111122223333:user/alice",
          "firstSeen" : "2026-11-02T09:00:00Z",
          "lastSeen" : "2026-11-03T10:30:00Z",
          "commands" : 2,
          "vms" : [ "i-0aaa", "i-0bbb" ],
          "sourceIps" : [ "203.0.113.7" ],
          "networks" : [ "203.0.113.0/24" ],
          "documents" : [ "AWS-RunShellScript" ],
          "operations" : [ "SEND_COMMAND" ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "dailyRate" : 0.09427633573609329,
          "currentDay" : 20760,
          "todayCount" : 1
        }, {
          "principal" : "arn:aws:sts::111122223333:assumed-role/Ops/bob",
          "firstSeen" : "2026-11-03T11:00:00.500Z",
          "lastSeen" : "2026-11-03T11:00:00.500Z",
          "commands" : 1,
          "vms" : [ "i-0bbb" ],
          "sourceIps" : [ "203.0.113.7" ],
          "networks" : [ "203.0.113.0/24" ],
          "documents" : [ "AWS-RunShellScript" ],
          "operations" : [ "SEND_COMMAND" ],
          "hours" : [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ],
          "dailyRate" : 0.0,
          "currentDay" : 20760,
          "todayCount" : 1
        } ],
        "initiatorsByVm" : [ {
          "vm" : "i-0aaa",
          "principals" : [ "arn:aws:iam::111122223333:user/alice" ]
        }, {
          "vm" : "i-0bbb",
          "principals" : [ "arn:aws:iam::111122223333:user/alice",
                           "arn:aws:sts::111122223333:assumed-role/Ops/bob" ]
        } ]
      }
      """;

  /** The commands of both goldens. */
  static List<AdminCommand> goldenCommands() {
    return List.of(
        cmd(ALICE, Instant.parse("2026-11-02T09:00:00Z"), "e1", "i-0aaa"),
        cmd(ALICE, Instant.parse("2026-11-03T10:30:00Z"), "e2", "i-0aaa", "i-0bbb"),
        cmd(BOB, Instant.parse("2026-11-03T11:00:00.5Z"), "e3", "i-0bbb"));
  }

  /** {@link #GOLDEN}: the golden commands learned with a geo database. */
  static Baseline golden() {
    Baseline b = Baseline.empty(Commands.SCOPE);
    for (AdminCommand c : goldenCommands()) {
      b = b.observe(c, new NetworkInfo("US", 16509L, "AMAZON-02"));
    }
    return b;
  }

  @Test
  void writesTheStoredFormat() throws Exception {
    String json = BaselineJson.write(new Versioned(golden(), 7));

    assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(GOLDEN));
  }

  @Test
  void readsTheStoredFormat() {
    Versioned read = BaselineJson.readVersioned(GOLDEN, "golden");

    assertThat(read.version()).isEqualTo(7);
    assertThat(read.baseline()).isEqualTo(golden());
    assertThat(read.baseline().hasRunOn(BOB, "i-0bbb")).isTrue();
    assertThat(read.baseline().principal(ALICE).orElseThrow().vms())
        .containsExactlyInAnyOrder("i-0aaa", "i-0bbb");
  }

  @Test
  void theVersionIsOptionalForPlainReadsAndRequiredForVersionedOnes() {
    String plain = BaselineJson.write(golden());

    assertThat(plain).doesNotContain("\"version\"");
    assertThat(BaselineJson.read(plain, "plain")).isEqualTo(golden());
    assertThat(BaselineJson.read(GOLDEN, "golden")).isEqualTo(golden());
    assertThatThrownBy(() -> BaselineJson.readVersioned(plain, "table item AWS|1"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessage("table item AWS|1: missing field \"version\"");
    assertThatThrownBy(() -> BaselineJson.write(new Versioned(golden(), 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyBaselineRoundTrips() {
    Baseline empty = Baseline.empty("GCP|prod-1");

    String json = BaselineJson.write(empty);

    assertThat(json).contains("\"learnedUntil\" : null", "\"currentDay\" : null");
    assertThat(BaselineJson.read(json, "empty")).isEqualTo(empty);
  }

  @Test
  void loneSurrogatesAreEscapedAndSurvive() {
    String hostile = "doc\uD800name\uD83D\uDE00";
    Baseline b =
        Commands.fold(
            Commands.SCOPE,
            List.of(
                cmd(hostile, Commands.T0, "e1", hostile).toBuilder().document(hostile).build()));

    String json = BaselineJson.write(b);

    assertThat(json).contains("doc\\ud800name\\ud83d\\ude00").doesNotContain("\uD800");
    assertThat(BaselineJson.read(json, "hostile")).isEqualTo(b);
  }

  @Test
  void aNewerFormatIsRefusedBeforeAnythingElseIsRead() {
    String future = "{\"formatVersion\": 3, \"somethingNew\": {}}";

    assertThatThrownBy(() -> BaselineJson.read(future, "/state/baseline-x.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessage(
            "/state/baseline-x.json: written by a newer runwatch (baseline format 3; this runwatch"
                + " reads up to format 2): upgrade runwatch, or use another state directory")
        .extracting(e -> ((BaselineFormatException) e).source())
        .isEqualTo("/state/baseline-x.json");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                  | missing or invalid "formatVersion"
          {"formatVersion": "1"}              | missing or invalid "formatVersion"
          {"formatVersion": 0}                | missing or invalid "formatVersion"
          {"formatVersion": 1.5}              | missing or invalid "formatVersion"
          []                                  | not a JSON object
          ``                                  | not a JSON object
          {"formatVersion": 1,                | not valid JSON
          {"formatVersion": 1} {}             | not valid JSON
          {"formatVersion": 1, "formatVersion": 1} | not valid JSON: Duplicate field 'formatVersion'
          """)
  void malformedDocumentsAreRefused(String json, String message) {
    assertThatThrownBy(() -> BaselineJson.read(json, "f.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessageStartingWith("f.json: " + message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          scope           | 42         | field "scope": not a string
          commands        | -1         | field "commands": not a count: -1
          commands        | 1.0        | field "commands": not a count: 1.0
          learnedUntil    | "yesterday" | field "learnedUntil": not an ISO-8601 instant: yesterday
          principals      | {}         | field "principals": not an array
          principals      | [1]        | field "principals[0]": not an object
          initiatorsByVm  | [{"vm": "i-1", "principals": [1]}] | field "initiatorsByVm[0].principals[0]": not an object
          initiatorsByVm  | [{"vm": "i-1", "principals": [{"value": "a", "firstSeen": "2026-11-01", "lastSeen": "2026-11-01"}, {"value": "a", "firstSeen": "2026-11-02", "lastSeen": "2026-11-02"}]}] | field "initiatorsByVm[0].principals[1].value": appears twice: a
          initiatorsByVm  | [{"vm": "i-1", "principals": ["a"]}] | field "initiatorsByVm[0].principals[0]": not an object
          initiatorsByVm  | [{"vm": "i-1", "principals": []}, {"vm": "i-1", "principals": []}] | field "initiatorsByVm[1].vm": appears twice: i-1
          initiatorsByVm  | [{"vm": "i-1", "principals": [], "os": "linux"}] | field "initiatorsByVm[0].os": unknown field
          extra           | 1          | field "extra": unknown field
          version         | 0          | "version" must be >= 1, was 0
          """)
  void badTopLevelFieldsAreNamed(String field, String value, String message) throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(GOLDEN);
    doc.set(field, JSON.readTree(value));

    assertThatThrownBy(() -> BaselineJson.read(doc.toString(), "f.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessageStartingWith("f.json: " + message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          hours      | [1, 2]     | field "PATH.hours": must have 24 entries, has 2
          hours      | [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-1] | field "PATH.hours": entry 23 is not a count: -1
          dailyRate  | "NaN"      | field "PATH.dailyRate": not a non-negative number
          dailyRate  | -0.5       | field "PATH.dailyRate": not a non-negative number
          currentDay | "today"    | field "PATH.currentDay": not an epoch day or null
          vms        | "i-1"      | field "PATH.vms": not an array
          vms        | ["i-1"]    | field "PATH.vms[0]": not an object
          vms        | [{"value": "i-1", "firstSeen": "yesterday", "lastSeen": "2026-11-01"}] | field "PATH.vms[0].firstSeen": is not a date (yyyy-mm-dd): yesterday
          vms        | [{"value": "i-1", "firstSeen": "2026-11-02", "lastSeen": "2026-11-01"}] | field "PATH.vms[0].lastSeen": is before firstSeen
          vms        | [{"value": "i-1", "firstSeen": "2026-11-02", "lastSeen": "2026-11-02", "organization": "x"}] | field "PATH.vms[0].organization": unknown field
          asns       | [{"value": "AS1", "organization": 5, "firstSeen": "2026-11-02", "lastSeen": "2026-11-02"}] | field "PATH.asns[0].organization": not a string or null
          asns       | [{"value": "AS1", "firstSeen": "2026-11-02", "lastSeen": "2026-11-02"}] | missing field "PATH.asns[0].organization"
          hoursLastSeen | [null]  | field "PATH.hoursLastSeen": must have 24 entries, has 1
          hoursLastSeen | [null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,5] | field "PATH.hoursLastSeen": entry 23 is not a date (yyyy-mm-dd): 5
          firstSeen  | 5          | field "PATH.firstSeen": not an ISO-8601 instant or null
          todayCount | null       | field "PATH.todayCount": not a count: null
          colour     | "blue"     | field "PATH.colour": unknown field
          """)
  void badProfileFieldsAreNamedWithTheirPath(String field, String value, String message)
      throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(GOLDEN);
    ((ObjectNode) doc.get("principals").get(1)).set(field, JSON.readTree(value));
    ((ObjectNode) doc.get("account")).set(field, JSON.readTree(value));

    String json = doc.toString();
    doc.set("account", JSON.readTree(GOLDEN).get("account"));
    String onlyBob = doc.toString();

    assertThatThrownBy(() -> BaselineJson.read(json, "f.json"))
        .hasMessageStartingWith("f.json: " + message.replace("PATH", "account"));
    assertThatThrownBy(() -> BaselineJson.read(onlyBob, "f.json"))
        .hasMessageStartingWith("f.json: " + message.replace("PATH", "principals[1]"));
  }

  @Test
  void missingFieldsAreNamedWithTheirPath() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(GOLDEN);
    ((ObjectNode) doc.get("principals").get(0)).remove("networks");

    assertThatThrownBy(() -> BaselineJson.read(doc.toString(), "f.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessage("f.json: missing field \"principals[0].networks\"");
  }

  @Test
  void aPrincipalTwiceIsRefused() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(GOLDEN);
    ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("principals"))
        .add(doc.get("principals").get(0).deepCopy());

    assertThatThrownBy(() -> BaselineJson.read(doc.toString(), "f.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessage("f.json: field \"principals[2].principal\": appears twice: " + ALICE);
  }

  @Test
  void everyKeyIsWrittenEvenWhenAbsent() throws Exception {
    JsonNode empty = JSON.readTree(BaselineJson.write(Baseline.empty("AZURE|s")));

    assertThat(iterable(empty.fieldNames()))
        .containsExactly(
            "formatVersion",
            "scope",
            "commands",
            "learnedUntil",
            "account",
            "principals",
            "initiatorsByVm");
    assertThat(iterable(empty.get("account").fieldNames()))
        .containsExactly(
            "principal",
            "firstSeen",
            "lastSeen",
            "commands",
            "vms",
            "sourceIps",
            "networks",
            "documents",
            "operations",
            "countries",
            "asns",
            "hours",
            "hoursLastSeen",
            "dailyRate",
            "currentDay",
            "todayCount");
  }

  @Test
  void format1IsReadAndMigratedEveryItemSeenOnTheLastUpdate() {
    Versioned read = BaselineJson.readVersioned(GOLDEN_V1, "old.json");
    long lastUpdate = java.time.LocalDate.parse("2026-11-03").toEpochDay();
    Seen migrated = new Seen(lastUpdate, lastUpdate, null);

    Baseline b = read.baseline();
    assertThat(read.version()).isEqualTo(7);
    assertThat(b.commands()).isEqualTo(3);
    PrincipalProfile alice = b.principal(ALICE).orElseThrow();
    assertThat(alice.vms().asMap()).isEqualTo(Map.of("i-0aaa", migrated, "i-0bbb", migrated));
    assertThat(alice.sourceIps().asMap()).isEqualTo(Map.of("203.0.113.7", migrated));
    assertThat(alice.networks().asMap()).isEqualTo(Map.of("203.0.113.0/24", migrated));
    assertThat(alice.documents().seen("AWS-RunShellScript")).contains(migrated);
    assertThat(alice.operations().seen("SEND_COMMAND")).contains(migrated);
    assertThat(alice.countries().isEmpty()).isTrue();
    assertThat(alice.asns().isEmpty()).isTrue();
    assertThat(alice.hours()[9]).isEqualTo(1);
    assertThat(alice.hoursLastDay()[9]).isEqualTo(lastUpdate);
    assertThat(alice.hoursLastDay()[3]).isEqualTo(Long.MIN_VALUE);
    assertThat(b.initiatorsByVm().get("i-0bbb").asMap())
        .isEqualTo(Map.of(ALICE, migrated, BOB, migrated));
    // Without geo, the rest is what the same commands learn today, apart from the dates.
    Baseline relearned = Commands.fold(Commands.SCOPE, goldenCommands());
    assertThat(alice.dailyRate()).isEqualTo(relearned.principal(ALICE).orElseThrow().dailyRate());
    assertThat(b.learnedUntil()).isEqualTo(relearned.learnedUntil());
  }

  @Test
  void aMigratedBaselineIsWrittenAsFormat2AndReadsBackTheSame() throws Exception {
    Baseline migrated = BaselineJson.read(GOLDEN_V1, "old.json");

    String json = BaselineJson.write(migrated);

    assertThat(JSON.readTree(json).get("formatVersion").intValue()).isEqualTo(2);
    assertThat(BaselineJson.read(json, "new.json")).isEqualTo(migrated);
  }

  @Test
  void format1IsReadWithFormat1sFieldsOnly() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(GOLDEN_V1);
    ((ObjectNode) doc.get("account")).set("countries", JSON.readTree("[]"));

    assertThatThrownBy(() -> BaselineJson.read(doc.toString(), "old.json"))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessageStartingWith("old.json: field \"account.countries\": unknown field");
  }

  @Test
  void idsAreReadVerbatimNotNormalized() {
    Baseline b =
        new Baseline(
            "AWS|1",
            Map.of("Key", PrincipalProfile.empty("Key"), "key", PrincipalProfile.empty("key")),
            Map.of(
                "I-0AAA",
                Sightings.allSeenOn(Set.of("Key"), 20_000),
                "i-0aaa",
                Sightings.allSeenOn(Set.of("key"), 20_000)),
            PrincipalProfile.empty("*"),
            0,
            null);

    assertThat(BaselineJson.read(BaselineJson.write(b), "verbatim")).isEqualTo(b);
  }

  @Test
  void aProfileFiledUnderAnotherPrincipalCannotBeWritten() {
    Baseline b =
        new Baseline(
            "AWS|1",
            Map.of("alice", PrincipalProfile.empty("bob")),
            Map.of(),
            PrincipalProfile.empty("*"),
            0,
            null);

    assertThatThrownBy(() -> BaselineJson.write(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("principal alice has the profile of bob");
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
