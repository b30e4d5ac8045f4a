package io.runwatch.core.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.port.InMemoryHostTelemetrySource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The functions' path: telemetry queried per target VM and window, memory bounded by eviction. */
class StreamingCorrelationTest {
  private static final Instant T = Instant.parse("2026-11-18T03:07:12Z");
  private static final String VM = "i-0a1b2c3d4e5f60718";
  private static final String CMD = "1b2c3d4e-0000-4000-8000-000000000001";
  private static final MechanismCatalog CATALOG = MechanismCatalog.load();

  private static HostExecution script(String host, Instant t) {
    return new HostExecution(
        host,
        t,
        10L,
        1L,
        "/usr/bin/sh",
        "sh -c /var/lib/amazon/ssm/"
            + VM
            + "/document/orchestration/"
            + CMD
            + "/awsrunShellScript/0.awsrunShellScript/_script.sh",
        "root",
        "/usr/bin/ssm-document-worker",
        null,
        "/",
        TelemetryFormat.SYSMON_LINUX,
        null,
        null);
  }

  @Test
  void aPortQueriedPerTargetConfirmsWhateverHostNameTheTelemetryUses() {
    // The telemetry calls the host by its DNS name; no host map is needed on this path.
    InMemoryHostTelemetrySource source =
        new InMemoryHostTelemetrySource().add(VM, script("ip-10-0-1-11", T.plusSeconds(3)));
    AdminCommand c =
        AdminCommand.builder()
            .operation(Operation.SEND_COMMAND)
            .time(T)
            .commandId(CMD)
            .eventId("e")
            .targets(List.of(VmRef.of(VM)))
            .build();
    TelemetryIndex index =
        new TelemetryIndex.Builder(CATALOG, HostMap.empty())
            .query(source, List.of(VM), T.minus(Duration.ofMinutes(5)), T.plus(Duration.ofHours(1)))
            .build();
    Correlator.Report r =
        new Correlator(CATALOG, CorrelationSettings.DEFAULTS)
            .correlate(List.of(c), List.of(), index, T.plus(Duration.ofDays(1)));
    assertThat(r.commands().get(0).targets().get(0).status())
        .isEqualTo(CorrelationStatus.CONFIRMED);
    assertThat(source.queries())
        .containsExactly(VM + " 2026-11-18T03:02:12Z..2026-11-18T04:07:12Z");
  }

  @Test
  void evictionKeepsOnlyTheWindow() {
    TelemetryIndex.Builder b = new TelemetryIndex.Builder(CATALOG, HostMap.empty());
    for (int i = 0; i < 1000; i++) {
      b.heard("ip-10-0-1-11", T.plus(Duration.ofMinutes(i)));
    }
    b.add(script(VM, T));
    b.add(script(VM, T.plus(Duration.ofHours(20))));
    long before = b.size();
    b.evictBefore(T.plus(Duration.ofHours(10)));
    assertThat(b.size()).isLessThan(before).isEqualTo(400 + 1 + 1);
    TelemetryIndex index = b.build();
    assertThat(index.timeline(VM).orElseThrow().evidence).hasSize(1);
  }
}
