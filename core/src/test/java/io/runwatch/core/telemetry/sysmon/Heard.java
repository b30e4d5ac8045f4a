package io.runwatch.core.telemetry.sysmon;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.telemetry.TelemetryListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helper: everything one Sysmon parse reported, in order. */
final class Heard implements TelemetryListener {
  record Host(String host, Instant time) {}

  final List<HostExecution> executions = new ArrayList<>();
  final List<Host> heard = new ArrayList<>();
  final List<IngestError> errors = new ArrayList<>();
  long records;

  @Override
  public void execution(HostExecution execution) {
    executions.add(execution);
  }

  @Override
  public void heard(String host, Instant time) {
    heard.add(new Host(host, time));
  }

  @Override
  public void error(IngestError error) {
    errors.add(error);
  }

  int reported() {
    return executions.size() + heard.size() + errors.size();
  }

  static Heard parse(String text) {
    return parse(new SysmonParser(), "test", text, null);
  }

  static Heard parse(SysmonParser parser, String source, String text, String defaultHost) {
    Heard h = new Heard();
    try {
      h.records = parser.parse(new BufferedReader(new StringReader(text)), source, defaultHost, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return h;
  }

  static Path fixture(String name) {
    try {
      return Path.of(Heard.class.getResource("/telemetry/sysmon/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(String name) {
    try {
      return Files.readString(fixture(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Heard parseFixture(String name) {
    Heard h = new Heard();
    try (BufferedReader in = Files.newBufferedReader(fixture(name), StandardCharsets.UTF_8)) {
      h.records = new SysmonParser().parse(in, name, null, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return h;
  }
}
