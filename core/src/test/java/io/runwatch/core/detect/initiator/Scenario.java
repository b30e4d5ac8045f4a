package io.runwatch.core.detect.initiator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.FixtureData;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A detector fixture loaded for a unit test, which may change it before judging: the same assembly
 * as {@code DetectorFixtureTest} (baseline learned from the history in the command's scope, recent
 * activity over history and command), with the policy replaceable as a {@link Policy} value (for
 * severity overrides, which fixture JSON cannot express).
 */
final class Scenario {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode fixture;
  private Policy policy;
  private boolean recentHoldsCommand = true;

  private Scenario(ObjectNode fixture) {
    this.fixture = fixture;
  }

  /** {@code detectors/<detector>/<name>.json} from the test resources. */
  static Scenario fixture(String detector, String name) {
    String path = "/detectors/" + detector + "/" + name + ".json";
    try (InputStream in = Scenario.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new Scenario((ObjectNode) JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Edits the fixture's JSON (e.g. the command) before it is judged. */
  Scenario edit(Consumer<ObjectNode> change) {
    change.accept(fixture);
    return this;
  }

  ObjectNode command() {
    return (ObjectNode) fixture.get("command");
  }

  Scenario policy(Policy p) {
    policy = p;
    return this;
  }

  /** Leaves the judged command out of the recent activity (as a caller might). */
  Scenario withoutCommandInRecent() {
    recentHoldsCommand = false;
    return this;
  }

  Policy fixturePolicy() {
    return FixtureData.policy(fixture.get("policy"));
  }

  DetectionContext context() {
    AdminCommand command = FixtureData.command(fixture.get("command"));
    List<AdminCommand> history = new ArrayList<>();
    fixture.path("history").forEach(h -> history.add(FixtureData.command(h)));
    history.sort(Comparator.comparing(AdminCommand::time));
    Policy p = policy != null ? policy : fixturePolicy();
    NetworkLookup networks = FixtureData.networks(fixture.get("geo"));
    BaselineHistory window = new BaselineHistory(p.baselineHistory());
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
    List<AdminCommand> all = new ArrayList<>(history);
    if (recentHoldsCommand) {
      all.add(command);
    }
    return new DetectionContext(
        command,
        null,
        baseline,
        p,
        new RecentActivity(all, List.of(), List.of()),
        command.time().plus(Duration.ofHours(1)),
        networks);
  }

  Optional<DetectorHit> judge(Detector detector) {
    return detector.evaluate(context());
  }

  DetectorHit hit(Detector detector) {
    return judge(detector)
        .orElseThrow(() -> new AssertionError(detector.id() + " stayed quiet on " + fixture));
  }
}
