package io.runwatch.core.ingest.gcp;

import io.runwatch.core.model.Operation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The audit-logged API methods that can run or stage code in VMs, across API versions. */
enum AuditMethod {
  EXECUTE_PATCH_JOB(Operation.PATCH_JOB),
  CREATE_PATCH_DEPLOYMENT(Operation.PATCH_DEPLOYMENT),
  UPDATE_PATCH_DEPLOYMENT(Operation.PATCH_DEPLOYMENT),
  CREATE_OS_POLICY_ASSIGNMENT(Operation.OS_POLICY_ASSIGNMENT),
  UPDATE_OS_POLICY_ASSIGNMENT(Operation.OS_POLICY_ASSIGNMENT),
  SET_INSTANCE_METADATA(Operation.STARTUP_SCRIPT_CHANGE),
  SET_PROJECT_METADATA(Operation.STARTUP_SCRIPT_CHANGE),
  INSERT_INSTANCE(Operation.STARTUP_SCRIPT_CHANGE);

  // OS Config puts the API version inside the proto package (v1, v1beta, v1alpha).
  private static final Pattern OS_CONFIG =
      Pattern.compile(
          "google\\.cloud\\.osconfig\\.v1(?:alpha|beta)?\\.(OsConfigService|OsConfigZonalService)"
              + "\\.(\\w+)");

  // Compute prefixes the REST version (v1., beta., alpha.); some older entries have none.
  private static final Pattern COMPUTE =
      Pattern.compile("(?:(?:v1|beta|alpha)\\.)?compute\\.(\\w+\\.\\w+)");

  private final Operation operation;

  AuditMethod(Operation operation) {
    this.operation = operation;
  }

  Operation operation() {
    return operation;
  }

  /**
   * Every method name {@link #of} recognizes, spelled out for the splitter's token check, plus the
   * envelope keys and types whose payload is base64 and so names no method in clear.
   */
  static Set<String> candidateTokens() {
    Set<String> tokens = new HashSet<>();
    for (String version : List.of("v1", "v1alpha", "v1beta")) {
      for (String method :
          List.of(
              "OsConfigService.ExecutePatchJob",
              "OsConfigService.CreatePatchDeployment",
              "OsConfigService.UpdatePatchDeployment",
              "OsConfigZonalService.CreateOSPolicyAssignment",
              "OsConfigZonalService.UpdateOSPolicyAssignment")) {
        tokens.add("google.cloud.osconfig." + version + "." + method);
      }
    }
    for (String prefix : List.of("", "v1.", "beta.", "alpha.")) {
      for (String method :
          List.of(
              "instances.setMetadata", "projects.setCommonInstanceMetadata", "instances.insert")) {
        tokens.add(prefix + "compute." + method);
      }
    }
    tokens.addAll(
        List.of(
            "subscription", // Pub/Sub push envelope and messagePublished data
            "ackId", // a pulled message saved to a file
            "google.cloud.pubsub.topic.v1.messagePublished"));
    return Set.copyOf(tokens);
  }

  /** The method {@code methodName} names, or {@code null} when it is none of these. */
  static AuditMethod of(String methodName) {
    if (methodName == null) {
      return null;
    }
    Matcher osConfig = OS_CONFIG.matcher(methodName);
    if (osConfig.matches()) {
      return switch (osConfig.group(1) + "." + osConfig.group(2)) {
        case "OsConfigService.ExecutePatchJob" -> EXECUTE_PATCH_JOB;
        case "OsConfigService.CreatePatchDeployment" -> CREATE_PATCH_DEPLOYMENT;
        case "OsConfigService.UpdatePatchDeployment" -> UPDATE_PATCH_DEPLOYMENT;
        case "OsConfigZonalService.CreateOSPolicyAssignment" -> CREATE_OS_POLICY_ASSIGNMENT;
        case "OsConfigZonalService.UpdateOSPolicyAssignment" -> UPDATE_OS_POLICY_ASSIGNMENT;
        default -> null;
      };
    }
    Matcher compute = COMPUTE.matcher(methodName);
    if (compute.matches()) {
      return switch (compute.group(1)) {
        case "instances.setMetadata" -> SET_INSTANCE_METADATA;
        case "projects.setCommonInstanceMetadata" -> SET_PROJECT_METADATA;
        case "instances.insert" -> INSERT_INSTANCE;
        default -> null;
      };
    }
    return null;
  }
}
