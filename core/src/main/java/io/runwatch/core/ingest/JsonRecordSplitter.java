package io.runwatch.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the records in a stream of JSON without building trees or decoding strings, so that only
 * the rare relevant record pays for a real parse.
 *
 * <p>Records are the objects inside a top-level array ({@code [...]}), inside a top-level {@code
 * "Records"} or {@code "records"} array (CloudTrail S3 delivery, Azure diagnostic exports), or the
 * top-level values themselves (a single event, JSON lines, concatenated JSON).
 *
 * <p>Why not Jackson's {@code skipChildren}: it tokenizes every byte; this scanner skips string
 * contents eight bytes at a time (SWAR), which matters because string contents are most of an audit
 * log. Measured in {@code runwatch bench}.
 *
 * <p>The scanner checks structure (balanced brackets, terminated strings) and the common non-strict
 * extensions (comments, trailing commas, single quotes); the parser that builds a tree for a
 * relevant record checks the rest. A bad record is reported and skipped; scanning resumes with the
 * next record. When structure itself is lost (an unbalanced bracket), a line-delimited source
 * resumes at the next line and any other source stops with one error.
 */
final class JsonRecordSplitter {

  /** Receives records (as byte ranges valid only during the call) and errors. */
  interface Sink {
    void record(byte[] buf, int off, int len, long index, long byteOffset);

    void error(long index, long byteOffset, ErrorKind kind, String message);

    /** A complete record that is not strict JSON; the sink may locate the problem better. */
    default void notStrict(
        byte[] buf, int off, int len, long index, long byteOffset, String message) {
      error(index, byteOffset, ErrorKind.NOT_STRICT_JSON, message);
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final int MAX_DEPTH = 1024;
  private static final int MAX_STRUCTURAL_ERRORS_PER_SOURCE = 100;
  private static final byte[] RECORDS_KEY = "Records".getBytes();
  private static final byte[] RECORDS_KEY_LOWER = "records".getBytes();

  private final int maxRecordBytes;

  // Buffer: buf[0..limit) holds stream bytes base..base+limit.
  private byte[] buf;
  private long base;
  private int pos;
  private int limit;

  // Structure.
  private final byte[] stack = new byte[MAX_DEPTH];
  private int depth;
  private boolean inString;
  private byte lastSignificant;
  private int recordDepth; // depth outside a record; a record opens when depth leaves it
  private boolean container; // inside a top-level Records array or a top-level array
  private int containerDepth; // depth inside the container (elements open from here)

  // Current record or tentative top-level object.
  private int recStart = -1;
  private long recIndex;
  private ErrorKind recErrorKind;
  private String recErrorMessage;
  private long recErrorOffset;
  private boolean recOversized;

  // Key tracking at depth 1 of a top-level object, to spot {"Records":[...]}.
  private boolean expectKey;
  private int keyStart = -1;
  private boolean pendingContainerKey;
  private boolean awaitingValue;

  private long topLevelValues;
  private int structuralErrors;
  private long nextIndex;

  JsonRecordSplitter(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
    this.buf = new byte[Math.min(1 << 20, Math.max(64, maxRecordBytes))];
  }

  /** Splits {@code in} into records; never throws for bad content, only for I/O failures. */
  void split(InputStream in, Sink sink) throws IOException {
    while (limit < 3) {
      if (!fill(in)) {
        break;
      }
    }
    skipBom();
    while (true) {
      if (pos >= limit || needMoreForEscape) {
        if (!fill(in)) {
          finish(sink);
          return;
        }
        continue;
      }
      if (inString) {
        if (!scanString(sink)) {
          return;
        }
        continue;
      }
      byte c = buf[pos];
      switch (c) {
        case ' ', '\t', '\r' -> pos++;
        case '\n' -> pos++;
        case '"' -> openString();
        case '{', '[' -> {
          if (!open(c, sink)) {
            return;
          }
        }
        case '}', ']' -> {
          if (!close(c, sink)) {
            return;
          }
        }
        case ',' -> {
          if (depth == 1 && recStart >= 0 && !container) {
            expectKey = true;
          }
          lastSignificant = c;
          pos++;
        }
        case ':' -> {
          lastSignificant = c;
          pos++;
        }
        case '/', '\'' -> {
          markNotStrict(
              sink,
              c == '/'
                  ? "comments are not JSON (export as strict JSON)"
                  : "single-quoted strings are not JSON (export as strict JSON)");
          pos++;
        }
        default -> {
          if (depth == 0) {
            if (!topLevelScalar(sink)) {
              return;
            }
          } else {
            lastSignificant = c;
            awaitingValue = false;
            pos++;
          }
        }
      }
    }
  }

  private void skipBom() {
    if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3;
    }
  }

