package io.runwatch.core.contain;

import io.runwatch.core.triage.ContainmentAction;
import java.util.Objects;

/**
 * One containment request, as {@link ContainmentRequestParser} read it:
 *
 * <pre>
 * {"findingId": "...", "action": 2 | "ISOLATE_VM" | {"kind": "...", "parameters": {...}},
 *  "mode": "dry-run" | "execute" | "rollback", "confirm": "plan-..."}
 * </pre>
 *
 * @param findingId the finding whose action is meant; required unless the action is explicit
 * @param confirm the plan id of the dry run being confirmed, or {@code null}
 */
public record ContainmentRequest(String findingId, ActionRef action, Mode mode, String confirm) {
  public ContainmentRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(mode, "mode");
  }

  /** Which action: by position or kind in the finding's list, or spelled out. */
  public sealed interface ActionRef {
    /** What the audit record calls the action before it is resolved. */
    String label();
  }

  /** The finding's action at {@code index} (0-based, as in the finding JSON's array). */
  public record ByIndex(int index) implements ActionRef {
    @Override
    public String label() {
      return "#" + index;
    }
  }

  /** The finding's only action of {@code kind}. */
  public record ByKind(ContainmentAction.Kind kind) implements ActionRef {
    @Override
    public String label() {
      return kind.name();
    }
  }

  /** An action given in full by the responder (still checked against policy). */
  public record Explicit(ContainmentAction action) implements ActionRef {
    @Override
    public String label() {
      return action.kind().name();
    }
  }
}
