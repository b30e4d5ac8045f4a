package io.runwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.policy.Policy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Detector fixtures: {@code detectors/<detector-id>/<case>.json}, each a command, the history the
 * baseline learned before it, the policy, and whether the detector must fire ({@code "expect":
 * "fires"}, optionally with {@code "severity"}) or stay quiet ({@code "expect": "quiet"}).
 *
 * <p>An optional {@code "geo"} object stands for a configured geo/ASN database: network (CIDR or
 * address) to {@code {"country", "asn", "organization"}}. The history is learned as detection
 * learns it: each command's source looked up there, the baseline aged to the policy's history as of
 * each command's day. {@code "expectFacts"} (optional) are facts the hit must carry.
 */
class DetectorFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyFixtureGetsItsVerdict() throws IOException {
    Map<String, Detector> byId =
        Detectors.all().stream().collect(Collectors.toMap(Detector::id, d -> d));
    return fixtures().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    root().relativize(f).toString(),
                    () -> {
                      String id = f.getParent().getFileName().toString();
                      assertThat(byId).as("a detector with id %s", id).containsKey(id);
                      check(byId.get(id), JSON.readTree(f.toFile()));
                    }));
  }

  @Test
  void everyDetectorHasFixturesThatFireAndFixturesThatStayQuiet() throws IOException {
    Map<String, Set<String>> verdicts = new TreeMap<>();
    for (Path f : fixtures()) {
      verdicts
          .computeIfAbsent(f.getParent().getFileName().toString(), k -> new java.util.HashSet<>())
          .add(JSON.readTree(f.toFile()).path("expect").asText());
    }
    for (Detector d : Detectors.all()) {
      assertThat(verdicts.getOrDefault(d.id(), Set.of()))
          .as("fixtures of %s (need one that fires and one that stays quiet)", d.id())
          .contains("fires", "quiet");
    }
  }

  @Test
  void everyDetectorDescribesItself() {
    for (Detector d : Detectors.all()) {
      assertThat(d.id()).as("id").matches("RW-[A-Z0-9-]+");
      assertThat(d.attack()).as("%s attack", d.id()).matches("TA\\d{4}:T\\d{4}(\\.\\d{3})?");
      assertThat(d.title()).as("%s title", d.id()).isNotBlank();
      assertThat(d.falsePositives()).as("%s false positives", d.id()).isNotBlank();
      assertThat(d.triageNote()).as("%s triage note", d.id()).isNotBlank();
    }
    assertThat(Detectors.all()).extracting(Detector::id).doesNotHaveDuplicates();
  }

  /** Runs one fixture; also used by other tests that want a detector's verdict on data. */
  static Optional<DetectorHit> evaluate(Detector detector, JsonNode fixture) {
    AdminCommand command = FixtureData.command(fixture.get("command"));
    List<AdminCommand> history = new ArrayList<>();
    fixture.path("history").forEach(h -> history.add(FixtureData.command(h)));
    history.sort(Comparator.comparing(AdminCommand::time));
    Policy policy = FixtureData.policy(fixture.get("policy"));
    NetworkLookup networks = FixtureData.networks(fixture.get("geo"));
    BaselineHistory window = new BaselineHistory(policy.baselineHistory());
    Baseline baseline = Baseline.empty(Baseline.scopeOf(command));
    for (AdminCommand h : history) {
      if (Baseline.scopeOf(h).equals(baseline.scope())) {
        baseline =
            baseline
                .agedAsOf(h.time(), window)
                .observe(h, networks.lookup(h.sourceIp()).orElse(null));
      }
    }
    baseline = baseline.agedAsOf(command.time(), window);
    List<IdentityChange> changes = new ArrayList<>();
    fixture.path("identityChanges").forEach(c -> changes.add(FixtureData.identityChange(c)));
    List<AdminCommand> all = new ArrayList<>(history);
    all.add(command);
    Instant now =
        fixture.hasNonNull("now")
            ? Instant.parse(fixture.get("now").asText())
            : command.time().plus(Duration.ofHours(1));
    DetectionContext context =
        new DetectionContext(
            command,
            FixtureData.correlation(command, fixture.get("correlation")),
            baseline,
            policy,
            new RecentActivity(all, changes, List.of()),
            now,
            networks);
    return detector.evaluate(context);
  }

  private static void check(Detector detector, JsonNode fixture) {
    Optional<DetectorHit> hit = evaluate(detector, fixture);
    String expect = fixture.path("expect").asText();
    assertThat(expect).as("expect is fires or quiet").isIn("fires", "quiet");
    if (expect.equals("quiet")) {
      assertThat(hit).as(fixture.path("description").asText()).isEmpty();
      return;
    }
    assertThat(hit).as(fixture.path("description").asText()).isPresent();
    assertThat(hit.get().detectorId()).isEqualTo(detector.id());
    assertThat(hit.get().reason()).isNotBlank();
    if (fixture.hasNonNull("severity")) {
      assertThat(hit.get().severity().name()).isEqualTo(fixture.get("severity").asText());
    }
    fixture
        .path("expectFacts")
        .properties()
        .forEach(
            e ->
                assertThat(hit.get().facts())
                    .as("fact %s", e.getKey())
                    .containsEntry(e.getKey(), e.getValue().asText()));
  }

  private static List<Path> fixtures() throws IOException {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static Path root() {
    try {
      return Path.of(DetectorFixtureTest.class.getResource("/detectors").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
