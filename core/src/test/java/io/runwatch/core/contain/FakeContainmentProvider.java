package io.runwatch.core.contain;

import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cloud in a map, for the service's tests. State is {@code resource#attribute -> value}; every
 * change the provider really makes is appended to {@link #calls}, so a test can prove a dry run or
 * an idempotent re-run made none.
 *
 * <ul>
 *   <li>DISABLE_PRINCIPAL: {@code user/<userName>#Enabled} true → false; rollback back to true.
 *   <li>ISOLATE_VM: records the original groups in {@code <vm>#tag:original-sgs}, sets {@code
 *       <vm>#SecurityGroups} to {@code sg-quarantine}; rollback restores them and drops the tag.
 *   <li>SNAPSHOT_VM, CANCEL_COMMAND: one change each, no rollback.
 *   <li>anything else: UNSUPPORTED.
 * </ul>
 */
public final class FakeContainmentProvider implements ContainmentProvider {
  public static final String QUARANTINE = "sg-quarantine";

  public final Map<String, String> state = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();

  /** When set, applying a change whose api equals it fails with this failure. */
  public ProviderFailure failOn;

  /** When set, planning throws it. */
  public ProviderFailure failPlanning;

  @Override
  public Plan plan(ContainmentAction a) {
    if (failPlanning != null) {
      throw new ContainmentException(failPlanning);
    }
    return switch (a.kind()) {
      case DISABLE_PRINCIPAL -> {
        String user = "user/" + required(a, "userName");
        yield plan(
            a,
            Direction.CONTAIN,
            Change.of("fake:Disable", user, "Enabled", get(user, "Enabled", "true"), "false"));
      }
      case ISOLATE_VM -> {
        String vm = required(a, "vm");
        String groups = get(vm, "SecurityGroups", "sg-web");
        String tag = state.get(vm + "#tag:original-sgs");
        List<Change> changes = new ArrayList<>();
        if (tag != null || !QUARANTINE.equals(groups)) {
          changes.add(
              Change.of("fake:Tag", vm, "tag:original-sgs", tag, tag != null ? tag : groups));
        }
        changes.add(Change.of("fake:SetGroups", vm, "SecurityGroups", groups, QUARANTINE));
        yield new Plan(a, Direction.CONTAIN, changes, List.of("tracked connections may persist"));
      }
      case SNAPSHOT_VM -> {
        String vm = required(a, "vm");
        yield plan(
            a,
            Direction.CONTAIN,
            Change.of(
                "fake:Snapshot", vm, "snapshot", state.get(vm + "#snapshot"), "snap-of-" + vm));
      }
      case CANCEL_COMMAND -> {
        String id = required(a, "commandId");
        yield plan(
            a,
            Direction.CONTAIN,
            Change.of("fake:Cancel", id, "Status", get(id, "Status", "InProgress"), "Cancelled"));
      }
      default -> throw ContainmentException.unsupported("fake:" + a.kind(), "not in the fake");
    };
  }

  @Override
  public Optional<Plan> planRollback(ContainmentAction a) {
    return switch (a.kind()) {
      case DISABLE_PRINCIPAL -> {
        String user = "user/" + required(a, "userName");
        yield Optional.of(
            plan(
                a,
                Direction.ROLLBACK,
                Change.of("fake:Enable", user, "Enabled", get(user, "Enabled", "true"), "true")));
      }
      case ISOLATE_VM -> {
        String vm = required(a, "vm");
        String tag = state.get(vm + "#tag:original-sgs");
        if (tag == null) {
          yield Optional.of(
              new Plan(
                  a,
                  Direction.ROLLBACK,
                  List.of(),
                  List.of("no recorded groups: not isolated by runwatch")));
        }
        yield Optional.of(
            new Plan(
                a,
                Direction.ROLLBACK,
                List.of(
                    Change.of(
                        "fake:SetGroups", vm, "SecurityGroups", get(vm, "SecurityGroups", ""), tag),
                    Change.of("fake:Untag", vm, "tag:original-sgs", tag, null)),
                List.of()));
      }
      default -> Optional.empty();
    };
  }

  @Override
  public Result apply(Plan plan) {
    List<Outcome> outcomes = new ArrayList<>();
    ProviderFailure failure = null;
    for (Change c : plan.changes()) {
      if (failure != null) {
        outcomes.add(new Outcome(c, Outcome.Status.NOT_ATTEMPTED, null));
      } else if (c.inPlace()) {
        outcomes.add(new Outcome(c, Outcome.Status.ALREADY_IN_PLACE, null));
      } else if (failOn != null && failOn.api().equals(c.api())) {
        failure = failOn;
        outcomes.add(new Outcome(c, Outcome.Status.FAILED, failOn.code()));
      } else {
        calls.add(c.api() + " " + c.resource() + " " + c.after());
        String key = c.resource() + "#" + c.attribute();
        if (Change.NONE.equals(c.after())) {
          state.remove(key);
        } else {
          state.put(key, c.after());
        }
        outcomes.add(new Outcome(c, Outcome.Status.DONE, null));
      }
    }
    return new Result(plan, outcomes, failure);
  }

  private String get(String resource, String attribute, String absent) {
    return state.getOrDefault(resource + "#" + attribute, absent);
  }

  private static Plan plan(ContainmentAction a, Direction d, Change c) {
    return new Plan(a, d, List.of(c), List.of());
  }

  private static String required(ContainmentAction a, String p) {
    String v = a.parameters().get(p);
    if (v == null) {
      throw ContainmentException.invalid(p, "required");
    }
    return v;
  }
}
