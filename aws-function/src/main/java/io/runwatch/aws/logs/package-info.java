/**
 * Host telemetry from CloudWatch Logs: {@link io.runwatch.aws.logs.LogsInsightsTelemetrySource}
 * queries Logs Insights for one VM and window and feeds the rows, as streams per log stream and
 * format, through core's telemetry parsers (Sysmon for Linux, auditd, osquery).
 *
 * <p>The query is bounded by VM and window, is split when it hits Insights' 10,000-row limit and
 * reports what it could still not read; it fails with a typed {@link
 * io.runwatch.aws.logs.TelemetryQueryException} rather than answer half. Nothing here logs:
 * telemetry (command lines, addresses) only leaves through the listener.
 */
package io.runwatch.aws.logs;
