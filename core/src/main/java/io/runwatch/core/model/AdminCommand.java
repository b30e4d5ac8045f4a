package io.runwatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One control-plane action that runs or stages code inside one or more VMs, normalized across
 * clouds. Absent facts are {@code null} (or an empty target list), never invented: the per-cloud
 * field tables say what absence means for each source.
 *
 * @param cloud the control plane
 * @param account AWS account id, Azure subscription id, GCP project id
 * @param region AWS region, Azure location, GCP zone or region, when known
 * @param operation the normalized operation
 * @param eventName the provider's own name for the call (e.g. {@code SendCommand})
 * @param principal who issued it
 * @param sourceIp the caller's address, or the service name when a cloud service called
 * @param userAgent the caller's client
 * @param targets the VMs named in the request
 * @param targetSelector a tag or filter selector when targets are chosen indirectly
 * @param targetCount how many VMs the control plane resolved, when it says
 * @param commandId the id that joins to host telemetry and status events (SSM command id, session
 *     id, association id, Azure correlation id, GCP patch job name)
 * @param document the document, run command or script name
 * @param content script content when the record carries it
 * @param contentSha256 hex SHA-256 of {@code content}, or of content fetched later
 * @param outcome what the control plane said happened
 * @param errorCode the provider's error code for denied or failed requests
 * @param time when the request was made (UTC)
 * @param eventId the provider's unique id of the record, used to drop redelivered copies
 * @param foldKey records with equal keys describe one operation (Azure Started/Succeeded pairs)
 * @param origin where the record was read
 */
public record AdminCommand(
    Cloud cloud,
    String account,
    String region,
    Operation operation,
    String eventName,
    Principal principal,
    String sourceIp,
    String userAgent,
    List<VmRef> targets,
    String targetSelector,
    Integer targetCount,
    String commandId,
    String document,
    String content,
    String contentSha256,
    Outcome outcome,
    String errorCode,
    Instant time,
    String eventId,
    String foldKey,
    RecordRef origin) {

  public AdminCommand {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** The number of VMs this command reaches: the resolved count, else the named targets. */
  public int reach() {
    return targetCount != null ? Math.max(targetCount, targets.size()) : targets.size();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .cloud(cloud)
        .account(account)
        .region(region)
        .operation(operation)
        .eventName(eventName)
        .principal(principal)
        .sourceIp(sourceIp)
        .userAgent(userAgent)
        .targets(targets)
        .targetSelector(targetSelector)
        .targetCount(targetCount)
        .commandId(commandId)
        .document(document)
        .content(content)
        .contentSha256(contentSha256)
        .outcome(outcome)
        .errorCode(errorCode)
        .time(time)
        .eventId(eventId)
        .foldKey(foldKey)
        .origin(origin);
  }

  /** Builds an {@link AdminCommand}; parsers fill what their record holds. */
  public static final class Builder {
    private Cloud cloud;
    private String account;
    private String region;
    private Operation operation;
    private String eventName;
    private Principal principal = Principal.UNKNOWN;
    private String sourceIp;
    private String userAgent;
    private List<VmRef> targets = List.of();
    private String targetSelector;
    private Integer targetCount;
    private String commandId;
    private String document;
    private String content;
    private String contentSha256;
    private Outcome outcome = Outcome.SUCCEEDED;
    private String errorCode;
    private Instant time;
    private String eventId;
    private String foldKey;
    private RecordRef origin;

    private Builder() {}

    public Builder cloud(Cloud v) {
      cloud = v;
      return this;
    }

    public Builder account(String v) {
      account = v;
      return this;
    }

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder operation(Operation v) {
      operation = v;
      if (cloud == null && v != null) {
        cloud = v.cloud();
      }
      return this;
    }

    public Builder eventName(String v) {
      eventName = v;
      return this;
    }

    public Builder principal(Principal v) {
      principal = v;
      return this;
    }

    public Builder sourceIp(String v) {
      sourceIp = v;
      return this;
    }

    public Builder userAgent(String v) {
      userAgent = v;
      return this;
    }

    public Builder targets(List<VmRef> v) {
      targets = v;
      return this;
    }

    public Builder targetSelector(String v) {
      targetSelector = v;
      return this;
    }

    public Builder targetCount(Integer v) {
      targetCount = v;
      return this;
    }

    public Builder commandId(String v) {
      commandId = v;
      return this;
    }

    public Builder document(String v) {
      document = v;
      return this;
    }

    public Builder content(String v) {
      content = v;
      return this;
    }

    public Builder contentSha256(String v) {
      contentSha256 = v;
      return this;
    }

    public Builder outcome(Outcome v) {
      outcome = v;
      return this;
    }

    public Builder errorCode(String v) {
      errorCode = v;
      return this;
    }

    public Builder time(Instant v) {
      time = v;
      return this;
    }

    public Builder eventId(String v) {
      eventId = v;
      return this;
    }

    public Builder foldKey(String v) {
      foldKey = v;
      return this;
    }

    public Builder origin(RecordRef v) {
      origin = v;
      return this;
    }

    public AdminCommand build() {
      return new AdminCommand(
          cloud,
          account,
          region,
          operation,
          eventName,
          principal,
          sourceIp,
          userAgent,
          targets,
          targetSelector,
          targetCount,
          commandId,
          document,
          content,
          contentSha256,
          outcome,
          errorCode,
          time,
          eventId,
          foldKey,
          origin);
    }
  }
}
