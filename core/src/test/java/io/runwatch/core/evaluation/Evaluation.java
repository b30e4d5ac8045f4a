package io.runwatch.core.evaluation;

import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.evaluation.ScenarioGenerator.AttackStep;
import io.runwatch.core.evaluation.ScenarioGenerator.Scenario;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.triage.DetectionPipeline;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs a scenario through the real {@link DetectionPipeline} and scores it per detector.
 *
 * <p>Counting, per detector {@code D}:
 *
 * <ul>
 *   <li>TP: attack steps labelled with {@code D} on which {@code D} fired;
 *   <li>FN: attack steps labelled with {@code D} on which it did not;
 *   <li>FP: judged benign commands on which {@code D} fired, at any severity (also shown: those at
 *       MEDIUM or above, which are the ones that page someone);
 *   <li>hits of {@code D} on attack steps not labelled with it are counted as neither (shown as
 *       "extra"): the step is malicious, so the hit is not a false alarm, but it was not predicted
 *       either, so it does not earn recall.
 * </ul>
 *
 * Precision = TP/(TP+FP), recall = TP/(TP+FN); "n/a" when the denominator is 0.
 */
final class Evaluation {
  /** The most benign findings above MEDIUM (HIGH or CRITICAL) tolerated in the month. */
  static final int MAX_BENIGN_ABOVE_MEDIUM = 3;

  record Row(String detector, int tp, int fp, int fpAtLeastMedium, int fn, int extra) {
    String precision() {
      return tp + fp == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", tp / (double) (tp + fp));
    }

    String recall() {
      return tp + fn == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", tp / (double) (tp + fn));
    }
  }

  final Scenario scenario;
  final Policy policy;
  final List<Finding> findings;
  final Map<String, Finding> byEventId = new HashMap<>();
  final Map<String, Finding> byOrphanCommandId = new HashMap<>();
  final Map<String, Row> rows = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  final List<Finding> benignFindings = new ArrayList<>();
  long judged;

  Evaluation(Scenario scenario, Policy policy, List<Detector> detectors) {
    this.scenario = scenario;
    this.policy = policy;
    DetectionPipeline.Result result =
        new DetectionPipeline(detectors, policy, new Triage())
            .run(
                scenario.commands(),
                scenario.correlations(),
                scenario.orphans(),
                scenario.identityChanges(),
                List.of(),
                Map.of(),
                ScenarioGenerator.LEARN_UNTIL,
                ScenarioGenerator.NOW);
    this.findings = result.findings();
    this.judged = result.judged();
    for (Finding f : findings) {
      if (Triage.ORPHAN_EVENT.equals(f.command().eventName())) {
        byOrphanCommandId.put(f.command().commandId(), f);
      } else {
        byEventId.put(f.command().eventId(), f);
      }
    }
    score();
    check();
  }

  Optional<Finding> findingOf(AttackStep step) {
    return Optional.ofNullable(
        step.command() != null
            ? byEventId.get(step.command().eventId())
            : byOrphanCommandId.get(step.orphan().commandId()));
  }

  Optional<Finding> findingOf(AdminCommand c) {
    return Optional.ofNullable(byEventId.get(c.eventId()));
  }

