package io.runwatch.aws.notify;

import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import java.util.regex.Pattern;

/**
 * The exact command a responder pastes to dry-run a recommended containment step: an AWS CLI v2
 * {@code lambda invoke} of the containment function with the finding id and the step's index in
 * {@link Finding#actions()}. Dry-run is the containment function's default; executing is a second,
 * deliberate call. Only runwatch's own values go into the command line (a finding id matching
 * {@link #FINDING_ID}, an index, a function name checked by {@link NotifyConfig}), so nothing from
 * a log can break out of the single-quoted payload.
 */
final class ContainmentSteps {
  /**
   * runwatch's finding ids ({@code rw-} and hex) and anything else free of shell metacharacters.
   */
  static final Pattern FINDING_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private ContainmentSteps() {}

  /**
   * {@code aws lambda invoke --function-name F --cli-binary-format raw-in-base64-out --payload
   * '{"findingId":"rw-…","action":0}' out.json}; {@code --cli-binary-format raw-in-base64-out}
   * makes CLI v2 read the payload as JSON rather than base64.
   */
  static String dryRun(NotifyConfig config, Finding f, int index) {
    if (!FINDING_ID.matcher(f.id()).matches()) {
      throw new IllegalArgumentException("finding id has characters unsafe in a shell: " + f.id());
    }
    return "aws lambda invoke --function-name "
        + config.containFunction()
        + " --cli-binary-format raw-in-base64-out --payload '{\"findingId\":\""
        + f.id()
        + "\",\"action\":"
        + index
        + "}' out.json";
  }

  /** "disable principal" for {@code DISABLE_PRINCIPAL}. */
  static String label(ContainmentAction a) {
    return a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
