package io.runwatch.aws;

import io.runwatch.core.baseline.InMemoryBaselineStore;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.FakeCommandContentSource;
import io.runwatch.core.port.InMemoryEventJournal;
import io.runwatch.core.port.InMemoryFindingStore;
import io.runwatch.core.port.InMemoryHostTelemetrySource;
import io.runwatch.core.port.InMemoryPendingCorrelationStore;
import io.runwatch.core.port.RecordingNotifier;
import io.runwatch.core.service.EventDetection;
import io.runwatch.core.service.FunctionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Core's detection with every port in memory: what the handlers' own tests run on. */
final class InMemoryDetection {
  final InMemoryBaselineStore baselines = new InMemoryBaselineStore();
  final InMemoryFindingStore findings = new InMemoryFindingStore();
  final RecordingNotifier notifier = new RecordingNotifier();
  final InMemoryPendingCorrelationStore pending = new InMemoryPendingCorrelationStore();
  final InMemoryEventJournal journal = new InMemoryEventJournal();
  final FakeCommandContentSource content = new FakeCommandContentSource();
  final InMemoryHostTelemetrySource telemetry = new InMemoryHostTelemetrySource();
  final EventDetection detection;

  InMemoryDetection(Instant now) {
    detection = at(now);
  }

  /** Detection over these same stores with the clock at {@code now} (a later invocation). */
  EventDetection at(Instant now) {
    return new EventDetection(
        new EventDetection.Ports(
            baselines, findings, notifier, pending, journal, content, telemetry, h -> null),
        Policy.defaults(),
        FunctionSettings.DEFAULTS.withNotifyBackoff(Duration.ofMillis(1)),
        Clock.fixed(now, ZoneOffset.UTC));
  }
}
