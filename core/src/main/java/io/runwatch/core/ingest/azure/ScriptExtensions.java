package io.runwatch.core.ingest.azure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether an extension write can run a script in the guest.
 *
 * <p>The Activity Log names the extension instance (the last resource id segment) but rarely its
 * type, and the instance name is the caller's choice: {@code az vm extension set --name
 * CustomScript --extension-instance-name anything}. So:
 *
 * <ul>
 *   <li>When the logged request body gives {@code properties.type}, the type decides: the Custom
 *       Script and Run Command handler types are commands, every other type is not.
 *   <li>Otherwise the name decides, and only a well-known agent or configuration extension name
 *       (monitoring, Defender, policy, disk encryption, login, DSC, …) is skipped; script names and
 *       unknown names are kept as candidates.
 * </ul>
 *
 * <p>The cost: a Custom Script instance renamed to, say, {@code AzureMonitorLinuxAgent} is skipped
 * when no request body is logged. Keeping every extension write instead would flood detectors with
 * the agents Azure Policy and Defender install on every VM; the type check closes the gap whenever
 * ARM logs the body.
 */
final class ScriptExtensions {
  private static final Set<String> SCRIPT_TYPES =
      lower(
          "CustomScript",
          "CustomScriptExtension",
          "CustomScriptForLinux",
          "RunCommandLinux",
          "RunCommandWindows",
          "RunCommandHandlerLinux",
          "RunCommandHandlerWindows");

  /** Default instance names of extensions that install agents or apply configuration. */
  private static final Set<String> NON_COMMAND_NAMES =
      lower(
          "AzureMonitorLinuxAgent",
          "AzureMonitorWindowsAgent",
          "OmsAgentForLinux",
          "MicrosoftMonitoringAgent",
          "DependencyAgentLinux",
          "DependencyAgentWindows",
          "MDE.Linux",
          "MDE.Windows",
          "AzureSecurityLinuxAgent",
          "AzureSecurityWindowsAgent",
          "AzurePolicyforLinux",
          "AzurePolicyforWindows",
          "ConfigurationforLinux",
          "ConfigurationforWindows",
          "AzureNetworkWatcherExtension",
          "NetworkWatcherAgentLinux",
          "NetworkWatcherAgentWindows",
          "AADSSHLoginForLinux",
          "AADLoginForWindows",
          "AzureDiskEncryption",
          "AzureDiskEncryptionForLinux",
          "IaaSAntimalware",
          "IaaSDiagnostics",
          "LinuxDiagnostic",
          "GuestAttestation",
          "ApplicationHealthLinux",
          "ApplicationHealthWindows",
          "ChangeTracking-Linux",
          "ChangeTracking-Windows",
          "Microsoft.Powershell.DSC",
          "DSC",
          // Resets credentials rather than running commands: an adjacent technique.
          "VMAccessForLinux",
          "VMAccessAgent",
          "enablevmaccess");

  private ScriptExtensions() {}

  /**
   * Whether an extension write may run a script.
   *
   * @param instanceName the extension's resource name, or {@code null} when the id lacks it
   * @param type the extension type from the logged request body, or {@code null}
   */
  static boolean mayRunScript(String instanceName, String type) {
    if (type != null) {
      return SCRIPT_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }
    return instanceName == null
        || !NON_COMMAND_NAMES.contains(instanceName.toLowerCase(Locale.ROOT));
  }

  private static Set<String> lower(String... names) {
    return Set.of(Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new));
  }
}
