package io.runwatch.core.detect.context;

import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.ingest.identity.IdentitySubjects;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity changes that concern a command's initiator: those whose subject is the principal's
 * id or its issuer (an AWS role session's role, a GCP impersonation chain), in the forms {@link
 * IdentitySubjects#keysOf} lists, so that a change to {@code role/Deploy} meets a command by {@code
 * assumed-role/Deploy/ci-run-42}.
 */
public final class IdentityLookup {
  private IdentityLookup() {}

  /** Changes to {@code principal}'s identity in {@code [from, to)}, oldest first, each once. */
  public static List<IdentityChange> changesOf(
      RecentActivity recent, Principal principal, Instant from, Instant to) {
    Map<IdentityChange, Boolean> seen = new IdentityHashMap<>();
    List<IdentityChange> out = new ArrayList<>();
    for (String key : IdentitySubjects.keysOf(principal)) {
      for (IdentityChange c : recent.identityChanges(key, from, to)) {
        if (seen.put(c, Boolean.TRUE) == null) {
          out.add(c);
        }
      }
    }
    out.sort(Comparator.comparing(IdentityChange::time));
    return out;
  }
}
