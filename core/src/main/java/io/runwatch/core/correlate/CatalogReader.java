package io.runwatch.core.correlate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.correlate.Signature.FieldPattern;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a mechanism catalog. Every problem is reported as an {@link
 * IllegalArgumentException} naming the source, the mechanism and the field, so a bad edit to {@code
 * mechanisms.json} fails the build (and the first {@link MechanismCatalog#load()}) with a message
 * that says where to look.
 */
final class CatalogReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Set<String> MECHANISM_FIELDS =
      Set.of(
          "id",
          "cloud",
          "operations",
          "benign",
          "join",
          "window",
          "description",
          "sources",
          "match");

  /** Compiled once per regex; searched with {@link java.util.regex.Matcher#find()}. */
  static final int FLAGS = Pattern.CASE_INSENSITIVE;

  private final String source;

  private CatalogReader(String source) {
    this.source = source;
  }

  static List<Signature> read(InputStream in, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot be read", e);
    }
    return new CatalogReader(source).signatures(root);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private List<Signature> signatures(JsonNode root) {
    JsonNode list = root;
    if (root != null && root.isObject()) {
      for (Map.Entry<String, JsonNode> property : root.properties()) {
        String name = property.getKey();
        if (!name.equals("mechanisms") && !name.startsWith("$")) {
          throw new IllegalArgumentException(
              source + ": unknown top-level field '" + name + "' (expected 'mechanisms')");
        }
      }
      list = root.get("mechanisms");
    }
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          source + ": expected an object with a 'mechanisms' list, or a list of mechanisms");
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException(source + ": the catalog declares no mechanisms");
    }
    List<Signature> out = new ArrayList<>(list.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Signature s = signature(list.get(i), i);
      if (!ids.add(s.mechanism().id())) {
        throw new IllegalArgumentException(
            where(s.mechanism().id(), i, "id") + "is declared twice; ids must be unique");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private Signature signature(JsonNode node, int index) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(source + ": mechanism #" + index + " is not an object");
    }
    String id = text(node, null, index, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          where(id, index, "id") + "must be lower-case words joined by '-'");
    }
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      if (!MECHANISM_FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            where(id, index, name)
                + "is not a mechanism field (known: "
                + new TreeSet<>(MECHANISM_FIELDS)
                + ")");
      }
    }
    Cloud cloud = enumValue(Cloud.class, text(node, id, index, "cloud"), id, index, "cloud");
    boolean benign = bool(node, id, index, "benign");
    Set<Operation> operations = operations(node, id, index, cloud, benign);
    JoinKind join = enumValue(JoinKind.class, text(node, id, index, "join"), id, index, "join");
    Duration window = window(node, id, index);
    String description = text(node, id, index, "description");
    List<String> sources = sources(node, id, index);
    Mechanism mechanism =
        new Mechanism(id, cloud, operations, benign, join, window, description, sources);
    List<List<FieldPattern>> alternatives = match(node, id, index);
    if (join == JoinKind.COMMAND_ID && !benign) {
      boolean list = node.get("match").isArray();
      for (int a = 0; a < alternatives.size(); a++) {
        if (alternatives.get(a).stream().noneMatch(FieldPattern::capturesCommandId)) {
          throw new IllegalArgumentException(
              where(id, index, list ? "match[" + a + "]" : "match")
                  + "captures no (?<commandId>...) group, but join is COMMAND_ID");
        }
      }
    }
    return new Signature(mechanism, alternatives);
  }

  private Set<Operation> operations(
      JsonNode node, String id, int index, Cloud cloud, boolean benign) {
    JsonNode ops = required(node, id, index, "operations");
    if (!ops.isArray()) {
      throw new IllegalArgumentException(where(id, index, "operations") + "must be a list");
    }
    Set<Operation> out = EnumSet.noneOf(Operation.class);
    for (int i = 0; i < ops.size(); i++) {
      String field = "operations[" + i + "]";
      JsonNode op = ops.get(i);
      if (!op.isTextual()) {
        throw new IllegalArgumentException(where(id, index, field) + "must be an operation name");
      }
      Operation operation = enumValue(Operation.class, op.asText(), id, index, field);
      if (operation.cloud() != cloud) {
        throw new IllegalArgumentException(
            where(id, index, field)
                + operation
                + " is a "
                + operation.cloud()
                + " operation, but the mechanism's cloud is "
                + cloud);
      }
      out.add(operation);
    }
    if (benign && !out.isEmpty()) {
      throw new IllegalArgumentException(
          where(id, index, "operations") + "must be empty for a benign mechanism");
    }
    if (!benign && out.isEmpty()) {
      throw new IllegalArgumentException(
          where(id, index, "operations")
              + "must name at least one operation unless the mechanism is benign");
    }
    return out;
  }

  private Duration window(JsonNode node, String id, int index) {
    String text = text(node, id, index, "window");
    Duration window;
    try {
      window = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where(id, index, "window") + "'" + text + "' is not an ISO-8601 duration (e.g. PT15M)",
          e);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(where(id, index, "window") + "must be positive");
    }
    return window;
  }

  private List<String> sources(JsonNode node, String id, int index) {
    JsonNode list = node.get("sources");
    if (list == null || list.isNull()) {
      throw new IllegalArgumentException(
          where(id, index, "sources") + "is missing: cite at least one public source");
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          where(id, index, "sources") + "must be a non-empty list of public sources");
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      if (!s.isTextual() || s.asText().isBlank()) {
        throw new IllegalArgumentException(
            where(id, index, "sources[" + i + "]") + "must be a non-blank string");
      }
      out.add(s.asText());
    }
    return out;
  }

  private List<List<FieldPattern>> match(JsonNode node, String id, int index) {
    JsonNode match = required(node, id, index, "match");
    List<JsonNode> objects = new ArrayList<>();
    if (match.isObject()) {
      objects.add(match);
    } else if (match.isArray() && !match.isEmpty()) {
      match.forEach(objects::add);
    } else {
      throw new IllegalArgumentException(
          where(id, index, "match") + "must be an object or a non-empty list of objects");
    }
    List<List<FieldPattern>> out = new ArrayList<>(objects.size());
    for (int a = 0; a < objects.size(); a++) {
      String prefix = match.isArray() ? "match[" + a + "]" : "match";
      JsonNode object = objects.get(a);
      if (!object.isObject() || object.isEmpty()) {
        throw new IllegalArgumentException(
            where(id, index, prefix) + "must be a non-empty object of field regexes");
      }
      List<FieldPattern> patterns = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String field = prefix + "." + e.getKey();
        ExecField execField = ExecField.byJsonName(e.getKey());
        if (execField == null) {
          throw new IllegalArgumentException(
              where(id, index, field)
                  + "is not a HostExecution field (known: "
                  + ExecField.jsonNames()
                  + ")");
        }
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException(where(id, index, field) + "must be a regex string");
        }
        patterns.add(new FieldPattern(execField, compile(e.getValue().asText(), id, index, field)));
      }
      out.add(List.copyOf(patterns));
    }
    return List.copyOf(out);
  }

  private Pattern compile(String regex, String id, int index, String field) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex, FLAGS);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          where(id, index, field)
              + "bad regex: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + " of "
              + regex,
          e);
    }
    if (pattern.matcher("").find()) {
      throw new IllegalArgumentException(
          where(id, index, field) + "regex matches the empty string, so it would match anything");
    }
    for (String group : pattern.namedGroups().keySet()) {
      if (!group.equals(Signature.COMMAND_ID_GROUP)) {
        throw new IllegalArgumentException(
            where(id, index, field)
                + "names group '"
                + group
                + "'; only (?<"
                + Signature.COMMAND_ID_GROUP
                + ">...) has a meaning");
      }
    }
    return pattern;
  }

  private JsonNode required(JsonNode node, String id, int index, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(where(id, index, field) + "is missing");
    }
    return value;
  }

  private String text(JsonNode node, String id, int index, String field) {
    JsonNode value = required(node, id, index, field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where(id, index, field) + "must be a non-blank string");
    }
    return value.asText();
  }

  private boolean bool(JsonNode node, String id, int index, String field) {
    JsonNode value = required(node, id, index, field);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(where(id, index, field) + "must be true or false");
    }
    return value.asBoolean();
  }

  private <E extends Enum<E>> E enumValue(
      Class<E> type, String name, String id, int index, String field) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where(id, index, field)
              + "unknown "
              + type.getSimpleName()
              + " '"
              + name
              + "' (known: "
              + Arrays.toString(type.getEnumConstants())
              + ")",
          e);
    }
  }

  private String where(String id, int index, String field) {
    String mechanism = id == null ? "mechanism #" + index : "mechanism '" + id + "'";
    return source + ": " + mechanism + " field '" + field + "': ";
  }
}
