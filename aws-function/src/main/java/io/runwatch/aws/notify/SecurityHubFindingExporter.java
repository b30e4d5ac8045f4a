package io.runwatch.aws.notify;

import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.triage.Finding;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;

/**
 * Imports a finding into AWS Security Hub as ASFF ({@link AsffFinding}) with {@code
 * BatchImportFindings}, when {@code RUNWATCH_SECURITY_HUB=true}.
 *
 * <p>Security Hub answers 200 even when it rejects a finding: the response's {@code FailedCount}
 * and {@code FailedFindings[].ErrorCode} say so. A rejected finding becomes a {@link
 * NotificationException} naming the finding id and the error code, retryable when the code speaks
 * of throttling, limits or an internal failure. Service errors map as for SNS ({@link
 * SnsFindingNotifier#map}): {@code TooManyRequestsException}, {@code LimitExceededException} (429)
 * and 5xx are retryable; {@code InvalidAccessException} (Security Hub not enabled), {@code
 * AccessDeniedException} and {@code InvalidInputException} are not.
 */
public final class SecurityHubFindingExporter implements FindingNotifier {
  private final SecurityHubClient securityHub;
  private final NotifyConfig config;
  private final Clock clock;

  public SecurityHubFindingExporter(
      SecurityHubClient securityHub, NotifyConfig config, Clock clock) {
    this.securityHub = securityHub;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void publish(Finding finding) {
    BatchImportFindingsResponse response;
    try {
      response =
          securityHub.batchImportFindings(
              r -> r.findings(AsffFinding.of(finding, config, clock.instant())));
    } catch (SdkException e) {
      throw SnsFindingNotifier.map("Security Hub BatchImportFindings", e);
    }
    Integer failed = response.failedCount();
    if (failed != null && failed > 0) {
      ImportFindingsError error =
          response.hasFailedFindings() && !response.failedFindings().isEmpty()
              ? response.failedFindings().get(0)
              : null;
      String code = error == null ? "unknown" : error.errorCode();
      String id = error == null ? finding.id() : error.id();
      throw new NotificationException(
          "Security Hub rejected finding " + id + ": " + code, retryable(code), null);
    }
  }

  static boolean retryable(String code) {
    if (code == null) {
      return false;
    }
    String c = code.toLowerCase(java.util.Locale.ROOT);
    return c.contains("throttl")
        || c.contains("limitexceeded")
        || c.contains("toomanyrequests")
        || c.contains("internal")
        || c.contains("unavailable");
  }
}
