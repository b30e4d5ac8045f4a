package io.runwatch.core.telemetry.sysmon;

import java.io.IOException;
import java.io.Reader;

/**
 * Cuts a character stream into Sysmon records without holding more than one record: XML {@code
 * <Event>...</Event>} documents wherever they start (after a syslog prefix, several on one line as
 * {@code wevtutil qe /f:xml} writes them, or spread over lines when pretty-printed, inside an
 * {@code <Events>} wrapper or not), and JSON documents one per line.
 *
 * <p>It scans characters rather than lines because {@code wevtutil} can put a whole export on one
 * line: a line limit would refuse real files, and holding the line would hold the file. Only the
 * record in progress is buffered, up to {@code maxRecordChars}.
 *
 * <p>A line whose first non-blank character is <code>{</code> is JSON, and is not searched for XML
 * (journald and Filebeat carry the XML escaped inside a JSON string; the JSON reader unwraps it).
 * Any other line is searched for {@code <Event} followed by {@code >} or white space, so {@code
 * <EventData>}, {@code <EventID>} and {@code <Events>} never start a record. A line that starts no
 * event is offered as JSON when it carries a Sysmon provider after a syslog prefix (NXLog sent over
 * syslog), and otherwise skipped: syslog files hold every daemon's lines.
 */
final class SysmonScanner {

  /** Receives the records in stream order. */
  interface Sink {
    void xml(String event, long line);

    void json(String document, long line);

    /** An event that never ended: a new one began, or the input did. */
    void truncated(String partial, long line);

    void tooLarge(long line, int limit);
  }

  private static final String START = "<Event";
  private static final String END = "</Event>";

  private enum State {
    LINE_START,
    OUTSIDE,
    IN_EVENT,
    SKIP_EVENT,
    JSON_LINE,
    SKIP_LINE
  }

  private final int maxRecordChars;
  private final Sink sink;

  private State state = State.LINE_START;
  private long line = 1;
  private long recordLine;

  /** The XML event or JSON line in progress. */
  private final StringBuilder record = new StringBuilder();

  /** The current line outside events, for syslog-wrapped JSON; capped, never a whole file. */
  private final StringBuilder lineText = new StringBuilder();

  private boolean lineOverflow;
  private boolean lineHadEvent;

  /** How many characters of {@code <Event} were just seen (0..6). */
  private int startMatch;

  /** How many characters of {@code </Event>} were just seen, inside an event. */
  private int endMatch;

  /** The last non-blank character of the current line outside events (0 at line start). */
  private char lastNonBlank;

  /** {@link #lastNonBlank} when the {@code <} of a possible {@code <Event} was read. */
  private char beforeTag;

  /**
   * Whether the event in progress follows text on its line that is not markup (a syslog prefix):
   * such an event is one syslog message and must end on its line, or it was cut.
   */
  private boolean inline;

  SysmonScanner(int maxRecordChars, Sink sink) {
    this.maxRecordChars = maxRecordChars;
    this.sink = sink;
  }

  void scan(Reader in) throws IOException {
    char[] buf = new char[8192];
    boolean first = true;
    int n;
    while ((n = in.read(buf)) != -1) {
      int from = 0;
      if (first && n > 0) {
        first = false;
        if (buf[0] == '\uFEFF') {
          from = 1;
        }
      }
      int i = from;
      while (i < n) {
        int run = bulk(buf, i, n);
        if (run > 0) {
          i += run;
        } else {
          accept(buf[i++]);
        }
      }
    }
    finish();
  }

  /**
   * Takes a run of characters that cannot change the state (no {@code <}, no newline, no partial
   * tag match pending) in one append; returns how many it took, 0 when {@code buf[i]} must go
   * through {@link #accept}.
   */
  private int bulk(char[] buf, int i, int n) {
    switch (state) {
      case IN_EVENT -> {
        if (startMatch != 0 || endMatch != 0) {
          return 0;
        }
        int j = i;
        while (j < n && buf[j] != '<' && buf[j] != '\n') {
          j++;
        }
        if (j > i) {
          record.append(buf, i, j - i);
          if (record.length() > maxRecordChars) {
            record.setLength(0);
            sink.tooLarge(recordLine, maxRecordChars);
            state = State.SKIP_EVENT;
          }
        }
        return j - i;
      }
      case JSON_LINE -> {
        int j = i;
        while (j < n && buf[j] != '\n') {
          j++;
        }
        if (j > i) {
          record.append(buf, i, j - i);
          if (record.length() > maxRecordChars) {
            record.setLength(0);
            sink.tooLarge(recordLine, maxRecordChars);
            state = State.SKIP_LINE;
          }
        }
        return j - i;
      }
      case OUTSIDE -> {
        if (startMatch != 0) {
          return 0;
        }
        int j = i;
        while (j < n && buf[j] != '<' && buf[j] != '\n') {
          j++;
        }
        for (int k = j - 1; k >= i; k--) {
          if (!isBlank(buf[k])) {
            lastNonBlank = buf[k];
            break;
          }
        }
        if (!lineOverflow) {
          if (lineText.length() + (j - i) > maxRecordChars) {
            lineOverflow = true;
            lineText.setLength(0);
          } else {
            lineText.append(buf, i, j - i);
          }
        }
        return j - i;
      }
      case SKIP_LINE -> {
        int j = i;
        while (j < n && buf[j] != '\n') {
          j++;
        }
        return j - i;
      }
      default -> {
        return 0;
      }
    }
  }

