package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates runwatch's OCSF output against the attributes OCSF 1.4.0 requires of a Detection
 * Finding with the Cloud profile, as listed (with their sources) in {@code
 * ocsf/detection_finding-1.4.0-required.json}.
 */
class OcsfDetectionFindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode rules;
  private static ReportScenario scenario;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        OcsfDetectionFindingTest.class.getResourceAsStream(
            "/ocsf/detection_finding-1.4.0-required.json")) {
      rules = JSON.readTree(in);
    }
    scenario = new ReportScenario();
  }

  private static JsonNode ocsf(Finding f) throws IOException {
    return JSON.readTree(OcsfDetectionFinding.toJson(f));
  }

  @Test
  void everyScenarioFindingHasEveryRequiredAttribute() throws IOException {
    assertThat(scenario.findings).hasSizeGreaterThan(5);
    for (Finding f : scenario.findings) {
      assertThat(violations(ocsf(f))).as(FindingText.title(f)).isEmpty();
    }
  }

  @Test
  void theValidatorCatchesAMissingAttribute() throws IOException {
    ObjectNode n = (ObjectNode) ocsf(scenario.attack);
    ((ObjectNode) n.get("metadata").get("product")).remove("vendor_name");
    ((ObjectNode) n.get("finding_info")).remove("uid");
    n.put("class_uid", 2001);
    ((ObjectNode) n.get("evidences").get(1).get("device")).remove("type_id");
    assertThat(violations(n))
        .contains(
            "missing metadata.product.vendor_name",
            "missing finding_info.uid",
            "class_uid is 2001, not 2004",
            "missing evidences[1].device.type_id");
  }

  @Test
  void theClassAndItsIdentity() throws IOException {
    Finding f = scenario.attack;
    JsonNode n = ocsf(f);
    assertThat(n.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(n.get("category_uid").asInt()).isEqualTo(2);
    assertThat(n.get("activity_id").asInt()).isEqualTo(1);
    assertThat(n.get("type_uid").asLong())
        .isEqualTo(n.get("class_uid").asLong() * 100 + n.get("activity_id").asLong());
    assertThat(n.get("severity_id").asInt()).isEqualTo(f.severity().ocsfId()).isEqualTo(5);
    assertThat(n.get("severity").asText()).isEqualTo("Critical");
    assertThat(n.get("time").isIntegralNumber()).isTrue();
    assertThat(n.get("time").asLong()).isEqualTo(f.time().toEpochMilli());
    assertThat(n.get("status_id").asInt()).isEqualTo(1);
    assertThat(n.get("risk_score").asInt()).isEqualTo(f.score());
    assertThat(n.get("confidence_score").asInt()).isEqualTo(90);
    assertThat(n.at("/metadata/version").asText()).isEqualTo("1.4.0");
    assertThat(n.at("/metadata/product/name").asText()).isEqualTo("runwatch");
    assertThat(n.at("/metadata/uid").asText()).isEqualTo(f.id());
  }

  @Test
  void findingInfoCarriesTheAttackAndTheAnalytics() throws IOException {
    Finding f = scenario.attack;
    JsonNode fi = ocsf(f).get("finding_info");
    assertThat(fi.get("uid").asText()).isEqualTo(f.id());
    assertThat(fi.get("title").asText()).isEqualTo(FindingText.title(f));
    assertThat(fi.get("desc").asText()).contains("downloads a script from a bare IP address");
    JsonNode attack = fi.get("attacks").get(0);
    assertThat(attack.at("/technique/uid").asText()).isEqualTo("T1651");
    assertThat(attack.at("/technique/name").asText()).isEqualTo("Cloud Administration Command");
    assertThat(attack.at("/tactic/uid").asText()).isEqualTo("TA0002");
    assertThat(attack.at("/tactic/name").asText()).isEqualTo("Execution");
    assertThat(attack.get("version").asText()).isNotBlank();
    assertThat(fi.at("/analytic/uid").asText()).isEqualTo(f.hits().get(0).detectorId());
    assertThat(fi.get("related_analytics")).hasSize(f.hits().size() - 1);
    assertThat(fi.get("types").get(0).asText()).isEqualTo("Cloud Administration Command");
    List<String> related = new ArrayList<>();
    fi.get("related_events").forEach(e -> related.add(e.get("uid").asText()));
    assertThat(related).isEqualTo(f.related()).isNotEmpty();
  }

  @Test
  void cloudActorSourceAndResources() throws IOException {
    JsonNode n = ocsf(scenario.attack);
    assertThat(n.at("/cloud/provider").asText()).isEqualTo("AWS");
    assertThat(n.at("/cloud/account/uid").asText()).isEqualTo("111122223333");
    assertThat(n.at("/cloud/account/type_id").asInt()).isEqualTo(10);
    assertThat(n.at("/cloud/region").asText()).isEqualTo("eu-west-1");
    assertThat(n.at("/actor/user/uid").asText())
        .isEqualTo("arn:aws:iam::111122223333:user/mallory");
    assertThat(n.at("/actor/user/name").asText()).isEqualTo("mallory");
    assertThat(n.at("/actor/user/type_id").asInt()).isEqualTo(1);
    assertThat(n.at("/actor/user/credential_uid").asText()).isEqualTo("AKIAEXAMPLEMALLORY01");
    assertThat(n.at("/src_endpoint/ip").asText()).isEqualTo("203.0.113.66");
    assertThat(n.at("/api/operation").asText()).isEqualTo("SendCommand");
    assertThat(n.get("resources")).hasSize(14);
    assertThat(n.get("resources").get(0).get("type").asText()).isEqualTo("Virtual Machine");
    assertThat(n.get("resources").get(0).at("/data/correlation").asText()).isEqualTo("CONFIRMED");

    JsonNode azure = ocsf(scenario.finding("Bob Builder"));
    assertThat(azure.at("/cloud/provider").asText()).isEqualTo("Azure");
    assertThat(azure.at("/cloud/account/type_id").asInt()).isEqualTo(13);
    JsonNode gcp = ocsf(scenario.finding("deploy@prod-project"));
    assertThat(gcp.at("/cloud/provider").asText()).isEqualTo("GCP");
    assertThat(gcp.at("/cloud/account/type_id").asInt()).isEqualTo(11);
    assertThat(gcp.at("/actor/user/type").asText()).isEqualTo("Service Account");
  }

  @Test
  void evidencesAreTheCallAndTheHostExecutionsRedacted() throws IOException {
    JsonNode ev = ocsf(scenario.attack).get("evidences");
    assertThat(ev.get(0).at("/api/operation").asText()).isEqualTo("SendCommand");
    assertThat(ev.get(0).at("/actor/user/name").asText()).isEqualTo("mallory");
    JsonNode host = ev.get(1);
    assertThat(host.at("/device/type_id").asInt()).isEqualTo(6);
    assertThat(host.at("/device/uid").asText()).startsWith("i-0a1b2c3d4e5f6");
    assertThat(host.at("/process/cmd_line").asText()).contains("_script.sh");
    assertThat(host.at("/process/file/name").asText()).isEqualTo("bash");
    assertThat(host.at("/process/parent_process/file/name").asText())
        .isEqualTo("ssm-document-worker");
    String all = ev.toString();
    assertThat(all).contains("--password=****").doesNotContain("hunter2");
    assertThat(ev.size()).isLessThanOrEqualTo(OcsfDetectionFinding.MAX_EVIDENCES);
  }

  @Test
  void runwatchSpecificsGoToUnmapped() throws IOException {
    JsonNode u = ocsf(scenario.attack).at("/unmapped/runwatch");
    assertThat(u.get("score").asInt()).isEqualTo(scenario.attack.score());
    assertThat(u.get("escalate").asBoolean()).isTrue();
    assertThat(u.get("answers")).hasSize(7);
    assertThat(u.get("actions").size()).isEqualTo(scenario.attack.actions().size());
    assertThat(u.at("/correlation/confirmed").asInt()).isEqualTo(9);
    assertThat(u.at("/correlation/blind_spot").asInt()).isEqualTo(3);
  }

  @Test
  void anOrphanHasNoApiCallButHostEvidence() throws IOException {
    JsonNode n = ocsf(scenario.finding("no control-plane record"));
    assertThat(violations(n)).isEmpty();
    assertThat(n.has("api")).isFalse();
    assertThat(n.get("evidences").get(0).at("/process/cmd_line").asText()).contains("_script.sh");
    assertThat(n.get("severity_id").asInt()).isEqualTo(4);
  }

  // ---- the validator

  static List<String> violations(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : rules.get("required")) {
      check(n, p.asText(), false, out);
    }
    for (JsonNode p : rules.get("required_if_present")) {
      check(n, p.asText(), true, out);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.get("at_least_one").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (Located o : resolve(n, e.getKey())) {
        boolean any = false;
        for (JsonNode attr : e.getValue()) {
          JsonNode v = o.node.get(attr.asText());
          any |= v != null && !v.isNull();
        }
        if (!any) {
          out.add("none of " + e.getValue() + " in " + o.path);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.get("values").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (Located o : resolve(n, e.getKey())) {
        if (!o.node.equals(e.getValue())) {
          out.add(o.path + " is " + o.node + ", not " + e.getValue());
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.get("enums").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (Located o : resolve(n, e.getKey())) {
        boolean known = false;
        for (JsonNode v : e.getValue()) {
          known |= v.asInt() == o.node.asInt() && o.node.isInt();
        }
        if (!known) {
          out.add(o.path + " = " + o.node + " is not in " + e.getValue());
        }
      }
    }
    if (n.has("type_uid")
        && n.has("class_uid")
        && n.has("activity_id")
        && n.get("type_uid").asLong()
            != n.get("class_uid").asLong() * 100 + n.get("activity_id").asLong()) {
      out.add("type_uid is not class_uid * 100 + activity_id");
    }
    if (n.has("time") && !n.get("time").isIntegralNumber()) {
      out.add("time is not an integer (epoch milliseconds)");
    }
    return out;
  }

  private record Located(String path, JsonNode node) {}

  /** Every node a path reaches (arrays fan out); missing steps reach nothing. */
  private static List<Located> resolve(JsonNode root, String path) {
    List<Located> at = List.of(new Located("", root));
    for (String seg : path.split("\\.")) {
      boolean array = seg.endsWith("[]");
      String name = array ? seg.substring(0, seg.length() - 2) : seg;
      List<Located> next = new ArrayList<>();
      for (Located l : at) {
        JsonNode v = l.node.get(name);
        String p = l.path.isEmpty() ? name : l.path + "." + name;
        if (v == null || v.isNull()) {
          continue;
        }
        if (array) {
          for (int i = 0; i < v.size(); i++) {
            next.add(new Located(p + "[" + i + "]", v.get(i)));
          }
        } else {
          next.add(new Located(p, v));
        }
      }
      at = next;
    }
    return at;
  }

  /** The attribute at the end of {@code path} must be present in every parent the rest reaches. */
  private static void check(JsonNode root, String path, boolean ifParentPresent, List<String> out) {
    int dot = path.lastIndexOf('.');
    String attr = dot < 0 ? path : path.substring(dot + 1);
    List<Located> parents =
        dot < 0 ? List.of(new Located("", root)) : resolve(root, path.substring(0, dot));
    if (parents.isEmpty() && !ifParentPresent) {
      out.add("missing " + path.substring(0, dot));
      return;
    }
    for (Located p : parents) {
      JsonNode v = p.node.get(attr);
      if (v == null || v.isNull()) {
        out.add("missing " + (p.path.isEmpty() ? attr : p.path + "." + attr));
      }
    }
  }
}
