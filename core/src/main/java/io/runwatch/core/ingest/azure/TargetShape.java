package io.runwatch.core.ingest.azure;

import io.runwatch.core.model.VmRef;
import java.util.List;

/** Which kind of machine an operation's resource id names, and how to read it as a target. */
enum TargetShape {
  VIRTUAL_MACHINE("Microsoft.Compute", "virtualMachines", null),
  /**
   * One instance of a uniform scale set: {@code
   * …/virtualMachineScaleSets/<ss>/virtualMachines/<n>}.
   */
  SCALE_SET_INSTANCE("Microsoft.Compute", "virtualMachineScaleSets", null, "virtualMachines", null),
  /** The scale set model: a change reaches every instance, present and future. */
  SCALE_SET("Microsoft.Compute", "virtualMachineScaleSets", null),
  ARC_MACHINE("Microsoft.HybridCompute", "machines", null);

  private final String[] pattern;

  TargetShape(String... pattern) {
    this.pattern = pattern;
  }

  /**
   * Reads the target out of a resource id, or returns {@code null} when the id has another shape.
   */
  Target read(String resourceId) {
    ArmResourceId.Match m = ArmResourceId.parse(resourceId).match(pattern);
    if (m == null) {
      return null;
    }
    return switch (this) {
      case SCALE_SET -> new Target(List.of(), m.id(), m.id(), m.childName());
      // Uniform scale-set instances are named <scaleSet>_<instanceId> in ARM and in the guest.
      case SCALE_SET_INSTANCE ->
          new Target(
              List.of(new VmRef(m.id(), m.segment(2) + "_" + m.segment(0))),
              null,
              m.id(),
              m.childName());
      case VIRTUAL_MACHINE, ARC_MACHINE ->
          new Target(List.of(new VmRef(m.id(), m.segment(0))), null, m.id(), m.childName());
    };
  }

  /**
   * What an operation reaches.
   *
   * @param vms the machines named, empty when a selector stands for them
   * @param selector the scale set id when the operation reaches a whole scale set
   * @param foldId the lower-cased id that keys the operation's records together
   * @param childName the run command or extension name below the machine, when the id has one
   */
  record Target(List<VmRef> vms, String selector, String foldId, String childName) {}
}