  private void accept(char c) {
    switch (state) {
      case LINE_START -> lineStart(c);
      case OUTSIDE -> outside(c);
      case IN_EVENT -> inEvent(c);
      case SKIP_EVENT -> skipEvent(c);
      case JSON_LINE -> jsonLine(c);
      case SKIP_LINE -> {
        if (c == '\n') {
          endOfLine();
        }
      }
    }
  }

  private void lineStart(char c) {
    if (c == '\n') {
      endOfLine();
    } else if (c == ' ' || c == '\t' || c == '\r') {
      appendLine(c);
    } else if (c == '{') {
      state = State.JSON_LINE;
      recordLine = line;
      record.setLength(0);
      record.append(c);
    } else {
      state = State.OUTSIDE;
      outside(c);
    }
  }

  private void outside(char c) {
    if (c == '\n') {
      endOfLine();
      return;
    }
    if (startMatch == START.length()) {
      startMatch = 0;
      if (isBoundary(c)) {
        beginEvent(c);
        return;
      }
    }
    appendLine(c);
    if (c == '<') {
      beforeTag = lastNonBlank;
    }
    if (!isBlank(c)) {
      lastNonBlank = c;
    }
    startMatch = advanceStart(startMatch, c);
  }

  private void beginEvent(char boundary) {
    state = State.IN_EVENT;
    inline = beforeTag != 0 && beforeTag != '>';
    lineHadEvent = true;
    recordLine = line;
    record.setLength(0);
    record.append(START).append(boundary);
    endMatch = 0;
    startMatch = 0;
    if (boundary == '\n') {
      line++;
    }
  }

  private void inEvent(char c) {
    if (c == '\n' && inline) {
      sink.truncated(record.toString(), recordLine);
      record.setLength(0);
      endOfLine();
      return;
    }
    if (startMatch == START.length()) {
      startMatch = 0;
      if (isBoundary(c)) {
        // A new event began before this one ended: the syslog line was cut (message size limit).
        record.setLength(record.length() - START.length());
        sink.truncated(record.toString(), recordLine);
        beforeTag = '>';
        beginEvent(c);
        return;
      }
    }
    record.append(c);
    if (c == '\n') {
      line++;
    }
    startMatch = advanceStart(startMatch, c);
    endMatch = advanceEnd(endMatch, c);
    if (endMatch == END.length()) {
      String event = record.toString();
      record.setLength(0);
      endMatch = 0;
      startMatch = 0;
      lastNonBlank = '>';
      state = State.OUTSIDE;
      sink.xml(event, recordLine);
    } else if (record.length() > maxRecordChars) {
      record.setLength(0);
      sink.tooLarge(recordLine, maxRecordChars);
      state = State.SKIP_EVENT;
    }
  }

  /** Drops the rest of an oversized event, up to its end or the start of the next one. */
  private void skipEvent(char c) {
    if (c == '\n' && inline) {
      endOfLine();
      return;
    }
    if (startMatch == START.length()) {
      startMatch = 0;
      if (isBoundary(c)) {
        beforeTag = '>';
        beginEvent(c);
        return;
      }
    }
    if (c == '\n') {
      line++;
    }
    startMatch = advanceStart(startMatch, c);
    endMatch = advanceEnd(endMatch, c);
    if (endMatch == END.length()) {
      endMatch = 0;
      startMatch = 0;
      lastNonBlank = '>';
      state = State.OUTSIDE;
    }
  }

  private void jsonLine(char c) {
    if (c == '\n') {
      String doc = record.toString();
      record.setLength(0);
      long at = recordLine;
      endOfLine();
      sink.json(doc, at);
      return;
    }
    record.append(c);
    if (record.length() > maxRecordChars) {
      record.setLength(0);
      sink.tooLarge(recordLine, maxRecordChars);
      state = State.SKIP_LINE;
    }
  }

  private void appendLine(char c) {
    if (lineOverflow) {
      return;
    }
    if (lineText.length() >= maxRecordChars) {
      lineOverflow = true;
      lineText.setLength(0);
      return;
    }
    lineText.append(c);
  }

  private void endOfLine() {
    if (!lineHadEvent && !lineOverflow && lineText.length() > 0) {
      int brace = lineText.indexOf("{");
      if (brace >= 0 && SysmonParser.mentionsSysmon(lineText)) {
        sink.json(lineText.substring(brace), line);
      }
    }
    lineText.setLength(0);
    lineOverflow = false;
    lineHadEvent = false;
    startMatch = 0;
    lastNonBlank = 0;
    beforeTag = 0;
    state = State.LINE_START;
    line++;
  }

  private void finish() {
    switch (state) {
      case IN_EVENT -> sink.truncated(record.toString(), recordLine);
      case JSON_LINE -> sink.json(record.toString(), recordLine);
      case OUTSIDE, LINE_START -> {
        if (!lineHadEvent && !lineOverflow && lineText.length() > 0) {
          int brace = lineText.indexOf("{");
          if (brace >= 0 && SysmonParser.mentionsSysmon(lineText)) {
            sink.json(lineText.substring(brace), line);
          }
        }
      }
      case SKIP_EVENT, SKIP_LINE -> {
        // already reported
      }
    }
    record.setLength(0);
    lineText.setLength(0);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  private static boolean isBoundary(char c) {
    return c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static int advanceStart(int matched, char c) {
    if (c == '<') {
      return 1;
    }
    if (matched > 0 && matched < START.length() && START.charAt(matched) == c) {
      return matched + 1;
    }
    return 0;
  }

  private static int advanceEnd(int matched, char c) {
    if (c == '<') {
      return 1;
    }
    if (matched > 0 && matched < END.length() && END.charAt(matched) == c) {
      return matched + 1;
    }
    return 0;
  }
}
