package io.runwatch.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.geo.FixedNetworkLookup;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PrincipalMatcher;
import io.runwatch.core.policy.Schedule;
import io.runwatch.core.policy.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the data of detector fixtures ({@code src/test/resources/detectors/<id>/*.json}): compact
 * commands, identity changes, a correlation, and a policy written as JSON (maintenance windows as
 * explicit opening times, so fixtures do not depend on schedule parsing).
 */
public final class FixtureData {
  private FixtureData() {}

  public static AdminCommand command(JsonNode n) {
    JsonNode p = n.path("principal");
    List<VmRef> targets = new ArrayList<>();
    n.path("targets").forEach(t -> targets.add(VmRef.of(t.asText())));
    return AdminCommand.builder()
        .cloud(Cloud.valueOf(n.path("cloud").asText("AWS")))
        .account(text(n, "account", "111122223333"))
        .operation(Operation.valueOf(n.path("operation").asText("SEND_COMMAND")))
        .eventName(text(n, "eventName", null))
        .principal(
            new Principal(
                p.path("id").asText("arn:aws:iam::111122223333:user/alice"),
                text(p, "displayName", null),
                PrincipalKind.valueOf(p.path("kind").asText("HUMAN")),
                text(p, "issuer", null),
                text(p, "credentialId", null)))
        .sourceIp(text(n, "sourceIp", null))
        .userAgent(text(n, "userAgent", null))
        .targets(targets)
        .targetSelector(text(n, "targetSelector", null))
        .targetCount(n.has("targetCount") ? n.get("targetCount").asInt() : null)
        .commandId(text(n, "commandId", null))
        .document(text(n, "document", null))
        .content(text(n, "content", null))
        .outcome(Outcome.valueOf(n.path("outcome").asText("SUCCEEDED")))
        .errorCode(text(n, "errorCode", null))
        .time(Instant.parse(n.path("time").asText()))
        .eventId(text(n, "eventId", n.path("time").asText() + n.path("operation").asText()))
        .build();
  }

  public static IdentityChange identityChange(JsonNode n) {
    return new IdentityChange(
        Cloud.valueOf(n.path("cloud").asText("AWS")),
        text(n, "account", "111122223333"),
        text(n, "subject", null),
        text(n, "actor", null),
        IdentityChange.Kind.valueOf(n.path("kind").asText()),
        Instant.parse(n.path("time").asText()),
        text(n, "detail", null),
        text(n, "eventId", null),
        null);
  }

  /** {@code {"targets":[{"vm","status","evidence":[{"image","commandLine","mechanism"}]}]}} */
  public static CommandCorrelation correlation(AdminCommand c, JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    List<TargetCorrelation> targets = new ArrayList<>();
    for (JsonNode t : n.path("targets")) {
      List<Evidence> evidence = new ArrayList<>();
      for (JsonNode e : t.path("evidence")) {
        HostExecution x =
            new HostExecution(
                t.path("vm").asText(),
                c.time().plusSeconds(2),
                1L,
                null,
                text(e, "image", "/bin/sh"),
                text(e, "commandLine", null),
                text(e, "user", "root"),
                text(e, "parentImage", null),
                null,
                null,
                TelemetryFormat.SYSMON_LINUX,
                null,
                null);
        List<HostExecution> children = new ArrayList<>();
        for (JsonNode ch : e.path("children")) {
          children.add(
              new HostExecution(
                  t.path("vm").asText(),
                  c.time().plusSeconds(3),
                  2L,
                  1L,
                  text(ch, "image", "/bin/sh"),
                  text(ch, "commandLine", null),
                  "root",
                  null,
                  null,
                  null,
                  TelemetryFormat.SYSMON_LINUX,
                  null,
                  null));
        }
        evidence.add(
            new Evidence(
                t.path("vm").asText(),
                x,
                text(e, "mechanism", "aws-run-command"),
                c.commandId(),
                children));
      }
      targets.add(
          new TargetCorrelation(
              t.path("vm").asText(),
              null,
              CorrelationStatus.valueOf(t.path("status").asText()),
              evidence,
              text(t, "agentStatus", null),
              true));
    }
    return new CommandCorrelation(c, targets, text(n, "note", null));
  }

  /**
   * A geo database from fixture JSON, {@code {"188.166.0.0/16": {"country": "NL", "asn": 14061,
   * "organization": "DigitalOcean, LLC"}}}; none when absent.
   */
  public static NetworkLookup networks(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return NetworkLookup.NONE;
    }
    FixedNetworkLookup lookup = new FixedNetworkLookup();
    n.properties()
        .forEach(
            e ->
                lookup.with(
                    e.getKey(),
                    new NetworkInfo(
                        text(e.getValue(), "country", null),
                        e.getValue().hasNonNull("asn") ? e.getValue().get("asn").asLong() : null,
                        text(e.getValue(), "organization", null))));
    return lookup;
  }

  /** A policy from fixture JSON; absent parts are the defaults. */
  public static Policy policy(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Policy.defaults();
    }
    Thresholds d = Thresholds.DEFAULTS;
    JsonNode t = n.path("thresholds");
    Thresholds thresholds =
        new Thresholds(
            t.path("fanOut").asInt(d.fanOut()),
            t.path("spikeFactor").asDouble(d.spikeFactor()),
            t.path("spikeMinimum").asInt(d.spikeMinimum()),
            t.path("failedAttempts").asInt(d.failedAttempts()),
            duration(t, "failedThenSuccessWindow", d.failedThenSuccessWindow()),
            duration(t, "stagingWindow", d.stagingWindow()),
            duration(t, "identityChangeWindow", d.identityChangeWindow()));
    List<ApprovedAutomation> automation = new ArrayList<>();
    for (JsonNode a : n.path("automation")) {
      EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
      a.path("operations").forEach(o -> ops.add(Operation.valueOf(o.asText())));
      automation.add(
          new ApprovedAutomation(
              a.path("name").asText(),
              matcher(a.path("principal")),
              strings(a.path("documents")),
              ops,
              strings(a.path("targets")),
              strings(a.path("windows"))));
    }
    List<MaintenanceWindow> windows = new ArrayList<>();
    for (JsonNode w : n.path("windows")) {
      List<Instant> opens = new ArrayList<>();
      w.path("opens").forEach(o -> opens.add(Instant.parse(o.asText())));
      windows.add(
          new MaintenanceWindow(
              w.path("name").asText(),
              new FixedSchedule(opens),
              Duration.parse(w.path("duration").asText("PT2H")),
              ZoneOffset.UTC,
              strings(w.path("accounts")),
              strings(w.path("targets"))));
    }
    return new Policy(
        matchers(n.path("admins")),
        automation,
        windows,
        matchers(n.path("protected")),
        thresholds,
        Map.of(),
        n.hasNonNull("baselineHistory")
            ? Duration.parse(n.get("baselineHistory").asText())
            : Duration.ofDays(30));
  }

  /** A schedule given as the instants its window opens. */
  record FixedSchedule(List<Instant> opens) implements Schedule {
    @Override
    public boolean covers(Instant t, Duration duration, ZoneId zone) {
      return opens.stream().anyMatch(o -> !t.isBefore(o) && t.isBefore(o.plus(duration)));
    }

    @Override
    public String text() {
      return "at " + opens;
    }
  }

  private static List<PrincipalMatcher> matchers(JsonNode list) {
    List<PrincipalMatcher> out = new ArrayList<>();
    list.forEach(m -> out.add(matcher(m)));
    return out;
  }

  private static PrincipalMatcher matcher(JsonNode m) {
    if (m.isTextual()) {
      return new PrincipalMatcher(null, null, m.asText());
    }
    return new PrincipalMatcher(
        m.hasNonNull("cloud") ? Cloud.valueOf(m.get("cloud").asText()) : null,
        text(m, "account", null),
        m.path("pattern").asText());
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(s -> out.add(s.asText()));
    return out;
  }

  private static Duration duration(JsonNode n, String field, Duration fallback) {
    return n.hasNonNull(field) ? Duration.parse(n.get(field).asText()) : fallback;
  }

  private static String text(JsonNode n, String field, String fallback) {
    return n.hasNonNull(field) ? n.get(field).asText() : fallback;
  }
}
