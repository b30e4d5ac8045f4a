package io.runwatch.core.telemetry.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.ingest.ErrorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any input ends in records or typed errors: the parser never throws, never reports a bug of its
 * own ({@link ErrorKind#UNEXPECTED}), and its count is what it reported.
 */
class SysmonParserProperties {
  private static final List<String> FIXTURES =
      List.of(
          "linux-syslog-ssm.log",
          "windows-wevtutil-runcommand.xml",
          "windows-events-ssm-pretty.xml",
          "winlogbeat-ssm-session.ndjson",
          "nxlog-ssm.ndjson",
          "evtx-dump-ssm.jsonl");

  @Property(tries = 300)
  void arbitraryTextNeverEscapesAsAnException(@ForAll String text) {
    assertWellBehaved(Heard.parse(text));
  }

  @Property(tries = 300)
  void arbitraryBytesDecodedAsUtf8(@ForAll byte[] bytes) {
    assertWellBehaved(Heard.parse(new String(bytes, StandardCharsets.UTF_8)));
  }

  @Property(tries = 400)
  void mutatedFixturesEndInRecordsOrTypedErrors(
      @ForAll("fixtureIndex") int fixture, @ForAll long seed, @ForAll("mutations") int mutations) {
    String original = Heard.read(FIXTURES.get(fixture));
    assertWellBehaved(Heard.parse(mutate(original, new Random(seed), mutations)));
  }

  @Property(tries = 200)
  void fixturesCutAnywhereEndInRecordsOrTypedErrors(
      @ForAll("fixtureIndex") int fixture, @ForAll long seed) {
    String original = Heard.read(FIXTURES.get(fixture));
    int cut = new Random(seed).nextInt(original.length());
    Heard h = Heard.parse(original.substring(0, cut));
    assertWellBehaved(h);
    assertThat(h.records).isLessThanOrEqualTo(Heard.parseFixture(FIXTURES.get(fixture)).records);
  }

  @Property(tries = 100)
  void readingInAnyChunkSizeGivesTheSameRecords(
      @ForAll("fixtureIndex") int fixture, @ForAll long seed) throws IOException {
    String name = FIXTURES.get(fixture);
    Heard whole = Heard.parseFixture(name);
    Heard chunked = new Heard();
    chunked.records =
        new SysmonParser()
            .parse(
                new BufferedReader(new ChunkedReader(Heard.read(name), new Random(seed)), 16),
                name,
                null,
                chunked);
    assertThat(chunked.executions).isEqualTo(whole.executions);
    assertThat(chunked.heard).isEqualTo(whole.heard);
    assertThat(chunked.errors).isEqualTo(whole.errors);
    assertThat(chunked.records).isEqualTo(whole.records);
  }

  /** Hands out 1 to 7 characters per read, so tags and line ends fall across reads. */
  private static final class ChunkedReader extends Reader {
    private final String text;
    private final Random random;
    private int pos;

    ChunkedReader(String text, Random random) {
      this.text = text;
      this.random = random;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (pos >= text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(7)), text.length() - pos);
      text.getChars(pos, pos + n, cbuf, off);
      pos += n;
      return n;
    }

    @Override
    public boolean ready() {
      return false;
    }

    @Override
    public void close() {}
  }

  @Provide
  Arbitrary<Integer> fixtureIndex() {
    return Arbitraries.integers().between(0, FIXTURES.size() - 1);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers().between(1, 12);
  }

  private static void assertWellBehaved(Heard h) {
    assertThat(h.errors).noneMatch(e -> e.kind() == ErrorKind.UNEXPECTED);
    assertThat(h.records).isEqualTo(h.reported());
    assertThat(h.errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    for (int i = 0; i < h.errors.size(); i++) {
      assertThat(h.errors.get(i).where().index()).isBetween(0L, h.records - 1);
    }
  }

  /** Flips, inserts or deletes characters, favouring the ones that matter to XML and JSON. */
  private static String mutate(String s, Random random, int mutations) {
    String specials = "<>/\"'&;{}[]:,\\\n \u0000\u0001\uFFFE";
    StringBuilder b = new StringBuilder(s);
    for (int i = 0; i < mutations && b.length() > 0; i++) {
      int at = random.nextInt(b.length());
      char c = specials.charAt(random.nextInt(specials.length()));
      switch (random.nextInt(3)) {
        case 0 -> b.setCharAt(at, c);
        case 1 -> b.insert(at, c);
        default -> b.deleteCharAt(at);
      }
    }
    return b.toString();
  }
}
