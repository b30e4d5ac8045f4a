package io.runwatch.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the records in a stream of JSON without building trees or decoding strings, and marks the
 * few that hold a {@link CandidateTokens candidate token}, so that only those pay for a real parse.
 *
 * <p>Records are the objects inside a top-level array ({@code [...]}), inside a top-level {@code
 * "Records"} or {@code "records"} array (CloudTrail S3 delivery, Azure diagnostic exports), or the
 * top-level values themselves (a single event, JSON lines, concatenated JSON).
 *
 * <p>Why not Jackson's {@code skipChildren}: it tokenizes every byte; this scanner skips string
 * contents eight bytes at a time (SWAR), and string contents are most of an audit log. The hot loop
 * keeps its state in locals; a string cut by the end of the buffer is scanned again from its
 * opening quote after the refill, so no state lives across refills but the bracket stack.
 *
 * <p>The scanner checks structure (balanced brackets, terminated strings) and the common non-strict
 * extensions (comments, trailing commas, single quotes); the parser that builds a tree for a
 * candidate checks the rest. A bad record is reported and skipped; scanning resumes with the next
 * record. When structure itself is lost (an unbalanced bracket), a line-delimited source resumes at
 * the next line and any other source stops with one error.
 */
final class JsonRecordSplitter {

  /** Receives records (as byte ranges valid only during the call) and errors. */
  interface Sink {
    /**
     * A complete record.
     *
     * @param candidate whether it holds a candidate token (worth parsing)
     */
    void record(byte[] buf, int off, int len, long index, long byteOffset, boolean candidate);

    void error(long index, long byteOffset, ErrorKind kind, String message);

    /** A complete record that is not strict JSON; the sink may locate the problem better. */
    default void notStrict(
        byte[] buf, int off, int len, long index, long byteOffset, String message) {
      error(index, byteOffset, ErrorKind.NOT_STRICT_JSON, message);
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final int MAX_DEPTH = 1024;
  private static final int MAX_STRUCTURAL_ERRORS_PER_SOURCE = 100;
  private static final int INITIAL_BUFFER = 1 << 20;

  private final int maxRecordBytes;
  private final CandidateTokens tokens;

  // Buffer: buf[0..limit) holds stream bytes base..base+limit.
  private byte[] buf;
  private long base;
  private int pos;
  private int limit;
  private boolean eof;

  // Structure.
  private final byte[] stack = new byte[MAX_DEPTH];
  private int depth;
  private byte last; // last significant byte outside strings
  private boolean container; // inside a top-level array or a top-level Records array
  private int containerDepth; // elements of the container open at this depth

  // The record in progress (or the tentative top-level object).
  private int recStart = -1;
  private long recIndex;
  private long recTokens; // group bits of the candidate tokens seen in the record
  private ErrorKind recErrorKind;
  private String recErrorMessage;
  private long recErrorOffset;
  private boolean recOversized;

  // Spotting {"Records":[...]}: key tracking at depth 1 of a tentative top-level object.
  private boolean expectKey;
  private boolean recordsKeySeen;

  private long nextIndex;
  private int structuralErrors;
  private boolean skippingLine;

  JsonRecordSplitter(int maxRecordBytes, CandidateTokens tokens) {
    this.maxRecordBytes = maxRecordBytes;
    this.tokens = tokens;
    this.buf = new byte[Math.min(INITIAL_BUFFER, Math.max(64, maxRecordBytes))];
  }

  /** Splits {@code in} into records; never throws for bad content, only for I/O failures. */
  void split(InputStream in, Sink sink) throws IOException {
    while (limit < 3 && !eof) {
      fill(in, pos);
    }
    if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3; // UTF-8 byte order mark
    }
    byte[] b = buf;
    int p = pos;
    int end = limit;
    while (true) {
      if (skippingLine) {
        while (p < end && b[p] != '\n') {
          p++;
        }
        if (p < end) {
          skippingLine = false;
          p++;
        }
      }
      if (p >= end) {
        if (eof) {
          pos = p;
          finish(sink);
          return;
        }
        pos = p;
        fill(in, p);
        b = buf;
        p = pos;
        end = limit;
        continue;
      }
      if ((recStart >= 0 || recOversized) && (container || depth >= 2)) {
        p = scanBody(b, p, end);
        pos = p;
        switch (bodyExit) {
          case BODY_RETURNED -> {
            if (container && depth == containerDepth) {
              endRecord(sink);
            }
          }
          case BODY_NEEDS_BYTES -> {
            if (eof) {
              finish(sink);
              return;
            }
            fill(in, p);
            b = buf;
            p = pos;
            end = limit;
          }
          default -> {
            String why =
                bodyExit == BODY_RAW_NEWLINE
                    ? "unterminated string (raw line break)"
                    : bodyExitMessage;
            if (!structuralError(sink, why)) {
              return;
            }
            b = buf;
            p = pos;
            end = limit;
          }
        }
        continue;
      }
      byte c = b[p];
      if (c == '"') {
        int close = closingQuote(b, p + 1, end);
        if (close == NEED_MORE) {
          pos = p; // rescan this string from its opening quote once more bytes are in
          if (eof) {
            finish(sink);
            return;
          }
          fill(in, p);
          b = buf;
          p = pos;
          end = limit;
          continue;
        }
        if (close < 0) {
          pos = -close - 1;
          if (!structuralError(sink, "unterminated string (raw line break)")) {
            return;
          }
          b = buf;
          p = pos;
          end = limit;
          continue;
        }
        if (recStart >= 0) {
          recTokens |=
              escapedSeen
                  ? tokens.matchesEscaped(b, p + 1, close)
                  : tokens.matches(b, p + 1, close);
        }
        if (expectKey && depth == 1) {
          keyEnded(b, p + 1, close);
        }
        last = '"';
        p = close + 1;
        continue;
      }
      switch (c) {
        case ' ', '\t', '\r', '\n' -> p++;
        case ',' -> {
          if (depth == 1 && recStart >= 0 && !container) {
            expectKey = true;
          }
          last = c;
          p++;
        }
        case ':' -> {
          last = c;
          p++;
        }
        case '{', '[' -> {
          pos = p;
          if (!open(c, sink)) {
            return;
          }
          p = pos;
        }
        case '}', ']' -> {
          pos = p;
          if (!close(c, sink)) {
            return;
          }
          b = buf;
          p = pos;
          end = limit;
        }
        case '/', '\'' -> {
          pos = p;
          markNotStrict(
              sink,
              c == '/'
                  ? "comments are not JSON (export as strict JSON)"
                  : "single-quoted strings are not JSON (export as strict JSON)");
          p++;
        }
        default -> {
          if (depth == 0) {
            pos = p;
            sink.error(
                nextIndex++,
                base + p,
                ErrorKind.MALFORMED_JSON,
                "expected a JSON object or array, found '" + printable(c) + "'");
            skippingLine = true;
            p++;
          } else {
            last = c;
            recordsKeySeen = false;
            p++;
          }
        }
      }
    }
  }

