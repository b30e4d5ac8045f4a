package io.runwatch.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Port: the record of every containment attempt, allowed or refused, dry run or not. Written before
 * the caller gets an answer; never holds secrets.
 */
public interface AuditLog {
  /**
   * @param id unique per attempt
   * @param caller who asked (an IAM ARN, an Entra object id, a Google account)
   * @param action the containment kind, or the raw request's action when it could not be parsed
   * @param mode {@code DRY_RUN}, {@code EXECUTE} or {@code ROLLBACK}
   * @param decision {@code PLANNED}, {@code DONE}, {@code REFUSED} or {@code FAILED}
   * @param findingId the finding the action came from, or {@code null} for an explicit action
   * @param details the parameters and the changes made or planned
   */
  record AuditRecord(
      String id,
      Instant time,
      String caller,
      String action,
      String mode,
      String decision,
      String findingId,
      String reason,
      Map<String, String> details) {
    public AuditRecord {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(time, "time");
      details = details == null ? Map.of() : Map.copyOf(details);
    }
  }

  void record(AuditRecord record);
}
