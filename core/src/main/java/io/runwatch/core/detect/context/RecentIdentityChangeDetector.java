package io.runwatch.core.detect.context;

import io.runwatch.core.baseline.Networks;
import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.ingest.identity.IdentitySubjects;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-RECENT-IDENTITY-CHANGE}: the command's initiator had an identity change shortly before
 * it: a new access key, console password or service-account key, new permissions or role, a changed
 * trust policy or MFA device, or a sign-in from a network its history does not know. Stolen or
 * freshly minted credentials are usually used at once, so "new key, then a command in a VM" is the
 * shape of account manipulation (ATT&amp;CK T1098) feeding execution (T1651).
 *
 * <p>Which changes count: those joined to the initiator by {@link IdentityLookup} (its id and its
 * issuer, so a change to a role meets its sessions), at or before the command and no more than
 * {@code thresholds.identityChangeWindow} earlier. A sign-in counts only when its address's network
 * ({@link Networks}) is not among those the initiator's baseline has seen it command from, and only
 * when there is such a history: routine sign-ins are not news, and a first-seen initiator is
 * another detector's finding.
 *
 * <p>Severity and score, from the change that weighs most (then the latest):
 *
 * <ul>
 *   <li>CRITICAL, 90: a credential or permission change made by someone else (the change's actor is
 *       neither the initiator nor a session of its role): one identity armed another, which then
 *       ran a command;
 *   <li>HIGH, 70: a credential or permission change the initiator made itself;
 *   <li>MEDIUM, 50: only a sign-in from a new network.
 * </ul>
 *
 * <p>The change's own source address is not in {@link IdentityChange} (only a sign-in's, as its
 * detail), so "changed from the same address the command came from" cannot be part of the rule; if
 * the model gains it, it would sharpen the CRITICAL case. Whether the command used the very key
 * that was created is reported as a fact ({@code usesNewCredential}), not scored.
 */
