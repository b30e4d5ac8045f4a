package io.runwatch.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any byte sequence ends in records or typed errors: ingestion never throws, never reports a parser
 * bug ({@link ErrorKind#UNEXPECTED}), and accounts for every record it read.
 */
class IngestRobustnessProperties {
  private static final List<Path> FIXTURES = Fixtures.all();

  @Property(tries = 500)
  void arbitraryBytesNeverEscapeAsExceptions(@ForAll byte[] bytes) {
    assertWellBehaved(Collected.ingest("fuzz", bytes));
  }

  @Property(tries = 400)
  void mutatedRealEventsEndInRecordsOrTypedErrors(
      @ForAll("fixtureIndex") int fixture, @ForAll long seed, @ForAll("mutations") int mutations) {
    byte[] original = read(FIXTURES.get(fixture));
    byte[] mutated = mutate(original, new Random(seed), mutations);
    assertWellBehaved(Collected.ingest("mutated", mutated));
  }

  @Property(tries = 400)
  void mutatedEventsParsedInFullEndInRecordsOrTypedErrors(
      @ForAll("fixtureIndex") int fixture, @ForAll long seed, @ForAll("mutations") int mutations) {
    // The functions parse every record, so every mutation reaches a parser here.
    byte[] mutated = mutate(read(FIXTURES.get(fixture)), new Random(seed), mutations);
    assertWellBehaved(Collected.ingestParsingEveryRecord("mutated", mutated));
  }

  @Property(tries = 100)
  void truncatedGzipIsATypedError(@ForAll("fixtureIndex") int fixture, @ForAll long seed) {
    byte[] gz = gzip(read(FIXTURES.get(fixture)));
    int cut = 10 + new Random(seed).nextInt(Math.max(1, gz.length - 10));
    byte[] truncated = java.util.Arrays.copyOf(gz, Math.min(cut, gz.length - 1));
    Collected c = Collected.ingest("cut.json.gz", truncated);
    assertWellBehaved(c);
    assertThat(c.errors).isNotEmpty();
  }

  private static void assertWellBehaved(Collected c) {
    assertThat(c.errors).noneMatch(e -> e.kind() == ErrorKind.UNEXPECTED);
    assertThat(c.accountsForEveryRecord()).as("records = relevant + skipped + errors").isTrue();
    assertThat(c.errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
  }

  @Provide
  Arbitrary<Integer> fixtureIndex() {
    return Arbitraries.integers().between(0, FIXTURES.size() - 1);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers().between(1, 8);
  }

  /** Flips, deletes, duplicates and inserts structural bytes at random places. */
  static byte[] mutate(byte[] in, Random r, int count) {
    byte[] out = in.clone();
    byte[] specials = "{}[]\",:\\\n".getBytes();
    for (int i = 0; i < count && out.length > 0; i++) {
      int at = r.nextInt(out.length);
      switch (r.nextInt(4)) {
        case 0 -> out[at] = (byte) r.nextInt(256);
        case 1 -> out[at] = specials[r.nextInt(specials.length)];
        case 2 -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
        default -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = specials[r.nextInt(specials.length)];
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
      }
    }
    return out;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
