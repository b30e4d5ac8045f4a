package io.runwatch.core.triage;

import io.runwatch.core.model.Cloud;
import java.util.Map;
import java.util.Objects;

/**
 * A containment step recommended for a finding, typed with the parameters the containment functions
 * need. Recommending is not acting: responders run it, dry-run first.
 *
 * @param parameters e.g. {@code principal}, {@code accessKeyId}, {@code commandId}, {@code vm}
 * @param blocked why it must not be run automatically (a protected principal), or null
 */
public record ContainmentAction(
    Kind kind, Cloud cloud, Map<String, String> parameters, String why, String blocked) {

  /** The containment steps runwatch knows how to recommend. */
  public enum Kind {
    DISABLE_PRINCIPAL,
    DEPRIVILEGE_PRINCIPAL,
    REVOKE_SESSIONS,
    REVOKE_CREDENTIALS,
    CANCEL_COMMAND,
    ISOLATE_VM,
    SNAPSHOT_VM
  }

  public ContainmentAction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(why, "why");
    parameters = Map.copyOf(parameters);
  }
}