  private void openString() {
    if (depth == 1 && expectKey && recStart >= 0 && !container) {
      keyStart = pos + 1;
    }
    inString = true;
    pos++;
  }

  /** Skips string contents to the closing quote, eight bytes at a time where it can. */
  /** False when the source must stop (structure lost). */
  private boolean scanString(Sink sink) {
    int p = pos;
    final byte[] b = buf;
    final int end = limit;
    while (p + 8 <= end) {
      long v = (long) LONGS.get(b, p);
      long m = matches(v, QUOTES) | matches(v, BACKSLASHES) | matches(v, NEWLINES);
      if (m != 0) {
        p += Long.numberOfTrailingZeros(m) >>> 3;
        break;
      }
      p += 8;
    }
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        pos = p + 1;
        inString = false;
        lastSignificant = '"';
        stringEnded(p);
        return true;
      } else if (c == '\\') {
        if (p + 1 >= end) {
          pos = p; // need the escaped byte: refill first
          needMoreForEscape = true;
          return true;
        }
        p += 2;
      } else if (c == '\n') {
        pos = p;
        return rawNewlineInString(sink);
      } else {
        p++;
        // Resume the fast path once past the special byte.
        while (p + 8 <= end) {
          long v = (long) LONGS.get(b, p);
          long m = matches(v, QUOTES) | matches(v, BACKSLASHES) | matches(v, NEWLINES);
          if (m != 0) {
            p += Long.numberOfTrailingZeros(m) >>> 3;
            break;
          }
          p += 8;
        }
      }
    }
    pos = p;
    return true;
  }

  private boolean needMoreForEscape;
  private boolean skippingLine;

  private static long matches(long v, long pattern) {
    long x = v ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  private void stringEnded(int closingQuote) {
    if (keyStart >= 0) {
      int len = closingQuote - keyStart;
      pendingContainerKey =
          len == RECORDS_KEY.length
              && (regionEquals(keyStart, RECORDS_KEY) || regionEquals(keyStart, RECORDS_KEY_LOWER));
      keyStart = -1;
      expectKey = false;
      awaitingValue = true;
    } else {
      awaitingValue = false;
    }
  }

  private boolean regionEquals(int at, byte[] word) {
    for (int i = 0; i < word.length; i++) {
      if (buf[at + i] != word[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean rawNewlineInString(Sink sink) {
    // Invalid JSON: a string cannot hold a raw line break. In line-delimited input the record is
    // cut short; report it and resume at the next line.
    return structuralError(sink, ErrorKind.MALFORMED_JSON, "unterminated string (raw line break)");
  }

  private boolean open(byte c, Sink sink) {
    if (depth == 0) {
      topLevelValues++;
      if (c == '[') {
        container = true;
        containerDepth = 1;
      } else {
        startRecord();
        expectKey = true;
      }
    } else if (depth == 1 && !container && recStart >= 0 && awaitingValue && pendingContainerKey) {
      if (c == '[') {
        // {"Records":[ ... ]}: the tentative top-level record is a container after all.
        recStart = -1;
        recErrorKind = null;
        nextIndex = recIndex; // the tentative record was not one: reuse its index
        container = true;
        containerDepth = 2;
      }
    } else if (container && depth == containerDepth && recStart < 0) {
      startRecord();
    }
    pendingContainerKey = false;
    awaitingValue = false;
    if (depth >= MAX_DEPTH) {
      return structuralError(sink, ErrorKind.MALFORMED_JSON, "nesting deeper than " + MAX_DEPTH);
    }
    stack[depth++] = c;
    lastSignificant = c;
    pos++;
    return true;
  }

  private void startRecord() {
    recStart = pos;
    recIndex = nextIndex++;
    recErrorKind = null;
    recOversized = false;
  }

  private boolean close(byte c, Sink sink) {
    if (depth == 0) {
      return structuralError(sink, ErrorKind.MALFORMED_JSON, "'" + (char) c + "' closes nothing");
    }
    byte opener = stack[depth - 1];
    if ((c == '}' && opener != '{') || (c == ']' && opener != '[')) {
      return structuralError(
          sink,
          ErrorKind.MALFORMED_JSON,
          "'" + (char) c + "' closes '" + (char) opener + "' (unbalanced brackets)");
    }
    if (lastSignificant == ',') {
      markNotStrict(sink, "trailing comma before '" + (char) c + "' (export as strict JSON)");
    }
    depth--;
    pos++;
    lastSignificant = c;
    awaitingValue = false;
    if (recStart >= 0 || recOversized) {
      int openDepth = container ? containerDepth : 0;
      if (depth == openDepth) {
        endRecord(sink);
      }
    }
    if (container && depth < containerDepth) {
      // Closed the top-level array or the Records array: what follows is not a record.
      container = false;
      containerDepth = 0;
    }
    return true;
  }

  private void endRecord(Sink sink) {
    long offset = base + (recStart >= 0 ? recStart : 0);
    if (recOversized) {
      sink.error(
          recIndex,
          recErrorOffset,
          ErrorKind.RECORD_TOO_LARGE,
          "record larger than " + maxRecordBytes + " bytes");
    } else if (recErrorKind == ErrorKind.NOT_STRICT_JSON) {
      sink.notStrict(buf, recStart, pos - recStart, recIndex, offset, recErrorMessage);
    } else if (recErrorKind != null) {
      sink.error(recIndex, recErrorOffset, recErrorKind, recErrorMessage);
    } else {
      sink.record(buf, recStart, pos - recStart, recIndex, offset);
    }
    recStart = -1;
    recOversized = false;
    recErrorKind = null;
  }

  private void markNotStrict(Sink sink, String message) {
    if (recStart >= 0 || recOversized) {
      if (recErrorKind == null) {
        recErrorKind = ErrorKind.NOT_STRICT_JSON;
        recErrorMessage = message;
        recErrorOffset = base + pos;
      }
    } else {
      sink.error(nextIndex, base + pos, ErrorKind.NOT_STRICT_JSON, message);
    }
  }

  private boolean topLevelScalar(Sink sink) {
    // A bare scalar at the top level is not a record. Report it once and skip to the next line.
    sink.error(
        nextIndex++,
        base + pos,
        ErrorKind.MALFORMED_JSON,
        "expected a JSON object or array, found '" + printable(buf[pos]) + "'");
    return skipLine();
  }

  private boolean structuralError(Sink sink, ErrorKind kind, String message) {
    long index = recStart >= 0 || recOversized ? recIndex : nextIndex++;
    sink.error(index, base + pos, kind, message);
    if (container) {
      // Inside an array the next record's start cannot be found again reliably.
      sink.error(
          index, base + pos, kind, "record boundaries lost: the rest of this source was not read");
      return false;
    }
    if (++structuralErrors > MAX_STRUCTURAL_ERRORS_PER_SOURCE) {
      sink.error(index, base + pos, kind, "too many structural errors: the rest was not read");
      return false;
    }
    return skipLine();
  }

  /** Resumes at the next line; the main loop refills if the line goes on past the buffer. */
  private boolean skipLine() {
    resetStructure();
    skippingLine = false;
    while (pos < limit) {
      if (buf[pos++] == '\n') {
        return true;
      }
    }
    skippingLine = true;
    return true;
  }

  private void resetStructure() {
    depth = 0;
    inString = false;
    needMoreForEscape = false;
    container = false;
    containerDepth = 0;
    recStart = -1;
    recOversized = false;
    recErrorKind = null;
    keyStart = -1;
    expectKey = false;
    pendingContainerKey = false;
    awaitingValue = false;
    lastSignificant = 0;
  }

  private void finish(Sink sink) {
    if (depth > 0 || inString) {
      long index = recStart >= 0 || recOversized ? recIndex : nextIndex;
      sink.error(
          index,
          base + pos,
          ErrorKind.TRUNCATED,
          "input ended inside " + (inString ? "a string" : "a JSON value") + " (truncated?)");
    }
  }

  /** Reads more input, keeping the bytes of the record in progress. False at end of input. */
  private boolean fill(InputStream in) throws IOException {
    int keepFrom = pos;
    if (recStart >= 0) {
      keepFrom = Math.min(keepFrom, recStart);
    }
    if (keyStart >= 0) {
      keepFrom = Math.min(keepFrom, keyStart);
    }
    if (keepFrom > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, limit - keepFrom);
      limit -= keepFrom;
      pos -= keepFrom;
      base += keepFrom;
      if (recStart >= 0) {
        recStart -= keepFrom;
      }
      if (keyStart >= 0) {
        keyStart -= keepFrom;
      }
    }
    if (limit == buf.length) {
      if (recStart >= 0 && limit >= maxRecordBytes) {
        // Too large to hold: keep scanning its structure, but drop its bytes.
        recOversized = true;
        recErrorOffset = base + recStart;
        recStart = -1;
        keyStart = -1;
        pendingContainerKey = false;
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        base += pos;
        limit -= pos;
        pos = 0;
      } else {
        byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, maxRecordBytes + 8L)];
        System.arraycopy(buf, 0, bigger, 0, limit);
        buf = bigger;
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      if (needMoreForEscape) {
        needMoreForEscape = false;
        pos = limit; // the escape was the last byte: the string is unterminated
      }
      return false;
    }
    limit += n;
    if (needMoreForEscape) {
      needMoreForEscape = false;
      pos += 2;
    }
    if (skippingLine) {
      skipLine();
    }
    return true;
  }

  private static String printable(byte b) {
    return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
  }
}
