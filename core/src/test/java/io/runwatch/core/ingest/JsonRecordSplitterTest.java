package io.runwatch.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordSplitterTest {
  static final CandidateTokens TOKENS =
      CandidateTokens.anyOf(
          List.of("ssm.amazonaws.com", "Microsoft.Compute/virtualMachines/runCommand/action"));

  /** What the splitter reported, in order. */
  static final class Split implements JsonRecordSplitter.Sink {
    final List<String> records = new ArrayList<>();
    final List<Boolean> candidates = new ArrayList<>();
    final List<Long> indexes = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<ErrorKind> errorKinds = new ArrayList<>();

    @Override
    public void record(
        byte[] buf, int off, int len, long index, long byteOffset, boolean candidate) {
      records.add(new String(buf, off, len, StandardCharsets.UTF_8));
      candidates.add(candidate);
      indexes.add(index);
      offsets.add(byteOffset);
    }

    @Override
    public void error(long index, long byteOffset, ErrorKind kind, String message) {
      errors.add("#" + index + " " + kind + ": " + message);
      errorKinds.add(kind);
    }
  }

  /** Delivers at most {@code step} bytes per read, to cross every buffer boundary. */
  static InputStream trickle(String s, int step) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  static Split split(String s, int step) {
    return split(s, step, 1 << 20);
  }

  static Split split(String s, int step, int maxRecord) {
    Split sink = new Split();
    try {
      new JsonRecordSplitter(maxRecord, TOKENS).split(trickle(s, step), sink);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return sink;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 1 << 16})
  void splitsCloudTrailDeliveryFiles(int step) {
    Split s = split("{\"Records\":[{\"a\":1},{\"b\":\"x\\\"}\"}, {\"c\":[1,{\"d\":2}]}]}", step);
    assertThat(s.records)
        .containsExactly("{\"a\":1}", "{\"b\":\"x\\\"}\"}", "{\"c\":[1,{\"d\":2}]}");
    assertThat(s.indexes).containsExactly(0L, 1L, 2L);
    assertThat(s.errors).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 1 << 16})
  void findsTheRecordsKeyAfterOtherKeysAndInLowerCase(int step) {
    Split s =
        split("{\"meta\":{\"records\":0},\"records\":[{\"x\":1},{\"y\":2}],\"z\":[{}]}", step);
    assertThat(s.records).containsExactly("{\"x\":1}", "{\"y\":2}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void aTopLevelObjectWithoutRecordsIsOneRecord(int step) {
    String event = "{\n  \"detail-type\": \"x\",\n  \"detail\": {\"Records\": 3}\n}";
    Split s = split(event, step);
    assertThat(s.records).containsExactly(event);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 1 << 16})
  void splitsJsonLinesAndArrays(int step) {
    assertThat(split("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}", step).records)
        .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    assertThat(split("[\n {\"a\":1},\n {\"b\":[]}\n]", step).records)
        .containsExactly("{\"a\":1}", "{\"b\":[]}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void reportsByteOffsetsOfRecords(int step) {
    Split s = split("[{\"a\":1}, {\"b\":2}]", step);
    assertThat(s.offsets).containsExactly(1L, 10L);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void skipsAByteOrderMark(int step) {
    assertThat(split("\uFEFF{\"a\":1}", step).records).containsExactly("{\"a\":1}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 1 << 16})
  void escapesAtBufferEdgesDoNotEndStrings(int step) {
    String rec = "{\"k\":\"a\\\\\",\"q\":\"\\\"}{\\\\\"}";
    assertThat(split("[" + rec + "," + rec + "]", step).records).containsExactly(rec, rec);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void aTrailingCommaSpoilsOnlyItsRecord(int step) {
    Split s = split("[{\"a\":1,},{\"b\":2}]", step);
    assertThat(s.records).containsExactly("{\"b\":2}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.NOT_STRICT_JSON);
    assertThat(s.errors.get(0)).startsWith("#0 ").contains("trailing comma");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void commentsAreNotStrictJson(int step) {
    Split s = split("{\"a\":1 // note\n}\n{\"b\":2}", step);
    assertThat(s.errorKinds).containsExactly(ErrorKind.NOT_STRICT_JSON);
    assertThat(s.records).containsExactly("{\"b\":2}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void jsonLinesResumeAfterABrokenLine(int step) {
    Split s = split("{\"a\":1}\n{\"b\":]\n{\"c\":\"unterminated\n{\"d\":4}\n", step);
    assertThat(s.records).containsExactly("{\"a\":1}", "{\"d\":4}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.MALFORMED_JSON, ErrorKind.MALFORMED_JSON);
    assertThat(s.errors.get(0)).startsWith("#1 ").contains("unbalanced");
    assertThat(s.errors.get(1)).startsWith("#2 ").contains("unterminated string");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void lostStructureInsideAnArrayStopsTheSourceWithAnError(int step) {
    Split s = split("[{\"a\":1},{\"b\":[}, {\"c\":3}]", step);
    assertThat(s.records).containsExactly("{\"a\":1}");
    assertThat(s.errorKinds).containsOnly(ErrorKind.MALFORMED_JSON);
    assertThat(String.join("\n", s.errors)).contains("rest of this source was not read");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void truncatedInputIsReported(int step) {
    Split s = split("{\"Records\":[{\"a\":1},{\"b\":\"cut", step);
    assertThat(s.records).containsExactly("{\"a\":1}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.TRUNCATED);
    assertThat(s.errors.get(0)).startsWith("#1 ");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 1 << 16})
  void anOversizedRecordIsReportedAndTheNextOneIsStillRead(int step) {
    String big = "{\"pad\":\"" + "x".repeat(500) + "\",\"n\":[1,2,3]}";
    Split s = split("{\"Records\":[" + big + ",{\"small\":1}]}", step, 128);
    assertThat(s.records).containsExactly("{\"small\":1}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.RECORD_TOO_LARGE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void topLevelScalarsAreErrorsAndReadingGoesOn(int step) {
    Split s = split("42\n{\"a\":1}", step);
    assertThat(s.records).containsExactly("{\"a\":1}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.MALFORMED_JSON);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void emptyAndWhitespaceInputsHaveNoRecords(int step) {
    assertThat(split("", step).records).isEmpty();
    Split s = split(" \n\t ", step);
    assertThat(s.records).isEmpty();
    assertThat(s.errors).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 1 << 16})
  void marksRecordsHoldingACandidateTokenInAnyCaseOrEscaping(int step) {
    Split s =
        split(
            "[{\"eventSource\":\"ssm.amazonaws.com\"},"
                + "{\"eventSource\":\"s3.amazonaws.com\",\"note\":\"ssm.amazonaws.com.\"},"
                + "{\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION\"},"
                + "{\"op\":\"Microsoft.Compute\\/virtualMachines\\/runCommand\\/action\"},"
                + "{\"ssm.amazonaws.com\":1}]",
            step);
    assertThat(s.candidates).containsExactly(true, false, true, true, true);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1 << 16})
  void aStringLongerThanTheBufferIsSkippedWithItsRecord(int step) {
    String huge = "{\"blob\":\"" + "y".repeat(300) + "\"}";
    Split s = split("{\"a\":1}\n" + huge + "\n{\"b\":2}\n", step, 64);
    assertThat(s.records).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(s.errorKinds).containsExactly(ErrorKind.RECORD_TOO_LARGE);
  }
}
