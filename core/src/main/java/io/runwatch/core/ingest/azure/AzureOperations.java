package io.runwatch.core.ingest.azure;

import io.runwatch.core.model.Operation;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ARM operations that run code in a machine, keyed by lower-cased operation name (Azure writes
 * them canonically in the portal and upper-cased in diagnostic exports).
 *
 * <p>There is no {@code Microsoft.Compute/virtualMachineScaleSets/runCommands} resource type: the
 * Compute API puts managed run commands on scale-set instances only ({@code
 * virtualMachineScaleSets/virtualMachines/runCommands}). Code reaches a whole scale set through an
 * extension in the scale-set model, hence {@link TargetShape#SCALE_SET} for that write.
 *
 * <p>Deliberately out of scope for now, though adjacent: AKS {@code
 * managedClusters/runCommand/action} (runs in a pod, not on a VM the correlator can see), serial
 * console connect (interactive, with no command record), gallery application versions and VM or
 * scale-set model writes that carry custom data or an extension profile (they run code only at the
 * next deployment or reimage).
 */
final class AzureOperations {
  /** One recognized operation: what it is and what its resource id names. */
  record Spec(Operation operation, TargetShape target) {
    boolean isExtensionWrite() {
      return operation == Operation.CUSTOM_SCRIPT_EXTENSION;
    }
  }

  private static final Map<String, Spec> BY_NAME =
      Map.ofEntries(
          entry(
              "Microsoft.Compute/virtualMachines/runCommand/action",
              Operation.RUN_COMMAND_ACTION,
              TargetShape.VIRTUAL_MACHINE),
          entry(
              "Microsoft.Compute/virtualMachines/runCommands/write",
              Operation.MANAGED_RUN_COMMAND,
              TargetShape.VIRTUAL_MACHINE),
          entry(
              "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action",
              Operation.RUN_COMMAND_ACTION,
              TargetShape.SCALE_SET_INSTANCE),
          entry(
              "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommands/write",
              Operation.MANAGED_RUN_COMMAND,
              TargetShape.SCALE_SET_INSTANCE),
          entry(
              "Microsoft.HybridCompute/machines/runCommands/write",
              Operation.MANAGED_RUN_COMMAND,
              TargetShape.ARC_MACHINE),
          entry(
              "Microsoft.Compute/virtualMachines/extensions/write",
              Operation.CUSTOM_SCRIPT_EXTENSION,
              TargetShape.VIRTUAL_MACHINE),
          entry(
              "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/extensions/write",
              Operation.CUSTOM_SCRIPT_EXTENSION,
              TargetShape.SCALE_SET_INSTANCE),
          entry(
              "Microsoft.Compute/virtualMachineScaleSets/extensions/write",
              Operation.CUSTOM_SCRIPT_EXTENSION,
              TargetShape.SCALE_SET),
          entry(
              "Microsoft.HybridCompute/machines/extensions/write",
              Operation.CUSTOM_SCRIPT_EXTENSION,
              TargetShape.ARC_MACHINE));

  private AzureOperations() {}

  /** The recognized operation names, lower-cased. */
  static Set<String> names() {
    return BY_NAME.keySet();
  }

  /** The spec of an operation name in any casing, or {@code null} when it runs no code. */
  static Spec lookup(String operationName) {
    return operationName == null ? null : BY_NAME.get(operationName.toLowerCase(Locale.ROOT));
  }

  private static Map.Entry<String, Spec> entry(
      String name, Operation operation, TargetShape target) {
    return Map.entry(name.toLowerCase(Locale.ROOT), new Spec(operation, target));
  }
}
