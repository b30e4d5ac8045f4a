package io.runwatch.core.detect.scope;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code RW-STAGING}: code was staged first and run, or armed to run, later.
 *
 * <ol type="a">
 *   <li><b>SSM documents.</b> A {@code SEND_COMMAND}, {@code CREATE_ASSOCIATION} or {@code
 *       UPDATE_ASSOCIATION} whose document was created or updated ({@code CREATE_DOCUMENT}, {@code
 *       UPDATE_DOCUMENT} with the same name, in the same account, and region when both records give
 *       one) within {@code policy.thresholds().stagingWindow()} before it, by anyone ({@link
 *       RecentActivity#inScope}). A document named by ARN is looked up in the account of the ARN.
 *       The newest staging counts; a denied or failed CreateDocument staged nothing.
 *   <li><b>GCP startup scripts on a running instance.</b> A {@code STARTUP_SCRIPT_CHANGE} naming
 *       instances ({@code instances.setMetadata}): the script waits for the instance's next boot.
 *       Creating an instance with a script ({@code instances.insert}) runs it at first boot, which
 *       is execution rather than staging, and project-wide scripts (a selector, not named targets)
 *       are RW-FAN-OUT's.
 *   <li><b>Azure Custom Script Extension writes.</b> The script runs now, but the extension stays
 *       on the VM or scale set model and runs again when the VM is re-provisioned or reimaged, and
 *       on every instance a scale set adds: staged for later as much as run.
 * </ol>
 *
 * <p>ATT&amp;CK: all three are TA0002:T1651 (Cloud Administration Command). The Custom Script
 * Extension is delivered through the Azure control plane and run by the VM agent exactly as Run
 * Command is, which is what T1651 describes (Elastic's Azure VM extension rules map it the same
 * way); T1059 (Command and Scripting Interpreter) names the in-guest interpreter, which host
 * evidence shows, not how the code got there. Startup scripts are adjacent to TA0003:T1037 (Boot or
 * Logon Initialization Scripts). Each hit says which in its facts ({@code attack}, {@code
 * attackAdjacent}).
 *
 * <p>Severity: MEDIUM; HIGH when the staged content (the document's content, the startup script,
 * the extension's command) matches a suspicious-content pattern.
 *
 * <p>Score: {@code 50 + 30·suspicious + proximity}, at most 100, where {@code proximity} (documents
 * only) is {@code round(10 · (1 − Δ / stagingWindow))} for the time {@code Δ} between staging and
 * use.
 *
 * <p>Quiet for document creation alone, for DENIED commands, and for approved automation within its
 * scope.
 */
public final class StagingDetector implements Detector {
  public static final String ID = "RW-STAGING";
  private static final String T1651 = "TA0002:T1651";

  private final ContentPatterns patterns;

  public StagingDetector() {
    this(ContentPatterns.shipped());
  }

  StagingDetector(ContentPatterns patterns) {
    this.patterns = patterns;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Code staged, then run";
  }

  @Override
  public String attack() {
    return T1651;
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.MEDIUM;
  }

  @Override
  public String falsePositives() {
    return "Release pipelines that publish a new document version and run it; admins setting a"
        + " startup script during a planned change; extension-based provisioning (bootstrap, agent"
        + " install) outside declared automation. The document or extension author and the change"
        + " record tell them apart.";
  }

  @Override
  public String triageNote() {
    return "Read the staged content (document, startup script, extension command) and who staged"
        + " it: a document created by one principal and run by another, or minutes before use, is"
        + " the pattern of an intruder preparing a payload. Remove the document, startup-script"
        + " metadata or extension if it is not part of a known change.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    if (c.outcome() == Outcome.DENIED || Approvals.inScope(context.policy(), c).isPresent()) {
      return Optional.empty();
    }
    return switch (c.operation()) {
      case SEND_COMMAND, CREATE_ASSOCIATION, UPDATE_ASSOCIATION -> stagedDocument(context);
      case STARTUP_SCRIPT_CHANGE -> startupScript(context);
      case CUSTOM_SCRIPT_EXTENSION -> extension(context);
      default -> Optional.empty();
    };
  }

  private Optional<DetectorHit> stagedDocument(DetectionContext context) {
    AdminCommand c = context.command();
    DocRef used = DocRef.of(c);
    if (used == null) {
      return Optional.empty();
    }
    Duration window = context.policy().thresholds().stagingWindow();
    Optional<AdminCommand> staged = staging(context.recent(), c, used, window);
    if (staged.isEmpty()) {
      return Optional.empty();
    }
    AdminCommand s = staged.get();
    Duration gap = Duration.between(s.time(), c.time());
    List<ContentMatch> suspicious = patterns.scan(s.content());
    long proximity =
        window.isZero() ? 0 : Math.round(10 * (1 - (double) gap.toMillis() / window.toMillis()));
    int score = (int) Math.min(100, 50 + (suspicious.isEmpty() ? 0 : 30) + Math.max(0, proximity));
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("document", used.name());
    facts.put("stagedBy", s.principal().id());
    facts.put("stagedAt", s.time().toString());
    facts.put("stagedWith", s.operation().name());
    facts.put("gap", gap.toString());
    facts.put("attack", T1651);
    String who =
        s.principal().id().equals(c.principal().id())
            ? "its initiator"
            : s.principal().displayName();
    String reason =
        Texts.what(c)
            + " runs document "
            + used.name()
            + ", which "
            + who
            + " "
            + (s.operation() == Operation.CREATE_DOCUMENT ? "created" : "updated")
            + " "
            + ago(gap)
            + " before"
            + contentClause(suspicious, facts, "the document's content")
            + ".";
    return Optional.of(hit(context, suspicious, score, reason, facts));
  }

  private Optional<DetectorHit> startupScript(DetectionContext context) {
    AdminCommand c = context.command();
    boolean creation = c.eventName() != null && c.eventName().endsWith("instances.insert");
    if (c.targets().isEmpty() || c.targetSelector() != null || creation) {
      return Optional.empty();
    }
    List<ContentMatch> suspicious = patterns.scan(c.content());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("keys", String.valueOf(c.document()));
    facts.put("instances", Texts.targets(c, 20));
    facts.put("attack", T1651);
    facts.put("attackAdjacent", "TA0003:T1037");
    String reason =
        Texts.what(c)
            + " set "
            + (c.document() != null ? c.document() : "a startup script")
            + " on "
            + Texts.targets(c, 5)
            + ", staged to run as root at the next boot"
            + (c.content() == null ? " (script not in the record)" : "")
            + contentClause(suspicious, facts, "the script");
    return Optional.of(
        hit(context, suspicious, 50 + (suspicious.isEmpty() ? 0 : 30), reason + ".", facts));
  }

  private Optional<DetectorHit> extension(DetectionContext context) {
    AdminCommand c = context.command();
    List<ContentMatch> suspicious = patterns.scan(c.content());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("extension", String.valueOf(c.document()));
    facts.put("targets", Texts.targets(c, 20));
    facts.put("attack", T1651);
    String reason =
        Texts.what(c)
            + " wrote Custom Script Extension "
            + (c.document() != null ? c.document() : "(unnamed)")
            + " on "
            + Texts.targets(c, 5)
            + ": it runs now and again whenever the VM"
            + (c.targetSelector() != null ? " or a new scale-set instance" : "")
            + " is provisioned"
            + (c.content() == null ? " (command not in the record)" : "")
            + contentClause(suspicious, facts, "its command");
    return Optional.of(
        hit(context, suspicious, 50 + (suspicious.isEmpty() ? 0 : 30), reason + ".", facts));
  }

  private static DetectorHit hit(
      DetectionContext context,
      List<ContentMatch> suspicious,
      int score,
      String reason,
      Map<String, String> facts) {
    Severity computed = suspicious.isEmpty() ? Severity.MEDIUM : Severity.HIGH;
    return new DetectorHit(ID, context.policy().severityOf(ID, computed), score, reason, facts);
  }

  /** "; {@code what} matches download-execute content: "…"" when it does, else "". */
  private static String contentClause(
      List<ContentMatch> suspicious, Map<String, String> facts, String what) {
    if (suspicious.isEmpty()) {
      return "";
    }
    Set<String> categories = new LinkedHashSet<>();
    suspicious.forEach(m -> categories.add(m.pattern().category().label()));
    ContentMatch first = suspicious.get(0);
    facts.put("stagedContent", String.join(", ", categories));
    facts.put("quote", first.excerpt());
    return "; "
        + what
        + " matches "
        + String.join(" and ", categories)
        + " patterns (\""
        + first.excerpt()
        + "\")";
  }

  /** The newest successful CreateDocument or UpdateDocument of {@code used} in the window. */
  static Optional<AdminCommand> staging(
      RecentActivity recent, AdminCommand c, DocRef used, Duration window) {
    String scope = c.cloud() + "|" + (used.account() == null ? "unknown" : used.account());
    Instant to = c.time().plusNanos(1); // staged in the same second still counts
    List<AdminCommand> candidates = recent.inScope(scope, c.time().minus(window), to);
    for (int i = candidates.size() - 1; i >= 0; i--) {
      AdminCommand s = candidates.get(i);
      if ((s.operation() == Operation.CREATE_DOCUMENT || s.operation() == Operation.UPDATE_DOCUMENT)
          && s.outcome() != Outcome.DENIED
          && s.outcome() != Outcome.FAILED
          && used.sameAs(DocRef.of(s))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static String ago(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " seconds";
    }
    if (s < 2 * 3600) {
      return (s / 60) + " minutes";
    }
    return (s / 3600) + " hours";
  }

  /**
   * An SSM document as a command names it: by name, or by ARN ({@code
   * arn:aws:ssm:REGION:ACCOUNT:document/NAME}), which also says where it lives.
   */
  record DocRef(String name, String account, String region) {
    static DocRef of(AdminCommand c) {
      String d = c.document();
      if (c.cloud() != Cloud.AWS || d == null || d.isBlank()) {
        return null;
      }
      if (d.startsWith("arn:")) {
        String[] parts = d.split(":", 6);
        if (parts.length == 6 && parts[5].startsWith("document/")) {
          return new DocRef(
              parts[5].substring("document/".length()),
              parts[4].isEmpty() ? c.account() : parts[4],
              parts[3].isEmpty() ? c.region() : parts[3]);
        }
      }
      return new DocRef(d, c.account(), c.region());
    }

    /** Same name and account; same region unless one record does not say. */
    boolean sameAs(DocRef other) {
      return other != null
          && name.equals(other.name)
          && String.valueOf(account).equals(String.valueOf(other.account))
          && (region == null || other.region == null || region.equals(other.region));
    }
  }
}
