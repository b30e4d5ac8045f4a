package io.runwatch.core.ingest.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import java.util.regex.Pattern;

/**
 * Reads who issued an ARM request from the Entra ID token claims ARM logs with it, and from the
 * Activity Log's {@code caller}.
 *
 * <p>A managed identity names its resource in {@code xms_mirid}. For a system-assigned identity
 * that is the VM itself; for a user-assigned one it is the identity, and the VM that asked for the
 * token is in {@code xms_az_rid} instead. Either naming a VM, a scale set or an Arc machine makes
 * the principal an {@link PrincipalKind#INSTANCE_IDENTITY}: a machine running commands on other
 * machines is a pivot, and its display name is that machine's lower-cased id so it joins to the
 * targets of other commands.
 */
final class AzurePrincipalReader {
  static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
  static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final TargetShape[] MACHINE_SHAPES = {
    TargetShape.VIRTUAL_MACHINE, TargetShape.SCALE_SET, TargetShape.ARC_MACHINE
  };

  private AzurePrincipalReader() {}

  static Principal read(JsonNode claims, String caller) {
    String upn = first(claim(claims, UPN), claim(claims, "upn"));
    String oid = first(claim(claims, OBJECT_ID), claim(claims, "oid"));
    String appId = first(claim(claims, "appid"), claim(claims, "azp"));
    String name = claim(claims, "name");
    String managedIdentity = claim(claims, "xms_mirid");
    String requester = claim(claims, "xms_az_rid");
    String machine = first(machineId(requester), machineId(managedIdentity));
    boolean app = "app".equalsIgnoreCase(claim(claims, "idtyp"));
    boolean callerIsPerson = caller != null && caller.contains("@");
    String workloadId = first(oid, appId, caller, managedIdentity, requester);

    if (machine != null) {
      return new Principal(workloadId, machine, PrincipalKind.INSTANCE_IDENTITY, appId, null);
    }
    boolean workload =
        managedIdentity != null
            || app
            || (upn == null && !callerIsPerson && (appId != null || isGuid(caller)));
    if (workload && workloadId != null) {
      String resourceName = managedIdentity == null ? null : lastSegment(managedIdentity);
      return new Principal(
          workloadId, first(name, resourceName), PrincipalKind.SERVICE_ACCOUNT, appId, null);
    }
    if (upn != null || callerIsPerson) {
      String id = first(upn, caller);
      return new Principal(id, first(name, id), PrincipalKind.HUMAN, null, null);
    }
    String id = first(oid, caller);
    return id == null
        ? Principal.UNKNOWN
        : new Principal(id, name, PrincipalKind.UNKNOWN, null, null);
  }

  /** The lower-cased id of the machine a managed identity claim names, or {@code null}. */
  private static String machineId(String resourceId) {
    if (resourceId == null) {
      return null;
    }
    for (TargetShape shape : MACHINE_SHAPES) {
      TargetShape.Target target = shape.read(resourceId);
      if (target != null) {
        return target.foldId();
      }
    }
    return null;
  }

  private static boolean isGuid(String s) {
    return s != null && GUID.matcher(s).matches();
  }

  private static String lastSegment(String resourceId) {
    String trimmed =
        resourceId.endsWith("/") ? resourceId.substring(0, resourceId.length() - 1) : resourceId;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String claim(JsonNode claims, String name) {
    return JsonFields.text(claims, name);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
