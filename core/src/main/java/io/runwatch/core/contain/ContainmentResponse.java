package io.runwatch.core.contain;

import java.util.Objects;

/**
 * The answer to one request, after its audit record was written.
 *
 * @param mode what was asked, or {@code null} when the request could not be read
 * @param action the action's kind (or the request's label for it when unresolved), or {@code null}
 * @param reason why it was refused or failed, or what was done
 * @param planId the current plan's id (to confirm), or {@code null} when no plan was made
 * @param plan the changes planned, or {@code null}
 * @param result what applying did, or {@code null} when nothing was applied
 * @param failure the provider failure behind a FAILED (or an unsupported action's REFUSED), or
 *     {@code null}
 * @param auditId the id of the audit record written for this answer
 */
public record ContainmentResponse(
    Decision decision,
    Mode mode,
    String findingId,
    String action,
    String reason,
    String planId,
    Plan plan,
    Result result,
    ProviderFailure failure,
    String auditId) {
  public ContainmentResponse {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(auditId, "auditId");
  }
}
