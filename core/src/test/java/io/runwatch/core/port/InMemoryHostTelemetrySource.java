package io.runwatch.core.port;

import io.runwatch.core.model.HostExecution;
import io.runwatch.core.telemetry.TelemetryListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link HostTelemetrySource} over lists, for tests of core and of the cloud modules. */
public final class InMemoryHostTelemetrySource implements HostTelemetrySource {
  private final Map<String, List<HostExecution>> executions = new HashMap<>();
  private final Map<String, List<Instant>> heard = new HashMap<>();
  private final List<String> queries = new ArrayList<>();

  public InMemoryHostTelemetrySource add(String vm, HostExecution e) {
    executions.computeIfAbsent(vm, k -> new ArrayList<>()).add(e);
    return this;
  }

  public InMemoryHostTelemetrySource heard(String vm, Instant t) {
    heard.computeIfAbsent(vm, k -> new ArrayList<>()).add(t);
    return this;
  }

  /** The queries made, as {@code vm from..to}: lets tests check they were bounded. */
  public List<String> queries() {
    return queries;
  }

  @Override
  public void query(String vm, Instant from, Instant to, TelemetryListener out) {
    queries.add(vm + " " + from + ".." + to);
    for (HostExecution e : executions.getOrDefault(vm, List.of())) {
      if (!e.time().isBefore(from) && !e.time().isAfter(to)) {
        out.execution(e);
      }
    }
    for (Instant t : heard.getOrDefault(vm, List.of())) {
      if (!t.isBefore(from) && !t.isAfter(to)) {
        out.heard(vm, t);
      }
    }
  }
}
