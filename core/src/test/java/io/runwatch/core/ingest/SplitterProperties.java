package io.runwatch.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the records hold and however the bytes arrive, the splitter finds them exactly. */
class SplitterProperties {

  @Property(tries = 200)
  void recordsRoundTripInEveryContainer(
      @ForAll @Size(min = 0, max = 12) List<@net.jqwik.api.From("records") String> records,
      @ForAll("containers") String container,
      @ForAll @IntRange(min = 1, max = 64) int step)
      throws IOException {
    String input =
        switch (container) {
          case "array" -> "[" + String.join(",\n ", records) + "]";
          case "Records" -> "{\"Records\":[" + String.join(",", records) + "]}";
          case "records-late" ->
              "{\"a\":{\"b\":[1]},\"records\":[" + String.join(",", records) + "]}";
          case "lines" -> String.join("\n", records) + "\n";
          default -> String.join(" ", records);
        };
    JsonRecordSplitterTest.Split sink = new JsonRecordSplitterTest.Split();
    new JsonRecordSplitter(1 << 20, JsonRecordSplitterTest.TOKENS)
        .split(JsonRecordSplitterTest.trickle(input, step), sink);
    assertThat(sink.errors).isEmpty();
    assertThat(sink.records).containsExactlyElementsOf(records);
  }

  @Provide
  Arbitrary<String> containers() {
    return Arbitraries.of("array", "Records", "records-late", "lines", "concatenated");
  }

  @Provide
  Arbitrary<String> records() {
    return objects(3);
  }

  private Arbitrary<String> objects(int depth) {
    Arbitrary<String> member =
        Arbitraries.lazyOf(
            () -> strings().tuple2().map(t -> t.get1() + ":" + t.get2()),
            () -> strings().flatMap(k -> values(depth - 1).map(v -> k + ":" + v)));
    return member.list().ofMaxSize(4).map(ms -> "{" + String.join(",", ms) + "}");
  }

  private Arbitrary<String> values(int depth) {
    if (depth <= 0) {
      return Arbitraries.oneOf(strings(), Arbitraries.of("1", "-2.5e3", "true", "false", "null"));
    }
    return Arbitraries.oneOf(
        strings(),
        Arbitraries.of("0", "true", "null"),
        objects(depth),
        values(depth - 1).list().ofMaxSize(3).map(vs -> "[" + String.join(",", vs) + "]"));
  }

  /** JSON strings with escapes, quotes, brackets and non-ASCII inside. */
  private Arbitrary<String> strings() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().numeric().ofMaxLength(12),
            Arbitraries.of(
                "\\\"", "\\\\", "\\n", "\\u00e9", "{", "}", "[", "]", ",", ":", "é", "日本", "\\/"));
    return piece.list().ofMaxSize(5).map(ps -> "\"" + String.join("", ps) + "\"");
  }
}
