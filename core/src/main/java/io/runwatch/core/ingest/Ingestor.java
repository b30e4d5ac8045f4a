package io.runwatch.core.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.model.RecordRef;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads control-plane records from any source (an exported file, a trigger's payload) into admin
 * commands: one code path for the CLI hunt and the cloud functions.
 *
 * <p>Per record: a byte-level prefilter asks every parser whether the record may matter; only then
 * is a JSON tree built and handed to the parser that recognizes its shape. Gzip input is detected
 * by its magic bytes, not its file name.
 */
public final class Ingestor {
  /** Larger records are reported as errors rather than held in memory. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(256)
                          .maxStringLength(16 << 20)
                          .build())
                  .build())
          .build();

  private final List<RecordParser> parsers;
  private final CandidateTokens tokens;
  private final int maxRecordBytes;
  private final boolean parseEveryRecord;

  /** For bulk reading: records without a candidate token are counted and skipped unparsed. */
  public Ingestor() {
    this(ControlPlaneParsers.all(), DEFAULT_MAX_RECORD_BYTES, false);
  }

  /**
   * For trigger payloads of one or a few events: every record is parsed, so a subtly broken event
   * (say an unquoted value) is reported as an error even when it names no candidate token. The bulk
   * path only checks such records' structure, for speed.
   */
  public static Ingestor parsingEveryRecord() {
    return new Ingestor(ControlPlaneParsers.all(), DEFAULT_MAX_RECORD_BYTES, true);
  }

  public Ingestor(List<RecordParser> parsers, int maxRecordBytes, boolean parseEveryRecord) {
    this.parseEveryRecord = parseEveryRecord;
    this.parsers = List.copyOf(parsers);
    this.tokens = new CandidateTokens(parsers.stream().map(RecordParser::candidateTokens).toList());
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Ingests one file. Never throws: a file that cannot be opened or read becomes a located {@link
   * ErrorKind#UNREADABLE_SOURCE} error, and the caller's batch goes on.
   */
  public void ingestFile(Path file, IngestListener out, IngestStats stats) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      stats.countSource();
      new RecordRouter(file.toString(), out, stats)
          .sourceError(ErrorKind.UNREADABLE_SOURCE, "cannot open: " + e);
      return;
    }
    try (in) {
      ingest(file.toString(), in, out, stats);
    } catch (IOException closeFailed) {
      // Everything was read; a failure to close a read-only file changes nothing.
    }
  }

  /** Ingests a payload held in memory (a trigger's event). */
  public void ingest(String source, byte[] payload, IngestListener out, IngestStats stats) {
    ingest(source, new ByteArrayInputStream(payload), out, stats);
  }

  /**
   * Streams one source. Never throws for bad content or a failing stream: both become {@link
   * IngestError}s reported to {@code out} and counted in {@code stats}, after the records read so
   * far.
   */
  public void ingest(String source, InputStream raw, IngestListener out, IngestStats stats) {
    stats.countSource();
    RecordRouter router = new RecordRouter(source, out, stats);
    CountingInputStream counted = null;
    try {
      counted = new CountingInputStream(Decompression.open(raw));
      new JsonRecordSplitter(maxRecordBytes, tokens).split(counted, router);
    } catch (EOFException e) {
      router.sourceError(ErrorKind.TRUNCATED, "compressed input ends early: " + e.getMessage());
    } catch (ZipException e) {
      router.sourceError(ErrorKind.UNREADABLE_SOURCE, "corrupt gzip data: " + e.getMessage());
    } catch (IOException e) {
      router.sourceError(ErrorKind.UNREADABLE_SOURCE, "read failed: " + e);
    } finally {
      if (counted != null) {
        stats.countBytes(counted.count());
      }
    }
  }

  /** Hands each split record to the prefilter, then to the parser that recognizes it. */
  private final class RecordRouter implements JsonRecordSplitter.Sink {
    private final String source;
    private final IngestListener out;
    private final IngestStats stats;
    private long lastIndex = -1;

    RecordRouter(String source, IngestListener out, IngestStats stats) {
      this.source = source;
      this.out = out;
      this.stats = stats;
    }

    @Override
    public void record(
        byte[] buf, int off, int len, long index, long byteOffset, boolean candidate) {
      lastIndex = index;
      stats.countRecord();
      if (!parseEveryRecord) {
        if (!candidate
            || !anyMayBeRelevant(new String(buf, off, len, StandardCharsets.ISO_8859_1))) {
          stats.countSkipped(SkipReason.NOT_RELEVANT);
          return;
        }
      }
      RecordRef where = new RecordRef(source, index, byteOffset);
      JsonNode tree;
      try {
        tree = MAPPER.readTree(buf, off, len);
      } catch (JsonProcessingException e) {
        report(new IngestError(where, jsonErrorKind(e), jsonErrorPath(e), jsonErrorMessage(e)));
        return;
      } catch (IOException e) {
        report(new IngestError(where, ErrorKind.MALFORMED_JSON, null, e.getMessage()));
        return;
      }
      parse(tree, where);
    }

    private boolean anyMayBeRelevant(String latin1) {
      for (RecordParser p : parsers) {
        if (p.mayBeRelevant(latin1)) {
          return true;
        }
      }
      return false;
    }

    private void parse(JsonNode tree, RecordRef where) {
      for (RecordParser p : parsers) {
        if (p.accepts(tree)) {
          try {
            int found = p.parse(tree, where, out);
            if (found > 0) {
              stats.countRelevant();
            } else {
              stats.countSkipped(SkipReason.NOT_RELEVANT);
            }
          } catch (InvalidRecordException e) {
            report(new IngestError(where, e.kind(), e.field(), e.getMessage()));
          } catch (RuntimeException e) {
            report(
                new IngestError(
                    where,
                    ErrorKind.UNEXPECTED,
                    null,
                    p.getClass().getSimpleName() + " failed (please report): " + e));
          }
          return;
        }
      }
      stats.countSkipped(SkipReason.UNRECOGNIZED);
    }

    @Override
    public void notStrict(
        byte[] buf, int off, int len, long index, long byteOffset, String message) {
      lastIndex = index;
      stats.countRecord();
      RecordRef where = new RecordRef(source, index, byteOffset);
      try {
        MAPPER.readTree(buf, off, len);
      } catch (JsonProcessingException e) {
        // Jackson names the path and line of the first problem, which the scanner cannot.
        report(
            new IngestError(
                where, ErrorKind.NOT_STRICT_JSON, jsonErrorPath(e), jsonErrorMessage(e)));
        return;
      } catch (IOException e) {
        // fall through to the scanner's own description
      }
      report(new IngestError(where, ErrorKind.NOT_STRICT_JSON, null, message));
    }

    @Override
    public void error(long index, long byteOffset, ErrorKind kind, String message) {
      lastIndex = Math.max(lastIndex, index);
      stats.countRecord();
      report(new IngestError(new RecordRef(source, index, byteOffset), kind, null, message));
    }

    void sourceError(ErrorKind kind, String message) {
      stats.countRecord();
      report(new IngestError(new RecordRef(source, lastIndex + 1, -1), kind, null, message));
    }

    private void report(IngestError e) {
      stats.countError(e.kind());
      out.error(e);
    }
  }

  private static ErrorKind jsonErrorKind(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("ALLOW_COMMENTS")
        || m.contains("ALLOW_SINGLE_QUOTES")
        || m.contains("ALLOW_TRAILING_COMMA")
        || m.contains("ALLOW_UNQUOTED_FIELD_NAMES")
        || m.contains("ALLOW_NON_NUMERIC_NUMBERS")
        || m.contains("was expecting double-quote to start field name")) {
      return ErrorKind.NOT_STRICT_JSON;
    }
    if (m.contains("end-of-input")) {
      return ErrorKind.TRUNCATED;
    }
    return ErrorKind.MALFORMED_JSON;
  }

  private static String jsonErrorPath(JsonProcessingException e) {
    if (e instanceof JsonParseException pe && pe.getProcessor() instanceof JsonParser p) {
      String pointer = p.getParsingContext().pathAsPointer().toString();
      return pointer.isEmpty() ? null : pointer;
    }
    return null;
  }

  private static String jsonErrorMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    if (nl > 0) {
      m = m.substring(0, nl);
    }
    if (e.getLocation() != null) {
      m += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      m += ")";
    }
    if (jsonErrorKind(e) == ErrorKind.NOT_STRICT_JSON) {
      m += ": input must be strict JSON (no comments or trailing commas)";
    }
    return m;
  }
}
