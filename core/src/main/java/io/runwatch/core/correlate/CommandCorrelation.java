package io.runwatch.core.correlate;

import io.runwatch.core.model.AdminCommand;
import java.util.List;

/**
 * A command and its evidence per target.
 *
 * @param targets one outcome per target VM: the named targets, plus any VM telemetry proved ran the
 *     command (a tag-targeted SSM command names no instance, its command id does)
 * @param note why there is no outcome at all (a denied call, a staged document, targets chosen by a
 *     selector telemetry cannot resolve), or {@code null}
 */
public record CommandCorrelation(
    AdminCommand command, List<TargetCorrelation> targets, String note) {
  public CommandCorrelation {
    targets = List.copyOf(targets);
  }

  public long count(CorrelationStatus status) {
    return targets.stream().filter(t -> t.status() == status).count();
  }
}