  static Set<String> fired(Optional<Finding> f) {
    return f.map(x -> x.hits().stream().map(DetectorHit::detectorId).collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  boolean judged(AdminCommand c) {
    return c.time().isAfter(ScenarioGenerator.LEARN_UNTIL);
  }

  /** Benign commands whose principal is approved automation's (in scope or not). */
  boolean byAutomation(AdminCommand c) {
    return !policy.automationOf(c).isEmpty();
  }

  private void score() {
    // Every registered detector gets a row, also when a test runs the pipeline without one.
    List<String> ids = new ArrayList<>(Detectors.all().stream().map(Detector::id).toList());
    ids.add(ScenarioGenerator.ORPHAN);
    for (String id : ids) {
      int tp = 0, fp = 0, fpMed = 0, fn = 0, extra = 0;
      for (AttackStep s : scenario.attacks()) {
        boolean hit = fired(findingOf(s)).contains(id);
        if (s.expected().contains(id)) {
          if (hit) {
            tp++;
          } else {
            fn++;
          }
        } else if (hit) {
          extra++;
        }
      }
      for (AdminCommand c : scenario.benign()) {
        Optional<Finding> f = findingOf(c);
        Optional<DetectorHit> h =
            f.flatMap(x -> x.hits().stream().filter(y -> y.detectorId().equals(id)).findFirst());
        if (h.isPresent()) {
          fp++;
          if (h.get().severity().atLeast(Severity.MEDIUM)) {
            fpMed++;
          }
        }
      }
      rows.put(id, new Row(id, tp, fp, fpMed, fn, extra));
    }
    for (AdminCommand c : scenario.benign()) {
      findingOf(c).ifPresent(benignFindings::add);
    }
  }

  private void check() {
    for (AttackStep s : scenario.attacks()) {
      Optional<Finding> f = findingOf(s);
      if (f.isEmpty()) {
        problems.add("attack step " + s.id() + ": no finding");
        continue;
      }
      if (!f.get().severity().atLeast(Severity.MEDIUM)) {
        problems.add("attack step " + s.id() + ": finding only " + f.get().severity());
      }
      Set<String> missing = new TreeSet<>(s.expected());
      missing.removeAll(fired(f));
      if (!missing.isEmpty()) {
        problems.add("attack step " + s.id() + ": expected detectors did not fire: " + missing);
      }
    }
    for (AdminCommand c : scenario.benign()) {
      Optional<Finding> f = findingOf(c);
      if (f.isPresent() && byAutomation(c) && f.get().severity().atLeast(Severity.MEDIUM)) {
        problems.add("approved automation raised " + describe(f.get()));
      }
    }
    long aboveMedium =
        benignFindings.stream().filter(f -> f.severity().atLeast(Severity.HIGH)).count();
    if (aboveMedium > MAX_BENIGN_ABOVE_MEDIUM) {
      problems.add(
          aboveMedium
              + " benign findings above MEDIUM (bound "
              + MAX_BENIGN_ABOVE_MEDIUM
              + "): "
              + benignFindings.stream()
                  .filter(f -> f.severity().atLeast(Severity.HIGH))
                  .map(Evaluation::describe)
                  .toList());
    }
  }

  static String describe(Finding f) {
    return f.severity()
        + " "
        + f.time()
        + " "
        + f.command().principal().displayName()
        + " "
        + f.command().operation()
        + " "
        + f.hits().stream().map(h -> h.detectorId() + "/" + h.severity()).toList();
  }

  /** The report: per-detector table, attack steps, benign findings. Markdown. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# runwatch detection evaluation\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%d commands (%d benign, %d attack steps incl. %d orphan), %d judged after %s;"
                + " %d findings.%n%n",
            scenario.commands().size(),
            scenario.benign().size(),
            scenario.attacks().size(),
            scenario.orphans().size(),
            judged,
            ScenarioGenerator.LEARN_UNTIL,
            findings.size()));
    s.append("## Per detector\n\n");
    s.append("| detector | TP | FP | FP >= MEDIUM | FN | extra | precision | recall |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows.values()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %s | %s |%n",
              r.detector(),
              r.tp(),
              r.fp(),
              r.fpAtLeastMedium(),
              r.fn(),
              r.extra(),
              r.precision(),
              r.recall()));
    }
    s.append("\n## Attack steps\n\n");
    s.append("| step | severity | score | expected | fired |\n|---|---|---:|---|---|\n");
    for (AttackStep a : scenario.attacks()) {
      Optional<Finding> f = findingOf(a);
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s |%n",
              a.id(),
              f.map(x -> x.severity().name()).orElse("none"),
              f.map(x -> Integer.toString(x.score())).orElse("-"),
              String.join(", ", new TreeSet<>(a.expected())),
              String.join(", ", new TreeSet<>(fired(f)))));
    }
    s.append("\n## Benign findings by severity\n\n");
    Map<Severity, Long> bySeverity =
        benignFindings.stream()
            .collect(
                Collectors.groupingBy(
                    Finding::severity, java.util.TreeMap::new, Collectors.counting()));
    bySeverity.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
    s.append("\n### Every benign finding\n\n");
    benignFindings.stream()
        .sorted(java.util.Comparator.comparing(Finding::time))
        .forEach(f -> s.append("- ").append(describe(f)).append('\n'));
    if (!problems.isEmpty()) {
      s.append("\n## Problems\n\n");
      problems.forEach(p -> s.append("- ").append(p).append('\n'));
    }
    return s.toString();
  }
}
