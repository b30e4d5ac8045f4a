package io.runwatch.aws.notify;

import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.triage.Finding;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes a finding to the SOC's SNS topic ({@code RUNWATCH_TOPIC_ARN}) as one {@link
 * SnsMessage}: chat, e-mail and machine bodies in one {@code Publish} with {@code
 * MessageStructure=json}, a subject for e-mail, and {@link FindingAttributes} for filter policies.
 *
 * <h2>Errors</h2>
 *
 * The SDK's own retries run first (the client's retry strategy). What still fails becomes a {@link
 * NotificationException}:
 *
 * <ul>
 *   <li>retryable: throttling ({@code Throttled}, {@code Throttling}, {@code KMSThrottling}, HTTP
 *       429), {@code InternalError} and every 5xx, and network failures ({@link
 *       SdkClientException}): the invocation fails and Lambda retries it;
 *   <li>not retryable: {@code AuthorizationError}, {@code NotFound}, {@code KMSAccessDenied} and
 *       the other KMS states, {@code InvalidParameter}, {@code InvalidParameterValue} and any other
 *       4xx: retrying cannot help until someone fixes the topic, its key or the role.
 * </ul>
 *
 * The message names the error code and the HTTP status, never the topic ARN or the finding's
 * content.
 */
public final class SnsFindingNotifier implements FindingNotifier {
  static final Set<String> RETRYABLE_CODES =
      Set.of("Throttled", "Throttling", "ThrottlingException", "KMSThrottling", "InternalError");

  private final SnsClient sns;
  private final NotifyConfig config;

  /** {@code sns} is owned by the caller (one client reused across invocations). */
  public SnsFindingNotifier(SnsClient sns, NotifyConfig config) {
    this.sns = sns;
    this.config = config;
  }

  @Override
  public void publish(Finding finding) {
    SnsMessage m = SnsMessage.of(finding, config);
    try {
      sns.publish(
          PublishRequest.builder()
              .topicArn(config.topicArn())
              .messageStructure("json")
              .subject(m.subject())
              .message(m.message())
              .messageAttributes(m.attributes())
              .build());
    } catch (SdkException e) {
      throw map("SNS Publish", e);
    }
  }

  /** The {@link NotificationException} for an SDK failure, as the class Javadoc says. */
  static NotificationException map(String call, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      int status = s.statusCode();
      boolean retryable =
          s.isThrottlingException()
              || status == 429
              || status >= 500
              || (code != null && RETRYABLE_CODES.contains(code));
      return new NotificationException(
          call + " failed: " + code + " (HTTP " + status + ")", retryable, e);
    }
    if (e instanceof SdkClientException) {
      return new NotificationException(
          call + " could not reach the service: " + e.getClass().getSimpleName(), true, e);
    }
    return new NotificationException(
        call + " failed: " + e.getClass().getSimpleName(), e.retryable(), e);
  }
}
