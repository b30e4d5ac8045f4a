package io.runwatch.aws;

import io.runwatch.core.contain.Caller;
import io.runwatch.core.contain.ContainmentResponse;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Tells the SOC topic about each containment attempt: one readable line, then the facts as JSON,
 * with message attributes {@code kind=containment-audit} and {@code decision} so subscriptions can
 * filter (e.g. page on DONE and FAILED only). The audit table is the record; this is the nudge, so
 * a failed publish does not fail the request.
 */
public final class SnsAuditNotice {
  private final SnsClient sns;
  private final String topicArn;

  public SnsAuditNotice(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  /**
   * @return whether the notice went out
   */
  public boolean publish(Caller caller, ContainmentResponse r) {
    try {
      sns.publish(
          b ->
              b.topicArn(topicArn)
                  .subject(subject(r))
                  .message(text(caller, r) + "\n\n" + ContainJson.summary(caller, r))
                  .messageAttributes(
                      // Sorted, so the request is the same bytes every time.
                      new TreeMap<>(
                          Map.of(
                              "kind", attribute("containment-audit"),
                              "decision", attribute(r.decision().name())))));
      return true;
    } catch (SdkException e) {
      return false;
    }
  }

  /** SNS subjects are at most 100 ASCII characters. */
  static String subject(ContainmentResponse r) {
    String s =
        ("runwatch containment " + r.decision() + " " + r.action())
            .replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() <= 100 ? s : s.substring(0, 100);
  }

  static String text(Caller caller, ContainmentResponse r) {
    return "Containment "
        + r.decision()
        + ": "
        + r.action()
        + " ("
        + (r.mode() == null ? "unparsed request" : r.mode().wire())
        + ") by "
        + caller.id()
        + (r.findingId() == null ? "" : " for finding " + r.findingId())
        + (r.reason() == null ? "" : " — " + r.reason())
        + " [audit "
        + r.auditId()
        + "]";
  }

  private static MessageAttributeValue attribute(String v) {
    return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
  }
}
