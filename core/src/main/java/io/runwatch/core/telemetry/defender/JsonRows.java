package io.runwatch.core.telemetry.defender;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.model.RecordRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Set;

/**
 * Streams the rows of a table export, one JSON object at a time, whatever the container:
 *
 * <ul>
 *   <li>JSON Lines (one row, or one container, per line): a broken line is reported and reading
 *       goes on with the next line; a row's index is its line;
 *   <li>a JSON document (a possibly pretty-printed array of rows, or an object whose {@code
 *       Results}, {@code results} or {@code records} array holds the rows, as the Advanced Hunting
 *       APIs and the streaming API's storage blobs write them): a row's index is its position; a
 *       syntax error ends the document, as nothing after it can be trusted.
 * </ul>
 *
 * <p>Arrays are read element by element with {@link JsonParser#readValueAsTree()}: only one row is
 * ever held as a tree.
 */
final class JsonRows {
  /** Where the rows are in a wrapper object. */
  static final Set<String> ROW_ARRAYS = Set.of("Results", "results", "records");

  interface Sink {
    /**
     * @param fieldPrefix prepended to field names in errors ({@code Results[3].} for a row inside
     *     an array on one line); empty when {@code where} alone locates the row
     */
    void row(JsonNode row, RecordRef where, String fieldPrefix);

    void error(RecordRef where, ErrorKind kind, String field, String message);
  }

  private final ObjectMapper mapper;
  private final String source;
  private final Sink sink;

  /** The line being read in JSON Lines mode, or -1 in document mode. */
  private long line = -1;

  /** Document mode: the index of the next row. */
  private long next;

  JsonRows(ObjectMapper mapper, String source, Sink sink) {
    this.mapper = mapper;
    this.source = source;
    this.sink = sink;
  }

  void read(BufferedReader in) throws IOException {
    String first;
    long lineNo = -1;
    do {
      first = in.readLine();
      lineNo++;
    } while (first != null && first.isBlank());
    if (first == null) {
      return;
    }
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1); // PowerShell's Out-File and Excel write a byte order mark
    }
    if (startsDocument(first.strip())) {
      readDocument(new PrefixedReader(first + "\n", in));
      return;
    }
    readLine(first, lineNo);
    String text;
    while ((text = in.readLine()) != null) {
      lineNo++;
      if (!text.isBlank()) {
        readLine(text, lineNo);
      }
    }
  }

  /**
   * An array, or an object whose first line is clearly unfinished: pretty printers break lines
   * after an opening brace or bracket, a comma or a colon.
   */
  static boolean startsDocument(String firstLine) {
    return firstLine.startsWith("[")
        || firstLine.startsWith("{")
            && (firstLine.endsWith("{")
                || firstLine.endsWith("[")
                || firstLine.endsWith(",")
                || firstLine.endsWith(":"));
  }

  private void readLine(String text, long lineNo) throws IOException {
    line = lineNo;
    try (JsonParser p = mapper.createParser(text)) {
      readRoots(p);
    } catch (JacksonException e) {
      sink.error(
          new RecordRef(source, lineNo, -1),
          ErrorKind.MALFORMED_JSON,
          null,
          "not JSON: " + e.getOriginalMessage());
    }
  }

  private void readDocument(Reader reader) throws IOException {
    line = -1;
    try (JsonParser p = mapper.createParser(reader)) {
      readRoots(p);
    } catch (JacksonException e) {
      sink.error(
          new RecordRef(source, next, -1),
          ErrorKind.MALFORMED_JSON,
          null,
          "broken JSON"
              + at(e.getLocation())
              + " (the rest of the document is not read): "
              + e.getOriginalMessage());
    }
  }

  private void readRoots(JsonParser p) throws IOException {
    JsonToken token;
    while ((token = p.nextToken()) != null) {
      if (token == JsonToken.START_ARRAY) {
        readArray(p, "");
      } else if (token == JsonToken.START_OBJECT) {
        readObject(p);
      } else {
        sink.error(where(), ErrorKind.INVALID_FIELD, null, "expected a JSON object or array");
      }
    }
  }

  /** At START_OBJECT: a row, or a wrapper whose row array is streamed. */
  private void readObject(JsonParser p) throws IOException {
    ObjectNode fields = mapper.createObjectNode();
    boolean wrapper = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.START_ARRAY && ROW_ARRAYS.contains(name)) {
        wrapper = true;
        readArray(p, name);
      } else if (wrapper) {
        p.skipChildren();
      } else {
        JsonNode node = p.readValueAsTree();
        fields.set(name, node == null ? NullNode.getInstance() : node);
      }
    }
    if (!wrapper) {
      sink.row(fields, where(), "");
    }
  }

  /** At START_ARRAY: each element is one row. */
  private void readArray(JsonParser p, String name) throws IOException {
    int i = 0;
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new JsonParseException(p, "unexpected end of input in an array");
      }
      String prefix = line < 0 ? "" : name + "[" + i + "].";
      if (token == JsonToken.START_OBJECT) {
        JsonNode row = p.readValueAsTree();
        sink.row(row, where(), prefix);
      } else {
        p.skipChildren();
        sink.error(
            where(),
            ErrorKind.INVALID_FIELD,
            line < 0 ? null : name + "[" + i + "]",
            "not a JSON object");
      }
      i++;
    }
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The location of the row about to be reported (and, in document mode, the next index). */
  private RecordRef where() {
    return line >= 0 ? new RecordRef(source, line, -1) : new RecordRef(source, next++, -1);
  }

  /** A reader over {@code prefix} and then {@code rest}; closing it leaves {@code rest} open. */
  private static final class PrefixedReader extends Reader {
    private final StringReader prefix;
    private final Reader rest;
    private boolean prefixDone;

    PrefixedReader(String prefix, Reader rest) {
      this.prefix = new StringReader(prefix);
      this.rest = rest;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!prefixDone) {
        int n = prefix.read(buf, off, len);
        if (n > 0) {
          return n;
        }
        prefixDone = true;
      }
      return rest.read(buf, off, len);
    }

    @Override
    public void close() {
      prefix.close();
    }
  }
}
