package io.runwatch.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a small tree that keeps, for every key and value, where it was written.
 * Jackson's {@code JsonNode} tree forgets positions, so this reads the token stream of Jackson's
 * YAML parser once and records {@link JsonParser#currentTokenLocation()} with every node.
 *
 * <p>Aliases ({@code *name}) are refused: a policy is short, and an alias would make an error's
 * position ambiguous. Duplicate keys are reported, and only one document is allowed.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private YamlTree() {}

  /** Where a key or value starts, 1-based. */
  record Mark(int line, int column) {
    static final Mark NONE = new Mark(0, 0);
  }

  /** A node of the tree. */
  sealed interface Node permits MapNode, SeqNode, Scalar {
    Mark at();

    /** What the node is, for messages: "a mapping", "a list", "a string", ... */
    String describe();
  }

  /** One key of a mapping, where the key was written, and its value. */
  record Entry(String key, Mark keyAt, Node value) {}

  record MapNode(Mark at, Map<String, Entry> entries) implements Node {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record SeqNode(Mark at, List<Node> items) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** How YAML resolved a scalar: plain {@code 10} is a number, {@code "10"} a string. */
  enum Kind {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  /**
   * A scalar with the text as written ({@code 0x1F}, {@code yes}), whatever YAML resolved it to.
   */
  record Scalar(Mark at, Kind kind, String text) implements Node {
    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "a string";
        case INTEGER, FLOAT -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "empty";
      };
    }

    boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  /**
   * Reads {@code yaml}; returns {@code null} when the document is empty (nothing, only comments, or
   * a lone {@code ~}). Problems that still leave a usable tree (duplicate keys) go to {@code
   * problems}; syntax errors throw.
   */
  static Node read(String yaml, String source, List<PolicyException.Problem> problems) {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Reader r = new Reader(p, source, problems);
      Node root = r.value(first, "");
      JsonToken extra = p.nextToken();
      if (extra != null) {
        Mark at = mark(p.currentTokenLocation());
        throw new PolicyException(
            List.of(
                new PolicyException.Problem(
                    source,
                    at.line(),
                    at.column(),
                    "",
                    "a second YAML document (after ---): a policy file holds one document")));
      }
      if (root instanceof Scalar s && s.isNull()) {
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(e, source);
    } catch (IOException e) {
      throw new PolicyException(
          List.of(new PolicyException.Problem(source, 0, 0, "", "cannot read: " + e.getMessage())),
          e);
    }
  }

  private static final class Reader {
    private final JsonParser p;
    private final String source;
    private final List<PolicyException.Problem> problems;

    Reader(JsonParser p, String source, List<PolicyException.Problem> problems) {
      this.p = p;
      this.source = source;
      this.problems = problems;
    }

    Node value(JsonToken token, String path) throws IOException {
      Mark at = mark(p.currentTokenLocation());
      if (p instanceof YAMLParser y && y.isCurrentAlias()) {
        throw new PolicyException(
            List.of(
                new PolicyException.Problem(
                    source,
                    at.line(),
                    at.column(),
                    path,
                    "YAML aliases (*"
                        + p.getText()
                        + ") are not supported in a policy: write the value out")));
      }
      return switch (token) {
        case START_OBJECT -> mapping(at, path);
        case START_ARRAY -> sequence(at, path);
        case VALUE_STRING -> new Scalar(at, Kind.STRING, p.getText());
        case VALUE_NUMBER_INT -> new Scalar(at, Kind.INTEGER, p.getText());
        case VALUE_NUMBER_FLOAT -> new Scalar(at, Kind.FLOAT, p.getText());
        case VALUE_TRUE, VALUE_FALSE -> new Scalar(at, Kind.BOOLEAN, p.getText());
        case VALUE_NULL -> new Scalar(at, Kind.NULL, null);
        default ->
            throw new PolicyException(
                List.of(
                    new PolicyException.Problem(
                        source,
                        at.line(),
                        at.column(),
                        path,
                        "unsupported YAML value (" + token + "): use plain strings and numbers")));
      };
    }

    private MapNode mapping(Mark at, String path) throws IOException {
      Map<String, Entry> entries = new LinkedHashMap<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          throw new IOException("expected a key, got " + t);
        }
        String key = p.currentName();
        Mark keyAt = mark(p.currentTokenLocation());
        String childPath = path.isEmpty() ? key : path + "." + key;
        Node v = value(p.nextToken(), childPath);
        Entry previous = entries.get(key);
        if (previous != null) {
          problems.add(
              new PolicyException.Problem(
                  source,
                  keyAt.line(),
                  keyAt.column(),
                  childPath,
                  "duplicate key (first at line "
                      + previous.keyAt().line()
                      + ", column "
                      + previous.keyAt().column()
                      + ")"));
        } else {
          entries.put(key, new Entry(key, keyAt, v));
        }
      }
      return new MapNode(at, entries);
    }

    private SeqNode sequence(Mark at, String path) throws IOException {
      List<Node> items = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        items.add(value(t, path + "[" + items.size() + "]"));
      }
      return new SeqNode(at, items);
    }
  }

  private static Mark mark(JsonLocation l) {
    return l == null
        ? Mark.NONE
        : new Mark(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
  }

  /** Turns a YAML syntax error into a one-line problem at snakeyaml's own position. */
  private static PolicyException syntaxError(JsonProcessingException e, String source) {
    Mark at = mark(e.getLocation());
    String message = e.getOriginalMessage();
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
      if (m.getProblemMark() != null) {
        at = new Mark(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
      }
      StringBuilder b = new StringBuilder(String.valueOf(m.getProblem()));
      if (m.getContext() != null) {
        b.append(" (").append(m.getContext());
        if (m.getContextMark() != null) {
          b.append(" at line ")
              .append(m.getContextMark().getLine() + 1)
              .append(", column ")
              .append(m.getContextMark().getColumn() + 1);
        }
        b.append(')');
      }
      message = b.toString();
    }
    message = message == null ? "unreadable YAML" : message.strip().replaceAll("\\s*\\n\\s*", " ");
    return new PolicyException(
        List.of(
            new PolicyException.Problem(
                source, at.line(), at.column(), "", "YAML syntax error: " + message)),
        e);
  }
}
