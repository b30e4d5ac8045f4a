package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.baseline.Networks;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import io.runwatch.core.triage.Triage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link Finding} as an OCSF <b>Detection Finding</b> (class 2004, category 2 Findings,
 * activity 1 Create, {@code type_uid} 200401), OCSF schema version {@value #OCSF_VERSION}
 * (https://schema.ocsf.io/1.4.0/classes/detection_finding), with the Cloud profile.
 *
 * <p>Mapping:
 *
 * <table>
 *   <caption>runwatch to OCSF</caption>
 *   <tr><td>id</td><td>{@code finding_info.uid}, {@code metadata.uid}</td></tr>
 *   <tr><td>time (the command's)</td><td>{@code time}, {@code finding_info.created_time},
 *       {@code first_seen_time}; {@code last_seen_time} is the newest host evidence</td></tr>
 *   <tr><td>severity</td><td>{@code severity_id} 1..5 and its caption</td></tr>
 *   <tr><td>score</td><td>{@code risk_score}</td></tr>
 *   <tr><td>hits</td><td>{@code finding_info.analytic} (the strongest), {@code
 *       related_analytics} (the rest), {@code types} (their labels); {@code attacks}: TA0002
 *       Execution / T1651 Cloud Administration Command</td></tr>
 *   <tr><td>related</td><td>{@code finding_info.related_events[].uid}</td></tr>
 *   <tr><td>cloud, account, region</td><td>{@code cloud.provider}, {@code cloud.account.uid} (type
 *       10 AWS Account, 11 GCP Project, 13 Azure Subscription), {@code cloud.region}</td></tr>
 *   <tr><td>principal</td><td>{@code actor.user} ({@code uid}, {@code name}, {@code type}/{@code
 *       type_id}: HUMAN 1 User, CLOUD_SERVICE 3 System, others 99 Other with runwatch's kind as
 *       {@code type}; {@code credential_uid}); a cloud service also as {@code
 *       actor.invoked_by}</td></tr>
 *   <tr><td>source IP</td><td>{@code src_endpoint.ip}, or {@code src_endpoint.hostname} when a
 *       service name stands in for the address</td></tr>
 *   <tr><td>the call</td><td>{@code api.operation}, {@code api.service.name}, {@code
 *       api.request.uid} (command id), {@code api.response.error}</td></tr>
 *   <tr><td>targets</td><td>{@code resources[]} ({@code uid}, {@code name}, {@code type} "Virtual
 *       Machine", {@code region}, {@code data.correlation})</td></tr>
 *   <tr><td>evidence</td><td>{@code evidences[]}: the control-plane call ({@code actor}, {@code
 *       api}, {@code src_endpoint}) and each host execution ({@code device} type 6 Virtual,
 *       {@code process} with {@code cmd_line} redacted, {@code file}, {@code user}, {@code
 *       parent_process})</td></tr>
 *   <tr><td>status</td><td>{@code status_id} 1 New</td></tr>
 *   <tr><td>confidence</td><td>{@code confidence_id}/{@code confidence_score}: High (90) when host
 *       telemetry confirmed the command on a target or three or more detectors agree; Medium (60)
 *       with two detectors or an agent's own report; Low (30) otherwise</td></tr>
 *   <tr><td>escalation, answers, actions, score, correlation counts</td><td>{@code
 *       unmapped.runwatch}</td></tr>
 * </table>
 */
public final class OcsfDetectionFinding {
  public static final String OCSF_VERSION = "1.4.0";
  public static final int CLASS_UID = 2004;
  public static final int CATEGORY_UID = 2;
  public static final int ACTIVITY_CREATE = 1;
  public static final int TYPE_UID = CLASS_UID * 100 + ACTIVITY_CREATE;

  /** The ATT&CK release the mapping names (T1651 exists since v13, in tactic TA0002). */
  public static final String ATTACK_VERSION = "v17";

  static final String VENDOR = "runwatch";
  static final int MAX_EVIDENCES = 50;
  private static final JsonFactory FACTORY = new JsonFactory();

  private OcsfDetectionFinding() {}

  public static String toJson(Finding f) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void write(JsonGenerator g, Finding f) throws IOException {
    AdminCommand c = f.command();
    g.writeStartObject();
    g.writeNumberField("activity_id", ACTIVITY_CREATE);
    g.writeStringField("activity_name", "Create");
    g.writeNumberField("category_uid", CATEGORY_UID);
    g.writeStringField("category_name", "Findings");
    g.writeNumberField("class_uid", CLASS_UID);
    g.writeStringField("class_name", "Detection Finding");
    g.writeNumberField("type_uid", TYPE_UID);
    g.writeStringField("type_name", "Detection Finding: Create");
    g.writeNumberField("severity_id", f.severity().ocsfId());
    g.writeStringField("severity", caption(f.severity()));
    g.writeNumberField("time", millis(f.time()));
    g.writeStringField("message", FindingText.title(f));
    g.writeNumberField("status_id", 1);
    g.writeStringField("status", "New");
    int[] confidence = confidence(f);
    g.writeNumberField("confidence_id", confidence[0]);
    g.writeStringField(
        "confidence", confidence[0] == 3 ? "High" : confidence[0] == 2 ? "Medium" : "Low");
    g.writeNumberField("confidence_score", confidence[1]);
    g.writeNumberField("risk_score", f.score());

    writeFindingInfo(g, f);
    writeMetadata(g, f);
    writeCloud(g, c);
    g.writeObjectFieldStart("actor");
    writeActorFields(g, c);
    g.writeEndObject();
    if (c.sourceIp() != null && !c.sourceIp().isBlank()) {
      writeSrcEndpoint(g, c.sourceIp());
    }
    if (!Triage.isOrphan(f)) {
      writeApi(g, c);
    }
    writeResources(g, f);
    writeEvidences(g, f);
    writeUnmapped(g, f);
    g.writeEndObject();
  }

  private static void writeFindingInfo(JsonGenerator g, Finding f) throws IOException {
    AdminCommand c = f.command();
    g.writeObjectFieldStart("finding_info");
    g.writeStringField("uid", f.id());
    g.writeStringField("title", FindingText.title(f));
    g.writeStringField("desc", SecretRedactor.redact(FindingText.description(f)));
    g.writeNumberField("created_time", millis(f.time()));
    g.writeNumberField("first_seen_time", millis(c.time()));
    g.writeNumberField("last_seen_time", millis(lastSeen(f)));
    g.writeArrayFieldStart("types");
    g.writeString("Cloud Administration Command");
    for (DetectorHit h : f.hits()) {
      g.writeString(FindingText.label(h.detectorId()));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("data_sources");
    g.writeString(
        switch (c.cloud()) {
          case AWS -> "AWS CloudTrail";
          case AZURE -> "Azure Activity Log";
          case GCP -> "Google Cloud Audit Logs";
        });
    if (f.correlation() != null) {
      g.writeString("host process telemetry");
    }
    g.writeEndArray();
    if (!f.hits().isEmpty()) {
      g.writeFieldName("analytic");
      writeAnalytic(g, f.hits().get(0));
      if (f.hits().size() > 1) {
        g.writeArrayFieldStart("related_analytics");
        for (DetectorHit h : f.hits().subList(1, f.hits().size())) {
          writeAnalytic(g, h);
        }
        g.writeEndArray();
      }
    }
    g.writeArrayFieldStart("attacks");
    g.writeStartObject();
    g.writeObjectFieldStart("tactic");
    g.writeStringField("uid", "TA0002");
    g.writeStringField("name", "Execution");
    g.writeEndObject();
    g.writeObjectFieldStart("technique");
    g.writeStringField("uid", "T1651");
    g.writeStringField("name", "Cloud Administration Command");
    g.writeEndObject();
    g.writeStringField("version", ATTACK_VERSION);
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("related_events");
    for (String id : f.related()) {
      g.writeStartObject();
      g.writeStringField("uid", id);
      g.writeNumberField("type_uid", TYPE_UID);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeAnalytic(JsonGenerator g, DetectorHit h) throws IOException {
    int type =
        switch (h.detectorId()) {
          case "RW-FIRST-SEEN-INITIATOR", "RW-NEW-SOURCE" -> 2; // Behavioral: against a baseline
          case "RW-VOLUME-SPIKE" -> 3; // Statistical
          default -> 1; // Rule
        };
    g.writeStartObject();
    g.writeStringField("uid", h.detectorId());
    g.writeStringField("name", FindingText.label(h.detectorId()));
    g.writeNumberField("type_id", type);
    g.writeStringField("type", type == 2 ? "Behavioral" : type == 3 ? "Statistical" : "Rule");
    g.writeEndObject();
  }

  private static void writeMetadata(JsonGenerator g, Finding f) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("version", OCSF_VERSION);
    g.writeStringField("uid", f.id());
    g.writeArrayFieldStart("profiles");
    g.writeString("cloud");
    g.writeEndArray();
    g.writeObjectFieldStart("product");
    g.writeStringField("name", "runwatch");
    g.writeStringField("vendor_name", VENDOR);
    g.writeStringField("version", productVersion());
    g.writeObjectFieldStart("feature");
    g.writeStringField("name", "triage");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeCloud(JsonGenerator g, AdminCommand c) throws IOException {
    g.writeObjectFieldStart("cloud");
    g.writeStringField(
        "provider",
        switch (c.cloud()) {
          case AWS -> "AWS";
          case AZURE -> "Azure";
          case GCP -> "GCP";
        });
    if (c.account() != null) {
      g.writeObjectFieldStart("account");
      g.writeStringField("uid", c.account());
      int type =
          switch (c.cloud()) {
            case AWS -> 10;
            case GCP -> 11;
            case AZURE -> 13;
          };
      g.writeNumberField("type_id", type);
      g.writeStringField(
          "type", type == 10 ? "AWS Account" : type == 11 ? "GCP Project" : "Azure Subscription");
      g.writeEndObject();
    }
    if (c.region() != null) {
      g.writeStringField("region", c.region());
    }
    g.writeEndObject();
  }

  private static void writeActorFields(JsonGenerator g, AdminCommand c) throws IOException {
    Principal p = c.principal();
    g.writeObjectFieldStart("user");
    g.writeStringField("uid", p.id());
    g.writeStringField("name", p.displayName());
    int type =
        switch (p.kind()) {
          case HUMAN -> 1;
          case CLOUD_SERVICE -> 3;
          case UNKNOWN -> 0;
          default -> 99;
        };
    g.writeNumberField("type_id", type);
    g.writeStringField(
        "type",
        switch (p.kind()) {
          case HUMAN -> "User";
          case CLOUD_SERVICE -> "System";
          case UNKNOWN -> "Unknown";
          case ROLE_SESSION -> "Role Session";
          case SERVICE_ACCOUNT -> "Service Account";
          case INSTANCE_IDENTITY -> "Instance Identity";
        });
    if (p.credentialId() != null) {
      g.writeStringField("credential_uid", p.credentialId());
    }
    if (c.account() != null) {
      g.writeObjectFieldStart("account");
      g.writeStringField("uid", c.account());
      g.writeEndObject();
    }
    g.writeEndObject();
    if (p.kind() == io.runwatch.core.model.PrincipalKind.CLOUD_SERVICE) {
      g.writeStringField("invoked_by", p.displayName());
    }
  }

  private static void writeSrcEndpoint(JsonGenerator g, String source) throws IOException {
    g.writeObjectFieldStart("src_endpoint");
    g.writeStringField(Networks.network(source) != null ? "ip" : "hostname", source.strip());
    g.writeEndObject();
  }

  private static void writeApi(JsonGenerator g, AdminCommand c) throws IOException {
    g.writeObjectFieldStart("api");
    g.writeStringField("operation", c.eventName() != null ? c.eventName() : c.operation().name());
    g.writeObjectFieldStart("service");
    g.writeStringField("name", service(c.operation()));
    g.writeEndObject();
    if (c.commandId() != null) {
      g.writeObjectFieldStart("request");
      g.writeStringField("uid", c.commandId());
      g.writeEndObject();
    }
    if (c.errorCode() != null) {
      g.writeObjectFieldStart("response");
      g.writeStringField("error", c.errorCode());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeResources(JsonGenerator g, Finding f) throws IOException {
    AdminCommand c = f.command();
    Map<String, String[]> vms = new LinkedHashMap<>(); // id -> {name, correlation}
    for (VmRef vm : c.targets()) {
      vms.put(vm.id(), new String[] {vm.name(), null});
    }
    if (f.correlation() != null) {
      for (TargetCorrelation t : f.correlation().targets()) {
        String[] v = vms.computeIfAbsent(t.vm(), k -> new String[2]);
        if (v[0] == null) {
          v[0] = t.name();
        }
        v[1] = t.status().name();
      }
    }
    g.writeArrayFieldStart("resources");
    for (Map.Entry<String, String[]> e : vms.entrySet()) {
      g.writeStartObject();
      g.writeStringField("uid", e.getKey());
      g.writeStringField(
          "name", e.getValue()[0] != null ? e.getValue()[0] : FindingText.shortId(e.getKey()));
      g.writeStringField("type", "Virtual Machine");
      if (c.region() != null) {
        g.writeStringField("region", c.region());
      }
      if (e.getValue()[1] != null) {
        g.writeObjectFieldStart("data");
        g.writeStringField("correlation", e.getValue()[1]);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeEvidences(JsonGenerator g, Finding f) throws IOException {
    AdminCommand c = f.command();
    g.writeArrayFieldStart("evidences");
    int n = 0;
    if (!Triage.isOrphan(f)) {
      g.writeStartObject();
      g.writeObjectFieldStart("actor");
      writeActorFields(g, c);
      g.writeEndObject();
      writeApi(g, c);
      if (c.sourceIp() != null && !c.sourceIp().isBlank()) {
        writeSrcEndpoint(g, c.sourceIp());
      }
      g.writeEndObject();
      n++;
    }
    if (f.correlation() != null) {
      outer:
      for (TargetCorrelation t : f.correlation().targets()) {
        for (Evidence e : t.evidence()) {
          String vm = e.vm() != null ? e.vm() : t.vm();
          if (n++ >= MAX_EVIDENCES) {
            break outer;
          }
          writeExecution(g, vm, e.execution());
          for (HostExecution child : e.children()) {
            if (n++ >= MAX_EVIDENCES) {
              break outer;
            }
            writeExecution(g, vm, child);
          }
        }
      }
    }
    g.writeEndArray();
  }

  private static void writeExecution(JsonGenerator g, String vm, HostExecution x)
      throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("device");
    if (vm != null) {
      g.writeStringField("uid", vm);
    }
    g.writeStringField("hostname", x.host());
    g.writeNumberField("type_id", 6);
    g.writeStringField("type", "Virtual");
    g.writeEndObject();
    g.writeFieldName("process");
    writeProcess(g, x, true);
    g.writeEndObject();
  }

  private static void writeProcess(JsonGenerator g, HostExecution x, boolean withParent)
      throws IOException {
    g.writeStartObject();
    if (x.pid() != null) {
      g.writeNumberField("pid", x.pid());
    }
    String name = fileName(x.image());
    if (name != null) {
      g.writeStringField("name", name);
    }
    if (x.commandLine() != null) {
      g.writeStringField("cmd_line", SecretRedactor.redact(x.commandLine()));
    }
    g.writeNumberField("created_time", millis(x.time()));
    if (name != null) {
      g.writeObjectFieldStart("file");
      g.writeStringField("name", name);
      g.writeStringField("path", x.image());
      g.writeNumberField("type_id", 1);
      g.writeStringField("type", "Regular File");
      g.writeEndObject();
    }
    if (x.user() != null) {
      g.writeObjectFieldStart("user");
      g.writeStringField("name", x.user());
      g.writeEndObject();
    }
    if (withParent
        && (x.ppid() != null || x.parentImage() != null || x.parentCommandLine() != null)) {
      g.writeObjectFieldStart("parent_process");
      if (x.ppid() != null) {
        g.writeNumberField("pid", x.ppid());
      }
      String parentName = fileName(x.parentImage());
      if (parentName != null) {
        g.writeStringField("name", parentName);
      }
      if (x.parentCommandLine() != null) {
        g.writeStringField("cmd_line", SecretRedactor.redact(x.parentCommandLine()));
      }
      if (parentName != null) {
        g.writeObjectFieldStart("file");
        g.writeStringField("name", parentName);
        g.writeStringField("path", x.parentImage());
        g.writeNumberField("type_id", 1);
        g.writeStringField("type", "Regular File");
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeUnmapped(JsonGenerator g, Finding f) throws IOException {
    AdminCommand c = f.command();
    g.writeObjectFieldStart("unmapped");
    g.writeObjectFieldStart("runwatch");
    g.writeNumberField("score", f.score());
    g.writeStringField("severity", f.severity().name());
    g.writeBooleanField("escalate", f.escalation() != null && f.escalation().escalate());
    g.writeArrayFieldStart("escalation_reasons");
    if (f.escalation() != null) {
      for (String r : f.escalation().reasons()) {
        g.writeString(SecretRedactor.redact(r));
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("detectors");
    for (DetectorHit h : f.hits()) {
      g.writeStartObject();
      g.writeStringField("id", h.detectorId());
      g.writeStringField("severity", h.severity().name());
      g.writeNumberField("score", h.score());
      g.writeStringField("reason", SecretRedactor.redact(h.reason()));
      FindingJson.writeMap(g, "facts", h.facts(), true);
      g.writeEndObject();
    }
    g.writeEndArray();
    FindingJson.writeAnswersAndActions(g, f);
    g.writeObjectFieldStart("command");
    g.writeStringField("operation", c.operation().name());
    g.writeStringField("event_id", c.eventId());
    g.writeStringField("command_id", c.commandId());
    g.writeStringField("document", c.document());
    g.writeStringField("content_sha256", c.contentSha256());
    g.writeStringField("target_selector", c.targetSelector());
    g.writeNumberField("reach", c.reach());
    g.writeStringField("outcome", c.outcome().name());
    g.writeStringField("user_agent", c.userAgent());
    g.writeEndObject();
    CommandCorrelation cc = f.correlation();
    if (cc != null) {
      g.writeObjectFieldStart("correlation");
      g.writeNumberField("confirmed", cc.count(CorrelationStatus.CONFIRMED));
      g.writeNumberField("agent_reported", cc.count(CorrelationStatus.AGENT_REPORTED));
      g.writeNumberField("not_observed", cc.count(CorrelationStatus.NOT_OBSERVED));
      g.writeNumberField("blind_spot", cc.count(CorrelationStatus.BLIND_SPOT));
      g.writeStringField("note", cc.note());
      g.writeEndObject();
    } else {
      g.writeNullField("correlation");
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  // ---- helpers

  /** {confidence_id, confidence_score}: see the class comment. */
  static int[] confidence(Finding f) {
    CommandCorrelation cc = f.correlation();
    boolean confirmed = cc != null && cc.count(CorrelationStatus.CONFIRMED) > 0;
    boolean agent = cc != null && cc.count(CorrelationStatus.AGENT_REPORTED) > 0;
    long detectors = f.hits().stream().map(DetectorHit::detectorId).distinct().count();
    if (confirmed || detectors >= 3) {
      return new int[] {3, 90};
    }
    if (agent || detectors == 2) {
      return new int[] {2, 60};
    }
    return new int[] {1, 30};
  }

  static String caption(Severity s) {
    return switch (s) {
      case INFORMATIONAL -> "Informational";
      case LOW -> "Low";
      case MEDIUM -> "Medium";
      case HIGH -> "High";
      case CRITICAL -> "Critical";
    };
  }

  private static Instant lastSeen(Finding f) {
    Instant last = f.command().time();
    if (f.correlation() != null) {
      for (TargetCorrelation t : f.correlation().targets()) {
        for (Evidence e : t.evidence()) {
          if (e.execution().time().isAfter(last)) {
            last = e.execution().time();
          }
          for (HostExecution child : e.children()) {
            if (child.time().isAfter(last)) {
              last = child.time();
            }
          }
        }
      }
    }
    return last;
  }

  private static String service(Operation op) {
    return switch (op.cloud()) {
      case AWS -> "ssm.amazonaws.com";
      case AZURE -> "Microsoft.Compute";
      case GCP ->
          op == Operation.STARTUP_SCRIPT_CHANGE
              ? "compute.googleapis.com"
              : "osconfig.googleapis.com";
    };
  }

  private static String fileName(String path) {
    if (path == null || path.isBlank()) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return cut >= 0 && cut < path.length() - 1 ? path.substring(cut + 1) : path;
  }

  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }

  private static String productVersion() {
    String v = OcsfDetectionFinding.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
