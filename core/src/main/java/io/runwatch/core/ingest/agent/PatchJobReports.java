package io.runwatch.core.ingest.agent;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCP OS Config's own word on a patch job, per VM: {@code PatchJobInstanceDetails} as {@code gcloud
 * compute os-config patch-jobs list-instance-details JOB --format=json} prints them (an array,
 * split into elements by the reader) or REST {@code patchJobs.instanceDetails.list} returns them
 * ({@code {"patchJobInstanceDetails":[…]}}, arriving whole).
 *
 * <p>An element names the instance ({@code name}, {@code instanceSystemId}) and its {@code state},
 * but neither the patch job (it is in the request path) nor any time. Both come from an optional
 * top-level {@code patchJob}: the job's name, or the {@code PatchJob} itself as {@code gcloud
 * compute os-config patch-jobs describe JOB --format=json} prints it ({@code name}, {@code
 * createTime}, {@code updateTime}). An element {@code name} of the form {@code
 * projects/P/patchJobs/ID/instanceDetails/N} names the job too.
 */
final class PatchJobReports {
  static final String LIST = "patchJobInstanceDetails";
  static final String JOB = "patchJob";
  static final String SYSTEM_ID = "instanceSystemId";
  private static final Pattern JOB_NAME = Pattern.compile("^(projects/([^/]+)/patchJobs/[^/]+)");
  private static final Pattern INSTANCE =
      Pattern.compile("^(?:projects/([^/]+)/)?(zones/([^/]+)/instances/[^/]+)$");
  // Instance.PatchState values mapped to the words AgentStatuses understands; others as given.
  private static final Map<String, String> STATES =
      Map.of(
          "SUCCEEDED", "Succeeded",
          "SUCCEEDED_REBOOT_REQUIRED", "Succeeded",
          "FAILED", "Failed",
          "TIMED_OUT", "TimedOut");

  private PatchJobReports() {}

  static boolean recognizes(JsonNode record) {
    JsonNode list = record.get(LIST);
    return list != null && list.isArray() || record.has(SYSTEM_ID);
  }

  static List<AgentStatusEvent> read(JsonNode record, RecordRef where)
      throws InvalidRecordException {
    JsonNode list = record.get(LIST);
    boolean wrapped = list != null && list.isArray();
    List<JsonNode> elements = new ArrayList<>();
    if (wrapped) {
      list.forEach(elements::add);
    } else {
      elements.add(record);
    }
    JsonNode job = at(record, JOB);
    String jobName = job == null ? null : job.isObject() ? text(job, "name") : text(record, JOB);
    Instant time = null;
    if (job != null && job.isObject()) {
      // The job's last update (its end, once it completed), else its creation: the listing has no
      // per-instance time.
      time = ReportTimes.optional(job, "updateTime", JOB + ".updateTime");
      if (time == null) {
        time = ReportTimes.optional(job, "createTime", JOB + ".createTime");
      }
    }
    if (time == null) {
      // The listing carries no time and AgentStatusEvent needs one. Without a patch job either,
      // the record could not be joined to any command even with a time (the correlator joins on
      // the command id): it is recognized and reported as nothing. With a job but no time, the
      // export is incomplete: say what is missing.
      if (jobName == null && !anyNamesJob(elements)) {
        return List.of();
      }
      throw InvalidRecordException.missing(JOB + ".updateTime");
    }
    List<AgentStatusEvent> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      out.add(
          element(
              elements.get(i), wrapped ? LIST + "[" + i + "]." : "", jobName, job, time, where));
    }
    return out;
  }

  private static boolean anyNamesJob(List<JsonNode> elements) {
    for (JsonNode e : elements) {
      String name = text(e, "name");
      if (name != null && JOB_NAME.matcher(name).find()) {
        return true;
      }
    }
    return false;
  }

  private static AgentStatusEvent element(
      JsonNode e, String path, String jobName, JsonNode job, Instant time, RecordRef where)
      throws InvalidRecordException {
    if (!e.isObject()) {
      throw InvalidRecordException.invalid(
          path.substring(0, path.length() - 1), "instance details must be an object");
    }
    String name = text(e, "name");
    Matcher jobOfName = name == null ? null : JOB_NAME.matcher(name);
    Matcher instance = name == null ? null : INSTANCE.matcher(name);
    boolean namesInstance = instance != null && instance.matches();
    String project = namesInstance ? instance.group(1) : null;
    String commandId = jobName;
    if (jobOfName != null && jobOfName.find()) {
      commandId = jobOfName.group(1);
      project = jobOfName.group(2);
    } else if (commandId != null && !commandId.startsWith("projects/") && project != null) {
      // A bare job id: qualify it as the audit log names the job (projects/P/patchJobs/ID).
      commandId = "projects/" + project + "/patchJobs/" + commandId;
    }
    if (project == null && commandId != null) {
      Matcher m = JOB_NAME.matcher(commandId);
      project = m.find() ? m.group(2) : null;
    }
    // The control plane's VM id for GCP is the numeric instance id; without it, the instance's
    // resource name as the audit log parser writes targets (zones/Z/instances/N).
    String instanceId = text(e, SYSTEM_ID);
    if (instanceId == null && namesInstance) {
      instanceId = instance.group(2);
    }
    if (instanceId == null) {
      throw InvalidRecordException.missing(path + SYSTEM_ID);
    }
    String state = text(e, "state");
    if (state == null) {
      throw InvalidRecordException.missing(path + "state");
    }
    return new AgentStatusEvent(
        Cloud.GCP,
        StatusKind.COMMAND_INVOCATION,
        project,
        namesInstance ? instance.group(3) : null,
        STATES.getOrDefault(state, state),
        commandId,
        null,
        instanceId,
        job != null && job.isObject() ? text(job, "displayName") : null,
        null,
        null,
        time,
        null,
        null,
        null,
        null,
        null,
        null,
        where);
  }
}
