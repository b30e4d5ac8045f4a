package io.runwatch.core.telemetry;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: everything one telemetry parse reported, in order. Hosts heard are kept as {@code
 * host@time} strings so assertions read like the input.
 */
public class TelemetryCapture implements TelemetryListener {
  public final List<HostExecution> executions = new ArrayList<>();
  public final List<String> heard = new ArrayList<>();
  public final List<IngestError> errors = new ArrayList<>();

  /** What the parser's {@code parse} returned: the records it read. */
  public long returned;

  @Override
  public void execution(HostExecution execution) {
    executions.add(execution);
  }

  @Override
  public void heard(String host, Instant time) {
    heard.add(host + "@" + time);
  }

  @Override
  public void error(IngestError error) {
    errors.add(error);
  }

  /** Every callback the parser made; a parser must account for each record it read. */
  public long reported() {
    return executions.size() + heard.size() + errors.size();
  }
}