public final class RecentIdentityChangeDetector implements Detector {
  public static final String ID = "RW-RECENT-IDENTITY-CHANGE";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command shortly after an identity change of its initiator";
  }

  /** Account Manipulation, the persistence technique that precedes the command. */
  @Override
  public String attack() {
    return "TA0003:T1098";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.HIGH;
  }

  @Override
  public String falsePositives() {
    return "Onboarding and access requests: an administrator creates a user's key or grants a role"
        + " and the user starts working the same day (CRITICAL by this rule). Key rotation and"
        + " password changes by the user itself (HIGH). Pipelines that mint a service-account key"
        + " or attach a policy and then use it. Working from a new place (travel, a new VPN exit)"
        + " after a sign-in (MEDIUM). Tell them apart by a ticket for the change and by whether the"
        + " actor is a known administrator.";
  }

  @Override
  public String triageNote() {
    return "Ask the change's actor whether they made it and why. If not expected: treat the new"
        + " credential or permission as the attacker's, check whether this command used it"
        + " (usesNewCredential), revoke the key or remove the grant, and review everything the"
        + " initiator and the actor did since the change.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand command = context.command();
    Principal principal = command.principal();
    Duration window = context.policy().thresholds().identityChangeWindow();
    Instant from = command.time().minus(window);
    Instant through = command.time().plusNanos(1); // a change in the command's own second counts
    List<IdentityChange> changes =
        IdentityLookup.changesOf(context.recent(), principal, from, through).stream()
            .filter(c -> counts(c, context))
            .toList();
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    IdentityChange chosen =
        changes.stream()
            .max(
                Comparator.comparingInt((IdentityChange c) -> weight(c, principal))
                    .thenComparing(IdentityChange::time))
            .orElseThrow();
    Severity severity =
        switch (weight(chosen, principal)) {
          case 2 -> Severity.CRITICAL;
          case 1 -> Severity.HIGH;
          default -> Severity.MEDIUM;
        };
    int score =
        switch (severity) {
          case CRITICAL -> 90;
          case HIGH -> 70;
          default -> 50;
        };
    Duration before = Duration.between(chosen.time(), command.time());
    boolean usesNewCredential = usesCredential(principal.credentialId(), chosen.detail());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("changeKind", chosen.kind().name());
    put(facts, "changeSubject", chosen.subject());
    put(facts, "changeActor", chosen.actor());
    facts.put("changeTime", chosen.time().toString());
    put(facts, "changeDetail", chosen.detail());
    put(facts, "changeEventId", chosen.eventId());
    facts.put("minutesBefore", Long.toString(before.toMinutes()));
    facts.put("changesInWindow", Integer.toString(changes.size()));
    facts.put("changedByOther", Boolean.toString(weight(chosen, principal) == 2));
    facts.put("usesNewCredential", Boolean.toString(usesNewCredential));
    facts.put("window", window.toString());
    return Optional.of(
        new DetectorHit(
            ID,
            severity,
            score,
            reason(chosen, before, changes.size() - 1, usesNewCredential),
            facts));
  }

  /** Whether a change counts at all (sign-ins only from a network the baseline does not know). */
  private static boolean counts(IdentityChange c, DetectionContext context) {
    if (c.kind() != Kind.SIGN_IN) {
      return true;
    }
    String network = Networks.network(c.detail());
    if (network == null) {
      return false; // the sign-in's address is unknown: nothing new can be said
    }
    Optional<PrincipalProfile> profile =
        context.baseline().principal(context.command().principal().id());
    return profile.isPresent()
        && profile.get().commands() > 0
        && !profile.get().networks().contains(network);
  }

  /** 2: credential or permission change by someone else; 1: by the initiator; 0: a sign-in. */
  private static int weight(IdentityChange c, Principal principal) {
    if (c.kind() == Kind.SIGN_IN) {
      return 0;
    }
    boolean byOther = c.actor() != null && !IdentitySubjects.isSameIdentity(c.actor(), principal);
    return byOther ? 2 : 1;
  }

  /** Whether the command's credential is the one the change names (an AWS key id, a GCP key). */
  static boolean usesCredential(String credentialId, String detail) {
    if (credentialId == null || detail == null) {
      return false;
    }
    for (String word : detail.split("[\\s,;()]+")) {
      if (word.length() >= 8 && (credentialId.equals(word) || credentialId.endsWith("/" + word))) {
        return true;
      }
    }
    return false;
  }

  private static String reason(
      IdentityChange c, Duration before, int others, boolean usesNewCredential) {
    StringBuilder s = new StringBuilder(describe(c.kind()));
    s.append(" for ").append(c.subject());
    s.append(" by ").append(c.actor() == null ? "an unknown actor" : c.actor());
    s.append(" at ")
        .append(c.time())
        .append(", ")
        .append(ago(before))
        .append(" before this command");
    if (c.detail() != null) {
      s.append(c.kind() == Kind.SIGN_IN ? " (from " : " (").append(c.detail()).append(')');
    }
    if (usesNewCredential) {
      s.append("; the command used that credential");
    }
    if (others > 0) {
      s.append("; ").append(others).append(" more identity change").append(others > 1 ? "s" : "");
      s.append(" in the window");
    }
    return s.toString();
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case ACCESS_KEY_CREATED -> "New access key";
      case LOGIN_PROFILE_CHANGED -> "Console password set";
      case POLICY_CHANGED -> "Permissions changed";
      case ROLE_ASSIGNED -> "Role assigned";
      case TRUST_CHANGED -> "Trust changed (who may act as it)";
      case SERVICE_ACCOUNT_KEY_CREATED -> "New service account key";
      case MFA_CHANGED -> "MFA device changed";
      case SIGN_IN -> "Sign-in from a new network";
    };
  }

  private static String ago(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 1) {
      return d.toSeconds() + " s";
    }
    return minutes < 120 ? minutes + " min" : d.toHours() + " h";
  }

  private static void put(Map<String, String> facts, String key, String value) {
    if (value != null) {
      facts.put(key, value);
    }
  }
}
