package io.runwatch.core.detect.scope;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-FAN-OUT}: one command reaches many VMs at once.
 *
 * <p>Reach is {@link AdminCommand#reach()}: the count the control plane resolved (an SSM tag
 * target's {@code targetCount}), else the VMs the request names. Two GCP shapes reach every VM of
 * the project whatever their (unknown) count, and count as fan-out on their own: an OS Config
 * instance filter of {@code all} (patch job, patch deployment, OS policy assignment: selector
 * {@code all}), and a project-wide startup script ({@code projects.setCommonInstanceMetadata}:
 * selector {@code project:P}), which every VM without its own script runs at its next boot.
 *
 * <p>With {@code T = max(1, policy.thresholds().fanOut())} the detector fires when reach {@code r ≥
 * T} or the command selects the whole project; MEDIUM, HIGH when {@code r ≥ 3T}.
 *
 * <p>Score: {@code min(100, 30 + round(20 · r / T))} (50 at the threshold, 90 at three times it);
 * for a whole-project selector with a smaller or unknown count, 60.
 *
 * <p>Quiet for DENIED commands (they reached nothing) and for approved automation acting within its
 * operations, documents and targets.
 */
public final class FanOutDetector implements Detector {
  public static final String ID = "RW-FAN-OUT";

  public FanOutDetector() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "One admin command reaches many VMs";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.MEDIUM;
  }

  @Override
  public String falsePositives() {
    return "Fleet-wide patching, inventory and agent updates by automation not (yet) declared in the"
        + " policy; an admin's deliberate fleet-wide fix. The document or script and the initiator"
        + " usually make these obvious: AWS-RunPatchBaseline by the patch role is routine.";
  }

  @Override
  public String triageNote() {
    return "Check what was run (document, script content) and by whom; one principal running code"
        + " on many VMs is how ransomware and miners are deployed. If the initiator is unfamiliar or"
        + " the content unknown, find out how many VMs actually ran it (host evidence) and whether"
        + " to stop it (cancel the command, remove the association or OS policy).";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    if (c.outcome() == Outcome.DENIED || Approvals.inScope(context.policy(), c).isPresent()) {
      return Optional.empty();
    }
    int threshold = Math.max(1, context.policy().thresholds().fanOut());
    int reach = c.reach();
    String wholeProject = wholeProject(c);
    if (reach < threshold && wholeProject == null) {
      return Optional.empty();
    }
    Severity computed = reach >= 3L * threshold ? Severity.HIGH : Severity.MEDIUM;
    int score =
        reach >= threshold ? (int) Math.min(100, 30 + Math.round(20.0 * reach / threshold)) : 60;
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("reach", Integer.toString(reach));
    facts.put("threshold", Integer.toString(threshold));
    if (c.targetSelector() != null) {
      facts.put("selector", c.targetSelector());
    }
    String how =
        wholeProject != null && reach < threshold
            ? wholeProject
            : "reaches "
                + reach
                + " VMs ("
                + Texts.targets(c, 5)
                + "), at or above the fan-out threshold of "
                + threshold
                + (computed == Severity.HIGH ? " three times over" : "");
    String reason = Texts.what(c) + " in " + c.account() + " " + how + ".";
    return Optional.of(
        new DetectorHit(ID, context.policy().severityOf(ID, computed), score, reason, facts));
  }

  /** How {@code c} selects every VM of its project, or {@code null} when it does not. */
  static String wholeProject(AdminCommand c) {
    if (c.cloud() != Cloud.GCP || c.targetSelector() == null) {
      return null;
    }
    if (c.targetSelector().equals("all")
        && (c.operation() == Operation.PATCH_JOB
            || c.operation() == Operation.PATCH_DEPLOYMENT
            || c.operation() == Operation.OS_POLICY_ASSIGNMENT)) {
      return "selects every VM of the project (instance filter: all; count unknown)";
    }
    if (c.operation() == Operation.STARTUP_SCRIPT_CHANGE
        && c.targetSelector().startsWith("project:")) {
      return "sets a startup script for every VM of the project that has none of its own ("
          + c.targetSelector()
          + "; each runs it at its next boot)";
    }
    return null;
  }
}
