package io.runwatch.core.ingest.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.util.List;
import java.util.Set;

/**
 * The clouds' own agent-reported status of a command on a VM, as their CLIs and APIs export it,
 * read into {@link AgentStatusEvent}s of kind {@code COMMAND_INVOCATION}: AWS Systems Manager
 * {@code GetCommandInvocation} / {@code ListCommandInvocations}, Azure managed Run Command instance
 * views, GCP OS Config patch job instance details. This is the agent's word that something ran,
 * weaker evidence than host telemetry; the correlator joins it on command id and VM id.
 *
 * <p>A record is all or nothing: its events are reported only once every element of a list response
 * has been read, so a located error never comes with half a list.
 *
 * <p>{@link #cloud()} is AWS, the first shape's cloud: the SPI assumes one cloud per parser, while
 * each event carries its own.
 */
public final class AgentReportParser implements RecordParser {

  @Override
  public Cloud cloud() {
    return Cloud.AWS;
  }

  @Override
  public List<Set<String>> candidateTokens() {
    // One group, keys only. Every relevant record holds a time and so one of the keys that carry
    // it (AWS), or the view's state (Azure), or the patch job that gives the time (GCP); the list
    // wrappers and the keys each shape always prints are there too, so that a recognized but broken
    // record reaches the parser and is reported rather than skipped.
    return List.of(
        Set.of(
            SsmInvocationReports.LIST,
            "CommandPlugins",
            "StandardOutputContent",
            "ExecutionStartDateTime",
            "ExecutionEndDateTime",
            "RequestedDateTime",
            "ResponseStartDateTime",
            "ResponseFinishDateTime",
            RunCommandReports.STATE,
            PatchJobReports.LIST,
            PatchJobReports.JOB,
            PatchJobReports.SYSTEM_ID));
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    // One needle per shape that every relevant record holds: an AWS invocation is only reported
    // with a time, and every AWS time key ends in "DateTime"; an Azure view holds executionState; a
    // GCP record names patchJob (the only source of its time) or instanceSystemId.
    return containsIgnoreCase(latin1, "datetime")
        || containsIgnoreCase(latin1, "executionstate")
        || containsIgnoreCase(latin1, "patchjob")
        || containsIgnoreCase(latin1, "instancesystemid");
  }

  @Override
  public boolean accepts(JsonNode record) {
    return record != null
        && record.isObject()
        && (SsmInvocationReports.recognizes(record)
            || RunCommandReports.recognizes(record)
            || PatchJobReports.recognizes(record));
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    if (record == null || !record.isObject()) {
      return 0;
    }
    List<AgentStatusEvent> events;
    if (SsmInvocationReports.recognizes(record)) {
      events = SsmInvocationReports.read(record, where);
    } else if (RunCommandReports.recognizes(record)) {
      events = RunCommandReports.read(record, where);
    } else if (PatchJobReports.recognizes(record)) {
      events = PatchJobReports.read(record, where);
    } else {
      return 0;
    }
    events.forEach(out::status);
    return events.size();
  }

  private static boolean containsIgnoreCase(String haystack, String lowerNeedle) {
    int n = lowerNeedle.length();
    char first = lowerNeedle.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    for (int i = 0; i + n <= haystack.length(); i++) {
      char c = haystack.charAt(i);
      if ((c == first || c == firstUpper) && haystack.regionMatches(true, i, lowerNeedle, 0, n)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping(
            "cloud",
            "AWS: CommandId/InstanceId/Status (GetCommandInvocation) or CommandInvocations[]"
                + " (ListCommandInvocations); AZURE: a …/runCommands/NAME resource with"
                + " [properties.]instanceView, alone or in value[]; GCP: instanceSystemId or"
                + " patchJobInstanceDetails[]",
            "record skipped as not relevant"),
        new FieldMapping("kind", "(constant) COMMAND_INVOCATION", "-"),
        new FieldMapping(
            "account",
            "AWS: -; AZURE: the subscription of id; GCP: the project of name"
                + " (projects/P/zones/…) or of the patch job name",
            "null"),
        new FieldMapping(
            "region",
            "AWS: -; AZURE: location; GCP: the zone of name (…/zones/Z/instances/N)",
            "null"),
        new FieldMapping(
            "status",
            "AWS: Status (Success, Failed, TimedOut, InProgress, Pending, …, as given); AZURE:"
                + " instanceView.executionState (as given); GCP: state, SUCCEEDED[_REBOOT_REQUIRED]"
                + " → Succeeded, FAILED → Failed, TIMED_OUT → TimedOut, others as given",
            "error MISSING_FIELD"),
        new FieldMapping(
            "commandId",
            "AWS: CommandId; AZURE: - (the host carries no command id); GCP: patchJob (a name, a"
                + " bare id qualified with the instance's project, or the PatchJob's name), or a"
                + " name projects/P/patchJobs/ID/instanceDetails/…",
            "AWS: error MISSING_FIELD; AZURE: null; GCP: null (the record is reported as nothing"
                + " when it has no time either)"),
        new FieldMapping(
            "instanceId",
            "AWS: InstanceId; AZURE: id up to /runCommands/NAME, lower-cased (VM, scale set"
                + " instance or Arc machine); GCP: instanceSystemId, else name as"
                + " zones/Z/instances/N",
            "AWS, GCP: error MISSING_FIELD; AZURE: an action Run Command response or a bare"
                + " instance view names no machine: reported as nothing"),
        new FieldMapping(
            "documentName",
            "AWS: DocumentName; AZURE: name (the run command), else the last segment of id; GCP:"
                + " patchJob.displayName",
            "null"),
        new FieldMapping(
            "start",
            "AWS: ExecutionStartDateTime, else the earliest CommandPlugins[].ResponseStartDateTime;"
                + " AZURE: instanceView.startTime; GCP: - (no per-instance time). ISO-8601 or"
                + " epoch seconds (AWS CLI v1)",
            "null; error INVALID_FIELD when present but no timestamp"),
        new FieldMapping(
            "end",
            "AWS: ExecutionEndDateTime, else the latest CommandPlugins[].ResponseFinishDateTime;"
                + " AZURE: instanceView.endTime; GCP: -",
            "null; error INVALID_FIELD when present but no timestamp"),
        new FieldMapping(
            "time",
            "end, else start; AWS: else RequestedDateTime; GCP: patchJob.updateTime, else"
                + " patchJob.createTime",
            "AWS: skipped when ResponseCode is -1 (not started), else error MISSING_FIELD;"
                + " AZURE: skipped when executionState is Pending, Unknown or Canceled, else error"
                + " MISSING_FIELD; GCP: error MISSING_FIELD patchJob.updateTime when a patch job"
                + " is named, else reported as nothing"),
        new FieldMapping(
            "associationId, windowId, windowExecutionId, parameters, scheduleExpression, targets,"
                + " eventId",
            "-",
            "null or empty: these reports carry none of them"));
  }
}
