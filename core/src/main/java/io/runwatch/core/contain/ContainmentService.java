package io.runwatch.core.contain;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog;
import io.runwatch.core.port.FindingStore;
import io.runwatch.core.triage.ContainmentAction;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Containment as a responder runs it at 3 a.m.: dry run by default, an explicit confirm of the
 * exact plan to act, idempotent, refusing protected principals and callers who are not responders,
 * and an audit record for every attempt written before the answer.
 *
 * <p>Order of checks: read the request, authorize the caller (before the finding is read, so a
 * refused caller learns nothing), resolve the action, refuse blocked/protected targets, plan from
 * the current state, then compare the plan id with {@code confirm}. Before any change, a PLANNED
 * record with mode EXECUTE/ROLLBACK is written: if the audit log is down, nothing is changed.
 */
public final class ContainmentService {
  private final ContainmentProvider provider;
  private final Cloud cloud;
  private final FindingStore findings;
  private final AuditLog audit;
  private final CallerAuthorization authorization;
  private final ProtectedTargets protectedTargets;
  private final Clock clock;
  private final Supplier<String> ids;

  /**
   * @param cloud the cloud {@code provider} acts on; actions of other clouds are refused
   * @param ids unique audit record ids (random UUIDs in production)
   */
  public ContainmentService(
      ContainmentProvider provider,
      Cloud cloud,
      FindingStore findings,
      AuditLog audit,
      CallerAuthorization authorization,
      Policy policy,
      Clock clock,
      Supplier<String> ids) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.findings = Objects.requireNonNull(findings, "findings");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.protectedTargets =
        new ProtectedTargets(Objects.requireNonNull(policy, "policy"), authorization);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Handles one raw request body from {@code caller}; never throws for bad input. */
  public ContainmentResponse handle(Caller caller, byte[] body) {
    ContainmentRequest request;
    try {
      request = ContainmentRequestParser.parse(body);
    } catch (ContainmentRequestException e) {
      return answer(
          caller, null, null, "(unparsed)", Decision.REFUSED, e.getMessage(), Attempt.start(null));
    }
    return handle(caller, request);
  }

  public ContainmentResponse handle(Caller caller, ContainmentRequest r) {
    Attempt attempt = Attempt.start(r.confirm());
    boolean changes = r.mode() != Mode.DRY_RUN && r.confirm() != null;
    CallerAuthorization.Verdict verdict = authorization.authorize(caller, changes);
    if (!verdict.allowed()) {
      return refuse(caller, r, r.action().label(), verdict.reason(), attempt);
    }
    ContainmentAction action;
    try {
      action = resolve(r);
    } catch (ContainmentRequestException e) {
      return refuse(caller, r, r.action().label(), e.getMessage(), attempt);
    }
    attempt = attempt.with(action);
    String kind = action.kind().name();
    if (action.cloud() != null && action.cloud() != cloud) {
      return refuse(
          caller,
          r,
          kind,
          "action is for " + action.cloud() + ", this function contains " + cloud,
          attempt);
    }
    Optional<String> protectedReason = protectedTargets.refusal(action, cloud);
    if (protectedReason.isPresent()) {
      return refuse(caller, r, kind, protectedReason.get(), attempt);
    }
    Plan plan;
    try {
      Optional<Plan> planned =
          r.mode() == Mode.ROLLBACK
              ? provider.planRollback(action)
              : Optional.of(provider.plan(action));
      if (planned.isEmpty()) {
        return refuse(caller, r, kind, kind + " has no rollback", attempt);
      }
      plan = planned.get();
    } catch (ContainmentException e) {
      ProviderFailure f = e.failure();
      Decision d = isRefusal(f) ? Decision.REFUSED : Decision.FAILED;
      return answer(caller, r.mode(), r.findingId(), kind, d, f.text(), attempt.with(f));
    }
    attempt = attempt.with(plan);
    if (r.confirm() == null) {
      if (r.mode() == Mode.EXECUTE) {
        return refuse(
            caller, r, kind, "confirm required: send the planId of this plan as confirm", attempt);
      }
      return answer(
          caller, r.mode(), r.findingId(), kind, Decision.PLANNED, planned(plan), attempt);
    }
    if (r.mode() == Mode.DRY_RUN) {
      return refuse(
          caller,
          r,
          kind,
          "confirm given with mode dry-run: use mode execute or rollback",
          attempt);
    }
    if (!r.confirm().equals(attempt.planId()) && !plan.satisfied()) {
      return refuse(
          caller,
          r,
          kind,
          "confirm does not match the current plan (the state changed or another action was"
              + " meant): dry-run again and confirm the new planId",
          attempt);
    }
    // Audit first: if the audit log cannot be written, nothing is changed.
    audit.record(
        AuditRecords.of(
            ids.get(),
            clock.instant(),
            caller,
            kind,
            r.mode(),
            Decision.PLANNED,
            r.findingId(),
            "confirmed; applying " + plan.pending().size() + " change(s)",
            attempt));
    Result result = provider.apply(plan);
    attempt = attempt.with(result);
    if (!result.succeeded()) {
      return answer(
          caller, r.mode(), r.findingId(), kind, Decision.FAILED, result.failure().text(), attempt);
    }
    String done =
        plan.satisfied()
            ? "already in place: nothing changed"
            : "applied " + plan.pending().size() + " change(s)";
    return answer(caller, r.mode(), r.findingId(), kind, Decision.DONE, done, attempt);
  }

