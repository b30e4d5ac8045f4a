package io.runwatch.core.contain;

import static io.runwatch.core.triage.TriageFixtures.context;
import static io.runwatch.core.triage.TriageFixtures.hit;
import static io.runwatch.core.triage.TriageFixtures.learned;

import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.FindingStore;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import io.runwatch.core.triage.TriageFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Real findings for containment tests: triaged by core's {@link Triage} and stored as {@link
 * FindingJson}, so the actions the service reads back are exactly what production stores.
 */
public final class ContainFixtures {
  public static final String RESPONDER_ROLE =
      "arn:aws:iam::" + TriageFixtures.ACCOUNT + ":role/security/IncidentResponder";
  public static final String RESPONDER_SESSION =
      "arn:aws:sts::" + TriageFixtures.ACCOUNT + ":assumed-role/IncidentResponder/alice";
  public static final String OTHER_SESSION =
      "arn:aws:sts::" + TriageFixtures.ACCOUNT + ":assumed-role/Developer/bob";

  private ContainFixtures() {}

  /** The finding triage makes for {@code c} (one HIGH hit) under {@code policy}. */
  public static Finding finding(AdminCommand c, Policy policy) {
    return new Triage()
        .triage(
            context(c, null, policy, learned(c, List.of()), RecentActivity.empty()),
            List.of(hit("RW-NEW-SOURCE", Severity.HIGH, 80)))
        .orElseThrow();
  }

  /** Stores {@code f} as production does and returns its id. */
  public static String store(FindingStore store, Finding f) {
    store.putIfAbsent(f, FindingJson.toJson(f), f.time());
    return f.id();
  }

  /** The index of the first action of {@code kind} in {@code f}. */
  public static int indexOf(Finding f, io.runwatch.core.triage.ContainmentAction.Kind kind) {
    for (int i = 0; i < f.actions().size(); i++) {
      if (f.actions().get(i).kind() == kind) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " in " + f.actions());
  }

  public static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
