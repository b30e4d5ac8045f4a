package io.runwatch.core.model;

import java.util.Objects;

/**
 * A target VM as the control plane names it.
 *
 * @param id the identifier host telemetry joins on: AWS instance id, Azure VM resource id (lower
 *     case, as ARM compares ids case-insensitively), GCP instance id or, when the record lacks it,
 *     the instance resource name
 * @param name the short name when the record gives one (Azure VM name, GCP instance name)
 */
public record VmRef(String id, String name) {
  public VmRef {
    Objects.requireNonNull(id, "id");
  }

  public static VmRef of(String id) {
    return new VmRef(id, null);
  }
}
