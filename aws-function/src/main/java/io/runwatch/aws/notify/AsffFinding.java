package io.runwatch.aws.notify;

import static io.runwatch.aws.notify.UntrustedText.cut;
import static io.runwatch.aws.notify.UntrustedText.plain;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.FindingProviderFields;
import software.amazon.awssdk.services.securityhub.model.FindingProviderSeverity;
import software.amazon.awssdk.services.securityhub.model.Recommendation;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Remediation;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * A finding in the AWS Security Finding Format (ASFF, {@code SchemaVersion 2018-10-08}) for
 * Security Hub's {@code BatchImportFindings}, as the "default" product of the account runwatch runs
 * in ({@code arn:aws:securityhub:<region>:<account>:product/<account>/default}).
 *
 * <p>Sources: "Required top-level ASFF attributes"
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html:
 * AwsAccountId, CreatedAt, Description, GeneratorId, Id, ProductArn, Resources, SchemaVersion,
 * Severity, Title, Types, UpdatedAt); "ASFF types taxonomy" (namespace/category/classifier, the
 * namespaces {@code Software and Configuration Checks}, {@code TTPs}, {@code Effects}, {@code
 * Unusual Behaviors}, {@code Sensitive Data Identifications}; TTPs categories are ATT&amp;CK
 * tactics); API reference AwsSecurityFinding (Title ≤ 256, Description ≤ 1024, Recommendation.Text
 * ≤ 512, ProductFields ≤ 50 entries with values ≤ 2048, Resources ≤ 32).
 *
 * <ul>
 *   <li>{@code Id}: the runwatch finding id, so a re-import updates the same Security Hub finding
 *       (BatchImportFindings upserts on Id and ProductArn) instead of making a second one
 *   <li>{@code Types}: {@code TTPs/Execution/T1651}, plus {@code Unusual Behaviors/User} when a
 *       behaviour detector (first-seen initiator, new source, volume spike) fired
 *   <li>{@code Severity.Label} and {@code FindingProviderFields.Severity.Label}: runwatch's
 *       severity
 *   <li>{@code Resources}: an {@code AwsEc2Instance} (instance ARN) per AWS target VM (at most 30),
 *       {@code Other} for VMs of other clouds, and the principal: {@code AwsIamUser} for an IAM
 *       user, {@code AwsIamRole} (the role's ARN) for an assumed-role session, {@code Other}
 *       otherwise
 *   <li>{@code ProductFields}: {@code runwatch/findingId}, {@code runwatch/score}, {@code
 *       runwatch/detectors}, {@code runwatch/escalate}, {@code runwatch/commandId}, {@code
 *       runwatch/eventId}
 *   <li>{@code Remediation.Recommendation.Text}: the first containment steps
 * </ul>
 *
 * Log values are made {@link UntrustedText#plain} before they go in.
 */
public final class AsffFinding {
  public static final String SCHEMA_VERSION = "2018-10-08";
  public static final String TYPE = "TTPs/Execution/T1651";
  public static final String UNUSUAL_USER = "Unusual Behaviors/User";
  static final int MAX_TITLE = 256;
  static final int MAX_DESCRIPTION = 1024;
  static final int MAX_RECOMMENDATION = 512;
  static final int MAX_VM_RESOURCES = 30;

  private static final Set<String> BEHAVIOUR =
      Set.of("RW-FIRST-SEEN-INITIATOR", "RW-NEW-SOURCE", "RW-VOLUME-SPIKE");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Pattern IAM_USER = Pattern.compile("arn:aws[\\w-]*:iam::\\d{12}:user/.+");
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:(aws[\\w-]*):sts::(\\d{12}):assumed-role/([^/]+)/.+");

  private AsffFinding() {}

  public static String productArn(NotifyConfig config) {
    return "arn:aws:securityhub:"
        + config.region()
        + ":"
        + config.homeAccount()
        + ":product/"
        + config.homeAccount()
        + "/default";
  }

  public static AwsSecurityFinding of(Finding f, NotifyConfig config, Instant now) {
    AdminCommand c = f.command();
    Instant created = f.time() != null ? f.time() : c.time();
    String createdAt = DateTimeFormatter.ISO_INSTANT.format(created);
    String updatedAt = DateTimeFormatter.ISO_INSTANT.format(now.isBefore(created) ? created : now);
    SeverityLabel label = SeverityLabel.fromValue(f.severity().name());
    return AwsSecurityFinding.builder()
        .schemaVersion(SCHEMA_VERSION)
        .id(f.id())
        .productArn(productArn(config))
        .generatorId("runwatch/" + String.join("+", detectorIds(f)))
        .awsAccountId(account(c, config))
        .types(types(f))
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .firstObservedAt(createdAt)
        .severity(
            software.amazon.awssdk.services.securityhub.model.Severity.builder()
                .label(label)
                .build())
        .findingProviderFields(
            FindingProviderFields.builder()
                .severity(FindingProviderSeverity.builder().label(label).build())
                .types(types(f))
                .build())
        .title(plain(cut(FindingText.title(f), MAX_TITLE - 10)))
        .description(description(f))
        .resources(resources(f, config))
        .productFields(productFields(f))
        .remediation(
            Remediation.builder()
                .recommendation(Recommendation.builder().text(recommendation(f, config)).build())
                .build())
        .recordState(RecordState.ACTIVE)
        .build();
  }

  static List<String> detectorIds(Finding f) {
    Set<String> ids = new LinkedHashSet<>();
    for (DetectorHit h : f.hits()) {
      ids.add(h.detectorId());
    }
    return List.copyOf(ids);
  }

  static List<String> types(Finding f) {
    List<String> t = new ArrayList<>(List.of(TYPE));
    if (f.hits().stream().anyMatch(h -> BEHAVIOUR.contains(h.detectorId()))) {
      t.add(UNUSUAL_USER);
    }
    return t;
  }

  /** The command's account when it is an AWS account id, else the account runwatch runs in. */
  static String account(AdminCommand c, NotifyConfig config) {
    return c.cloud() == Cloud.AWS && c.account() != null && ACCOUNT.matcher(c.account()).matches()
        ? c.account()
        : config.homeAccount();
  }

  /** The description cut on the raw text, then escaped: never over 1024 and never mid-escape. */
  static String description(Finding f) {
    String raw = FindingText.description(f);
    String escalation =
        f.escalation() == null
            ? ""
            : f.escalation().escalate() ? " Escalate to Tier 2." : " Not escalated.";
    int room = MAX_DESCRIPTION - escalation.length();
    String text = plain(cut(raw, room));
    while (text.length() > room) {
      room -= text.length() - room + 1;
      text = plain(cut(raw, room));
    }
    return text + escalation;
  }

  static List<Resource> resources(Finding f, NotifyConfig config) {
    AdminCommand c = f.command();
    List<Resource> r = new ArrayList<>();
    String account = account(c, config);
    String region = c.region() != null ? c.region() : config.region();
    for (VmRef vm : c.targets()) {
      if (r.size() == MAX_VM_RESOURCES) {
        break;
      }
      if (c.cloud() == Cloud.AWS && INSTANCE.matcher(vm.id()).matches()) {
        r.add(
            Resource.builder()
                .type("AwsEc2Instance")
                .id("arn:aws:ec2:" + region + ":" + account + ":instance/" + vm.id())
                .region(region)
                .build());
      } else {
        r.add(Resource.builder().type("Other").id(plain(cut(vm.id(), 500))).build());
      }
    }
    r.add(principal(c.principal()));
    return r;
  }

  static Resource principal(Principal p) {
    Matcher session = ASSUMED_ROLE.matcher(p.id());
    if (IAM_USER.matcher(p.id()).matches()) {
      return Resource.builder().type("AwsIamUser").id(plain(p.id())).build();
    }
    if (session.matches()) {
      String role =
          p.issuer() != null && p.issuer().startsWith("arn:")
              ? p.issuer()
              : "arn:"
                  + session.group(1)
                  + ":iam::"
                  + session.group(2)
                  + ":role/"
                  + session.group(3);
      return Resource.builder()
          .type("AwsIamRole")
          .id(plain(role))
          .details(
              software.amazon.awssdk.services.securityhub.model.ResourceDetails.builder()
                  .other(Map.of("sessionPrincipal", plain(cut(p.id(), 1000))))
                  .build())
          .build();
    }
    return Resource.builder().type("Other").id(plain(cut(p.id(), 500))).build();
  }

  static Map<String, String> productFields(Finding f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("runwatch/findingId", f.id());
    m.put("runwatch/score", Integer.toString(f.score()));
    m.put("runwatch/detectors", cut(String.join(",", detectorIds(f)), 2000));
    m.put("runwatch/escalate", Boolean.toString(EmailNotification.escalated(f)));
    if (f.command().commandId() != null) {
      m.put("runwatch/commandId", plain(cut(f.command().commandId(), 1000)));
    }
    if (f.command().eventId() != null) {
      m.put("runwatch/eventId", plain(cut(f.command().eventId(), 1000)));
    }
    return m;
  }

  static String recommendation(Finding f, NotifyConfig config) {
    StringBuilder s = new StringBuilder();
    if (f.actions().isEmpty()) {
      s.append("Review the command and its principal; runwatch recommends no containment.");
    } else {
      s.append("Dry-run with the containment function ")
          .append(config.containFunction())
          .append(" (payload {\"findingId\":\"")
          .append(f.id())
          .append("\",\"action\":N}): ");
      for (int i = 0; i < f.actions().size(); i++) {
        s.append(i).append('=').append(ContainmentSteps.label(f.actions().get(i)));
        if (f.actions().get(i).blocked() != null) {
          s.append(" (blocked)");
        }
        s.append(i + 1 < f.actions().size() ? "; " : ".");
      }
    }
    return cut(s.toString(), MAX_RECOMMENDATION);
  }
}