  private static final int NEED_MORE = Integer.MIN_VALUE;

  private static final int BODY_RETURNED = 0;
  private static final int BODY_NEEDS_BYTES = 1;
  private static final int BODY_RAW_NEWLINE = 2;
  private static final int BODY_UNBALANCED = 3;
  private int bodyExit;
  private String bodyExitMessage;

  /**
   * The hot loop: scans inside a record until its depth falls back to the record's level (the
   * record, or in a single top-level object its first level, closed), the buffer ends (a string cut
   * short is rescanned from its quote), or structure breaks. State lives in locals and is saved on
   * exit; {@link #bodyExit} says why it returned.
   */
  private int scanBody(byte[] b, int p, int end) {
    int d = depth;
    final int stopAt = container ? containerDepth : 1;
    final boolean retained = recStart >= 0;
    long seen = recTokens;
    byte lastByte = last;
    final byte[] st = stack;
    int exit = BODY_NEEDS_BYTES;
    scan:
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        // closingQuote's loop, inlined: this is the hottest path of a hunt, and the call (with
        // its escapedSeen field write) measured about 10 % slower here.
        boolean escaped = false;
        int q = p + 1;
        while (true) {
          q = nextSpecial(b, q, end);
          if (q >= end) {
            break scan; // rescan this string from p after the refill
          }
          byte x = b[q];
          if (x == '"') {
            break;
          } else if (x == '\\') {
            escaped = true;
            q += 2;
          } else {
            p = q; // a raw line break
            exit = BODY_RAW_NEWLINE;
            break scan;
          }
        }
        if (retained) {
          seen |= escaped ? tokens.matchesEscaped(b, p + 1, q) : tokens.matches(b, p + 1, q);
        }
        lastByte = '"';
        p = q + 1;
      } else if (c == '{' || c == '[') {
        if (d >= MAX_DEPTH) {
          bodyExitMessage = "nesting deeper than " + MAX_DEPTH;
          exit = BODY_UNBALANCED;
          break;
        }
        st[d++] = c;
        lastByte = c;
        p++;
      } else if (c == '}' || c == ']') {
        byte opener = st[d - 1];
        if ((c == '}' && opener != '{') || (c == ']' && opener != '[')) {
          bodyExitMessage =
              "'" + (char) c + "' closes '" + (char) opener + "' (unbalanced brackets)";
          exit = BODY_UNBALANCED;
          break;
        }
        if (lastByte == ',') {
          pos = p;
          markNotStrict("trailing comma before '" + (char) c + "' (export as strict JSON)");
        }
        d--;
        lastByte = c;
        p++;
        if (d == stopAt) {
          exit = BODY_RETURNED;
          break;
        }
      } else if (c == '/' || c == '\'') {
        pos = p;
        markNotStrict(
            c == '/'
                ? "comments are not JSON (export as strict JSON)"
                : "single-quoted strings are not JSON (export as strict JSON)");
        p++;
      } else {
        if (c > ' ') {
          lastByte = c;
        }
        p++;
      }
    }
    depth = d;
    recTokens = seen;
    last = lastByte;
    bodyExit = exit;
    return p;
  }

  /**
   * The index of the first quote, backslash or line break at or after {@code q} in a string's
   * contents, eight bytes at a time; {@code end} or a little past the last full word when none.
   * Small on purpose, so the JIT inlines it (and the VarHandle read) into both callers.
   */
  private static int nextSpecial(byte[] b, int q, int end) {
    while (q + 8 <= end) {
      long v = (long) LONGS.get(b, q);
      long m = hasZero(v ^ QUOTES) | hasZero(v ^ BACKSLASHES) | hasZero(v ^ NEWLINES);
      if (m != 0) {
        return q + (Long.numberOfTrailingZeros(m) >>> 3);
      }
      q += 8;
    }
    while (q < end) {
      byte x = b[q];
      if (x == '"' || x == '\\' || x == '\n') {
        return q;
      }
      q++;
    }
    return end;
  }

  /**
   * High bit set in the lowest zero byte of {@code x} (bits above it may be false positives). OR
   * several of these and the lowest set bit is still exact: each mask's false positives lie above
   * its own true match.
   */
  private static long hasZero(long x) {
    return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
  }

  /** Set by {@link #closingQuote} when the string just scanned holds a backslash. */
  private boolean escapedSeen;

  /**
   * The index of the quote closing the string whose contents start at {@code from}; {@link
   * #NEED_MORE} when the buffer ends first; {@code -(i + 1)} for a raw line break at {@code i}.
   */
  private int closingQuote(byte[] b, int from, int end) {
    boolean escaped = false;
    int q = from;
    while (true) {
      q = nextSpecial(b, q, end);
      if (q >= end) {
        return NEED_MORE;
      }
      byte x = b[q];
      if (x == '"') {
        escapedSeen = escaped;
        return q;
      } else if (x == '\\') {
        escaped = true;
        q += 2;
        if (q > end) {
          return NEED_MORE;
        }
      } else {
        return -(q + 1); // a raw line break: nextSpecial stops at nothing else
      }
    }
  }

  private void keyEnded(byte[] b, int from, int to) {
    int len = to - from;
    recordsKeySeen =
        len == 7
            && (b[from] == 'R' || b[from] == 'r')
            && b[from + 1] == 'e'
            && b[from + 2] == 'c'
            && b[from + 3] == 'o'
            && b[from + 4] == 'r'
            && b[from + 5] == 'd'
            && b[from + 6] == 's';
    expectKey = false;
  }

  private boolean open(byte c, Sink sink) {
    if (depth == 0) {
      if (c == '[') {
        container = true;
        containerDepth = 1;
      } else {
        startRecord();
        expectKey = true;
      }
    } else if (depth == 1 && !container && recStart >= 0 && recordsKeySeen && last == ':') {
      if (c == '[') {
        // {"Records":[ ... ]}: the tentative top-level record is a container after all.
        recStart = -1;
        recErrorKind = null;
        nextIndex = recIndex; // the tentative record was not one: reuse its index
        container = true;
        containerDepth = 2;
      }
    } else if (container && depth == containerDepth && recStart < 0 && !recOversized) {
      startRecord();
    }
    recordsKeySeen = false;
    if (depth >= MAX_DEPTH) {
      return structuralError(sink, "nesting deeper than " + MAX_DEPTH);
    }
    stack[depth++] = c;
    last = c;
    pos++;
    return true;
  }

  private void startRecord() {
    recStart = pos;
    recIndex = nextIndex++;
    recTokens = 0;
    recErrorKind = null;
    recOversized = false;
  }

  private boolean close(byte c, Sink sink) {
    if (depth == 0) {
      return structuralError(sink, "'" + (char) c + "' closes nothing");
    }
    byte opener = stack[depth - 1];
    if ((c == '}' && opener != '{') || (c == ']' && opener != '[')) {
      return structuralError(
          sink, "'" + (char) c + "' closes '" + (char) opener + "' (unbalanced brackets)");
    }
    if (last == ',') {
      markNotStrict(sink, "trailing comma before '" + (char) c + "' (export as strict JSON)");
    }
    depth--;
    pos++;
    last = c;
    recordsKeySeen = false;
    if ((recStart >= 0 || recOversized) && depth == (container ? containerDepth : 0)) {
      endRecord(sink);
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
    } else {
      sink.record(buf, recStart, pos - recStart, recIndex, offset, tokens.isCandidate(recTokens));
    }
    recStart = -1;
    recOversized = false;
    recErrorKind = null;
  }

  /** Marks the record in progress as not strict; reported when it ends. */
  private void markNotStrict(String message) {
    markNotStrict(null, message);
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

  /**
   * Reports lost structure at {@link #pos}. Inside an array the next record's start cannot be found
   * again, so the source stops ({@code false}); elsewhere reading resumes at the next line.
   */
  private boolean structuralError(Sink sink, String message) {
    long index = recStart >= 0 || recOversized ? recIndex : nextIndex++;
    sink.error(index, base + pos, ErrorKind.MALFORMED_JSON, message);
    if (container) {
      sink.error(
          index,
          base + pos,
          ErrorKind.MALFORMED_JSON,
          "record boundaries lost: the rest of this source was not read");
      return false;
    }
    if (++structuralErrors > MAX_STRUCTURAL_ERRORS_PER_SOURCE) {
      sink.error(
          index, base + pos, ErrorKind.MALFORMED_JSON, "too many errors: the rest was not read");
      return false;
    }
    depth = 0;
    container = false;
    containerDepth = 0;
    recStart = -1;
    recOversized = false;
    recErrorKind = null;
    expectKey = false;
    recordsKeySeen = false;
    last = 0;
    skippingLine = true;
    return true;
  }

  private void finish(Sink sink) {
    if (depth > 0 || pos < limit) {
      long index = recStart >= 0 || recOversized ? recIndex : nextIndex;
      sink.error(
          index,
          base + pos,
          ErrorKind.TRUNCATED,
          "input ended inside " + (pos < limit ? "a string" : "a JSON value") + " (truncated?)");
    }
  }

  /**
   * Reads more input, keeping the bytes from {@code keep} (the token being scanned) and from the
   * record in progress. Sets {@link #eof} at the end of input.
   */
  private void fill(InputStream in, int keep) throws IOException {
    int keepFrom = recStart >= 0 ? Math.min(recStart, keep) : keep;
    if (keepFrom > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, limit - keepFrom);
      limit -= keepFrom;
      pos -= keepFrom;
      base += keepFrom;
      if (recStart >= 0) {
        recStart -= keepFrom;
      }
    }
    if (limit == buf.length) {
      if (buf.length < maxRecordBytes + 8L) {
        byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, maxRecordBytes + 8L)];
        System.arraycopy(buf, 0, bigger, 0, limit);
        buf = bigger;
      } else if (recStart >= 0 && pos > recStart) {
        // The record will not fit: keep scanning its structure, but drop its bytes.
        recOversized = true;
        recErrorOffset = base + recStart;
        recStart = -1;
        fill(in, pos);
        return;
      } else {
        // One string longer than the buffer: skip past it without keeping it.
        skipLongString(in);
        return;
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** Drops a string too long to hold, leaving {@link #pos} just after its closing quote. */
  private void skipLongString(InputStream in) throws IOException {
    recOversized |= recStart >= 0;
    if (recStart >= 0) {
      recErrorOffset = base + recStart;
      recStart = -1;
    }
    boolean escape = false;
    int p = pos + 1; // past the opening quote
    while (true) {
      for (; p < limit; p++) {
        byte c = buf[p];
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          pos = p + 1;
          last = '"';
          return;
        }
      }
      base += limit;
      pos = 0;
      limit = 0;
      p = 0;
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
        return;
      }
      limit = n;
    }
  }

  private static String printable(byte b) {
    return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
  }
}
