package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.PayloadReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One structured log line per function invocation, with counts and kinds only. Events carry
 * principal names, caller IPs and sometimes script content; none of that may reach the cloud's logs
 * through us, so this class accepts numbers and enum names, never strings from a payload.
 */
public final class CountsLine {
  private static final JsonFactory JSON = new JsonFactory();

  private static final String[] INGEST_COUNTS = {
    "bytes", "records", "relevant", "skipped", "commands", "statuses", "completions", "errors"
  };

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<ErrorKind, Long> errorKinds = new EnumMap<>(ErrorKind.class);
  private final String handler;

  public CountsLine(String handler) {
    this.handler = handler;
    // Every line has every count, even an empty batch's, so log queries need no null handling.
    for (String name : INGEST_COUNTS) {
      counts.put(name, 0L);
    }
  }

  public CountsLine count(String name, long value) {
    counts.merge(name, value, Long::sum);
    return this;
  }

  /** Adds one payload's counts to this line (several for an SQS batch). */
  public CountsLine add(PayloadReport d) {
    count("bytes", d.stats().bytes());
    count("records", d.stats().records());
    count("relevant", d.stats().relevant());
    count("skipped", d.stats().skipped());
    count("commands", d.commands().size());
    count("statuses", d.statuses().size());
    count("completions", d.completions().size());
    count("errors", d.errors().size());
    d.errors().forEach(e -> errorKinds.merge(e.kind(), 1L, Long::sum));
    return this;
  }

  public String line() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("runwatch", handler);
      for (Map.Entry<String, Long> c : counts.entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeObjectFieldStart("errorKinds");
      for (Map.Entry<ErrorKind, Long> k : errorKinds.entrySet()) {
        g.writeNumberField(k.getKey().name(), k.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return w.toString();
  }
}
