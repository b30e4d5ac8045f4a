package io.runwatch.aws.notify;

import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.triage.Finding;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Tells the SOC through SNS, then copies the finding to Security Hub when that is enabled.
 *
 * <h2>Order and failure semantics</h2>
 *
 * <ol>
 *   <li><b>SNS first</b>: it is the SOC's channel (chat, e-mail, pager). If it fails, {@link
 *       #publish} throws its {@link NotificationException}; the caller does not mark the finding
 *       notified, the invocation fails and the platform retries, and Security Hub is not called.
 *   <li><b>Security Hub second</b>, only after SNS took the message. If it fails, {@link #publish}
 *       does <em>not</em> throw: throwing would fail the invocation, the finding store would not
 *       record "notified", and the retry would publish to SNS a second time, paging the SOC twice
 *       for one finding. Instead the failure goes to the {@code securityHubFailures} listener (the
 *       handler logs its kind and counts it) and the call returns normally.
 * </ol>
 *
 * So SNS is at-least-once and duplicates come only from SNS's own redelivery; Security Hub is
 * best-effort per invocation. Nothing is lost for good: the ASFF {@code Id} is the finding id and
 * BatchImportFindings upserts on it, so a later import of the same finding (a re-run, a backfill
 * from the findings table) updates the one Security Hub finding rather than adding another.
 */
public final class CompositeNotifier implements FindingNotifier {
  private final FindingNotifier sns;
  private final FindingNotifier securityHub;
  private final Consumer<NotificationException> securityHubFailures;

  /**
   * @param securityHub {@code null} when {@code RUNWATCH_SECURITY_HUB} is not {@code true}
   * @param securityHubFailures told of each Security Hub failure after SNS succeeded
   */
  public CompositeNotifier(
      FindingNotifier sns,
      FindingNotifier securityHub,
      Consumer<NotificationException> securityHubFailures) {
    this.sns = Objects.requireNonNull(sns, "sns");
    this.securityHub = securityHub;
    this.securityHubFailures = Objects.requireNonNull(securityHubFailures, "securityHubFailures");
  }

  @Override
  public void publish(Finding finding) {
    sns.publish(finding);
    if (securityHub != null) {
      try {
        securityHub.publish(finding);
      } catch (NotificationException e) {
        securityHubFailures.accept(e);
      }
    }
  }
}
