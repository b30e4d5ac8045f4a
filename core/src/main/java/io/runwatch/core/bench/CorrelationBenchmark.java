package io.runwatch.core.bench;

import io.runwatch.core.correlate.CorrelationSettings;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.HostMap;
import io.runwatch.core.correlate.MechanismCatalog;
import io.runwatch.core.correlate.TelemetryIndex;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.model.VmRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Correlation at scale on one thread: a week of host telemetry from 2,000 VMs (mostly ordinary
 * processes, some SSM-spawned scripts and their children) against SendCommand calls. Telemetry
 * parsing is measured by the hunt benchmark; this times indexing and joining.
 */
public final class CorrelationBenchmark {
  private static final Instant START = Instant.parse("2026-11-16T00:00:00Z");
  private static final long WEEK_SECONDS = 7 * 24 * 3600;
  private static final String[][] ORDINARY = {
    {"/usr/sbin/cron", "/usr/sbin/CRON -f"},
    {"/usr/bin/bash", "bash -c /opt/app/health.sh"},
    {"/usr/bin/python3", "python3 /opt/app/worker.py --queue orders"},
    {"/usr/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald"},
    {"/usr/bin/sudo", "sudo -u app /opt/app/rotate"},
    {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs"}
  };

  /** What one run measured. */
  public record Result(
      int hosts,
      long executions,
      int commands,
      long buildNanos,
      long correlateNanos,
      long confirmed,
      long orphans) {}

  private CorrelationBenchmark() {}

  public static Result run(int hosts, int executions, int commands, long seed) {
    Random r = new Random(seed);
    String[] instance = new String[hosts];
    StringBuilder map = new StringBuilder("host,vm\n");
    for (int h = 0; h < hosts; h++) {
      instance[h] = String.format("i-0%016x", r.nextLong() & 0xffffffffffffL);
      map.append("ip-10-").append(h / 250).append('-').append(h % 250).append(',');
      map.append(instance[h]).append('\n');
    }
    HostMap hostMap;
    try {
      hostMap = HostMap.empty().read(new BufferedReader(new StringReader(map.toString())), "bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<AdminCommand> cmds = new ArrayList<>(commands);
    List<HostExecution> execs = new ArrayList<>(executions);
    int agentRuns = 0;
    for (int c = 0; c < commands; c++) {
      Instant t = START.plusSeconds((long) (r.nextDouble() * WEEK_SECONDS));
      String id = String.format("%08x-0000-4000-8000-%012x", c, r.nextLong() & 0xffffffffffffL);
      int h = r.nextInt(hosts);
      cmds.add(
          AdminCommand.builder()
              .operation(Operation.SEND_COMMAND)
              .account("111122223333")
              .time(t)
              .commandId(id)
              .eventId("e" + c)
              .targets(List.of(VmRef.of(instance[h])))
              .build());
      // Three in four commands ran where telemetry sees them; the rest are not observed.
      if (r.nextInt(4) > 0 && execs.size() + 2 < executions) {
        long pid = 100_000L + c;
        execs.add(
            exec(
                host(h),
                t.plusSeconds(2),
                pid,
                50,
                "/usr/bin/sh",
                "sh -c /var/lib/amazon/ssm/"
                    + instance[h]
                    + "/document/orchestration/"
                    + id
                    + "/awsrunShellScript/0.awsrunShellScript/_script.sh",
                "/usr/bin/ssm-document-worker"));
        execs.add(
            exec(
                host(h),
                t.plusSeconds(3),
                pid + 1,
                pid,
                "/usr/bin/curl",
                "curl -s http://x",
                "/usr/bin/sh"));
        agentRuns++;
      }
    }
    while (execs.size() < executions) {
      String[] o = ORDINARY[r.nextInt(ORDINARY.length)];
      execs.add(
          exec(
              host(r.nextInt(hosts)),
              START.plusSeconds((long) (r.nextDouble() * WEEK_SECONDS)),
              r.nextInt(4_000_000),
              1,
              o[0],
              o[1],
              "/usr/lib/systemd/systemd"));
    }
    MechanismCatalog catalog = MechanismCatalog.load();
    Correlator correlator = new Correlator(catalog, CorrelationSettings.DEFAULTS);
    long t0 = System.nanoTime();
    TelemetryIndex.Builder b = new TelemetryIndex.Builder(catalog, hostMap);
    for (HostExecution e : execs) {
      b.add(e);
    }
    TelemetryIndex index = b.build();
    long t1 = System.nanoTime();
    Correlator.Report report =
        correlator.correlate(cmds, List.of(), index, START.plusSeconds(2 * WEEK_SECONDS));
    long t2 = System.nanoTime();
    long confirmed =
        report.commands().stream().mapToLong(cc -> cc.count(CorrelationStatus.CONFIRMED)).sum();
    if (confirmed != agentRuns) {
      throw new IllegalStateException(
          "correlation lost evidence: " + confirmed + " confirmed of " + agentRuns + " runs");
    }
    return new Result(
        hosts, execs.size(), commands, t1 - t0, t2 - t1, confirmed, report.orphans().size());
  }

  private static String host(int h) {
    return "ip-10-" + (h / 250) + "-" + (h % 250);
  }

  private static HostExecution exec(
      String host, Instant t, long pid, long ppid, String image, String cmd, String parent) {
    return new HostExecution(
        host,
        t,
        pid,
        ppid,
        image,
        cmd,
        "root",
        parent,
        null,
        "/",
        TelemetryFormat.SYSMON_LINUX,
        null,
        null);
  }
}
