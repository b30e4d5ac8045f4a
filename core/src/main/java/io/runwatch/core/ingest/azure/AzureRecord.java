package io.runwatch.core.ingest.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import java.time.Instant;
import java.util.Locale;

/**
 * One ARM record read the same way whatever its delivery: an Activity Log event as the portal and
 * REST API give it, a diagnostic-settings export (storage, Event Hubs), or an Event Grid
 * subscription event in Event Grid or CloudEvents 1.0 schema. The first two are read with fallbacks
 * between their field names, because SIEMs and exporters blend them.
 */
final class AzureRecord {
  private static final String EVENT_PREFIX = "Microsoft.Resources.";

  private final JsonNode root;
  private final boolean event;

  private AzureRecord(JsonNode root, boolean event) {
    this.root = root;
    this.event = event;
  }

  /** The record's view, or {@code null} when it is none of the shapes above. */
  static AzureRecord of(JsonNode root) {
    if (root == null || !root.isObject()) {
      return null;
    }
    if (eventType(root) != null) {
      return new AzureRecord(root, true);
    }
    boolean activity =
        root.hasNonNull("operationName")
            && (root.hasNonNull("resourceId")
                || root.hasNonNull("eventTimestamp")
                || root.hasNonNull("correlationId"));
    return activity ? new AzureRecord(root, false) : null;
  }

  private static String eventType(JsonNode root) {
    String type = JsonFields.text(root, "eventType");
    if (type == null) {
      type = JsonFields.text(root, "type");
    }
    return type != null && type.startsWith(EVENT_PREFIX) ? type : null;
  }

  /** Where the operation's own fields live: the record itself, or an event's {@code data}. */
  private JsonNode body() {
    if (!event) {
      return root;
    }
    JsonNode data = JsonFields.at(root, "data");
    return data != null && data.isObject() ? data : root;
  }

  String operationName() {
    JsonNode op = JsonFields.at(body(), "operationName");
    if (op == null) {
      return null;
    }
    return op.isObject() ? JsonFields.text(op, "value") : JsonFields.text(body(), "operationName");
  }

  String resourceId() {
    if (event) {
      String uri = JsonFields.text(body(), "resourceUri");
      return uri != null ? uri : JsonFields.text(root, "subject");
    }
    return JsonFields.text(root, "resourceId");
  }

  Instant time() throws InvalidRecordException {
    return JsonFields.requiredTime(root, timeField());
  }

  private String timeField() {
    if (event) {
      return root.has("eventType") || root.has("eventTime") ? "eventTime" : "time";
    }
    if (root.has("eventTimestamp")) {
      return "eventTimestamp";
    }
    return root.has("time") || !JsonFields.at(root, "operationName").isObject()
        ? "time"
        : "eventTimestamp";
  }

  String correlationId() {
    return JsonFields.text(body(), "correlationId");
  }

  /**
   * The provider's id of this record. Diagnostic exports carry none, so a stable one is made from
   * what distinguishes the records of one operation there.
   */
  String eventId() {
    if (event) {
      return JsonFields.text(root, "id");
    }
    String id = JsonFields.text(root, "eventDataId");
    if (id != null) {
      return id;
    }
    String op = operationName();
    return correlationId()
        + "/"
        + (op == null ? null : op.toLowerCase(Locale.ROOT))
        + "/"
        + status()
        + "/"
        + JsonFields.text(root, timeField());
  }

  String subscriptionId() {
    String id = JsonFields.text(body(), "subscriptionId");
    if (id == null) {
      id = ArmResourceId.parse(resourceId()).subscription();
    }
    if (id == null && event) {
      String topic = JsonFields.text(root, "topic");
      id =
          ArmResourceId.parse(topic != null ? topic : JsonFields.text(root, "source"))
              .subscription();
    }
    return id == null ? null : id.toLowerCase(Locale.ROOT);
  }

  /** The location, except {@code global}, which diagnostic exports write for unlocated events. */
  String location() {
    String location = JsonFields.text(root, "location");
    return location == null || location.equalsIgnoreCase("global") ? null : location;
  }

  /** The token claims: {@code claims}, {@code identity.claims} or {@code data.claims}. */
  JsonNode claims() {
    JsonNode claims = JsonFields.at(body(), "claims");
    if (claims == null) {
      claims = JsonFields.at(root, "identity", "claims");
    }
    return claims != null && claims.isObject() ? claims : null;
  }

  String caller() {
    return JsonFields.text(root, "caller");
  }

  String sourceIp() {
    String ip = JsonFields.text(root, "callerIpAddress");
    if (ip == null) {
      ip = JsonFields.text(body(), "httpRequest", "clientIpAddress");
    }
    if (ip == null) {
      ip = JsonFields.text(claims(), "ipaddr");
    }
    return ip;
  }

  /**
   * The status as given: Activity Log {@code status}, diagnostic {@code resultType}, or for events
   * the word their type ends with ({@code Success}, {@code Failure}, {@code Cancel}).
   */
  String status() {
    if (event) {
      String type = eventType(root);
      for (String word : new String[] {"Success", "Failure", "Cancel"}) {
        if (type.endsWith(word)) {
          return word;
        }
      }
      return JsonFields.text(body(), "status");
    }
    String status = valueOf(JsonFields.at(root, "status"));
    return status != null ? status : JsonFields.text(root, "resultType");
  }

  /** Activity Log {@code subStatus}, else the diagnostic export's {@code resultSignature}. */
  String subStatus() {
    String sub = valueOf(JsonFields.at(root, "subStatus"));
    return sub != null ? sub : JsonFields.text(root, "resultSignature");
  }

  /** An event's {@code data.status}, which is all Event Grid says about a failure. */
  String eventStatus() {
    return event ? JsonFields.text(body(), "status") : null;
  }

  /**
   * A property of the operation by name, ignoring case, from {@code properties} or from the {@code
   * properties.eventProperties} that some diagnostic exports nest them in.
   */
  JsonNode property(String name) {
    JsonNode properties = JsonFields.at(body(), "properties");
    JsonNode found = fieldIgnoreCase(properties, name);
    return found != null
        ? found
        : fieldIgnoreCase(JsonFields.at(properties, "eventProperties"), name);
  }

  /** {@link #property} as text, or {@code null} when absent, empty or not a scalar. */
  String propertyText(String name) {
    JsonNode node = property(name);
    return node != null && node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
  }

  private static JsonNode fieldIgnoreCase(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The {@code value} of a {@code {value, localizedValue}} pair, or a plain string. */
  private static String valueOf(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      return JsonFields.text(node, "value");
    }
    return node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