  private static String planned(Plan plan) {
    return plan.satisfied()
        ? "nothing to change: already in place"
        : plan.pending().size() + " change(s) planned; nothing changed";
  }

  private static boolean isRefusal(ProviderFailure f) {
    return f.kind() == ProviderFailure.Kind.UNSUPPORTED || f.kind() == ProviderFailure.Kind.INVALID;
  }

  private ContainmentAction resolve(ContainmentRequest r) {
    ContainmentRequest.ActionRef ref = r.action();
    if (ref instanceof ContainmentRequest.Explicit e) {
      ContainmentAction a = e.action();
      if (a.cloud() == null) {
        a = new ContainmentAction(a.kind(), cloud, a.parameters(), a.why(), a.blocked());
      }
      return r.findingId() == null || a.parameters().containsKey("findingId")
          ? a
          : withFindingId(a, r.findingId());
    }
    FindingStore.Stored stored =
        findings
            .get(r.findingId())
            .orElseThrow(
                () -> new ContainmentRequestException("findingId", "no finding " + r.findingId()));
    List<ContainmentAction> actions;
    try {
      actions = FindingActions.read(stored.json());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ContainmentRequestException(
          "findingId", "stored finding unreadable: " + e.getMessage());
    }
    return withFindingId(pick(actions, ref), r.findingId());
  }

  /**
   * The finding id goes into the action's parameters: providers tag what they create with it (a
   * snapshot), and the plan id then covers it.
   */
  private static ContainmentAction withFindingId(ContainmentAction a, String findingId) {
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>(a.parameters());
    p.put("findingId", findingId);
    return new ContainmentAction(a.kind(), a.cloud(), p, a.why(), a.blocked());
  }

  private static ContainmentAction pick(
      List<ContainmentAction> actions, ContainmentRequest.ActionRef ref) {
    if (ref instanceof ContainmentRequest.ByIndex i) {
      if (i.index() >= actions.size()) {
        throw new ContainmentRequestException(
            "action",
            "index " + i.index() + " but the finding has " + actions.size() + " action(s)");
      }
      return actions.get(i.index());
    }
    ContainmentAction.Kind kind = ((ContainmentRequest.ByKind) ref).kind();
    List<Integer> matching = new java.util.ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i).kind() == kind) {
        matching.add(i);
      }
    }
    if (matching.isEmpty()) {
      throw new ContainmentRequestException("action", "the finding has no " + kind + " action");
    }
    if (matching.size() > 1) {
      throw new ContainmentRequestException(
          "action",
          "the finding has "
              + matching.size()
              + " "
              + kind
              + " actions (indexes "
              + matching
              + "): send the index");
    }
    return actions.get(matching.get(0));
  }

  private ContainmentResponse refuse(
      Caller caller, ContainmentRequest r, String action, String reason, Attempt attempt) {
    return answer(caller, r.mode(), r.findingId(), action, Decision.REFUSED, reason, attempt);
  }

  private ContainmentResponse answer(
      Caller caller,
      Mode mode,
      String findingId,
      String action,
      Decision decision,
      String reason,
      Attempt attempt) {
    String id = ids.get();
    audit.record(
        AuditRecords.of(
            id, clock.instant(), caller, action, mode, decision, findingId, reason, attempt));
    return new ContainmentResponse(
        decision,
        mode,
        findingId,
        action,
        reason,
        attempt.planId(),
        attempt.plan(),
        attempt.result(),
        attempt.failure(),
        id);
  }
}
