package io.runwatch.gcp;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import java.util.EnumMap;
import java.util.Map;

/**
 * A one-line JSON object of counts, which Cloud Logging keeps as the entry's message and a query
 * can parse. It takes names chosen here and numbers, never text from an event, so nothing from a
 * payload can reach the logs through it (and nothing needs JSON escaping).
 */
final class SummaryLine {
  private final StringBuilder json = new StringBuilder();

  SummaryLine(String function) {
    json.append("{\"runwatch\":\"").append(function).append('"');
  }

  SummaryLine count(String name, long value) {
    json.append(",\"").append(name).append("\":").append(value);
    return this;
  }

  SummaryLine errorKinds(Iterable<IngestError> errors) {
    Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
    errors.forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
    json.append(",\"errorKinds\":{");
    String sep = "";
    for (Map.Entry<ErrorKind, Integer> k : kinds.entrySet()) {
      json.append(sep).append('"').append(k.getKey().name()).append("\":").append(k.getValue());
      sep = ",";
    }
    json.append('}');
    return this;
  }

  @Override
  public String toString() {
    return json + "}";
  }
}
