package io.runwatch.core.policy;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.VmRef;
import java.util.List;
import java.util.Set;

/**
 * Automation allowed to run admin commands: who, which operations and documents, where, and in
 * which maintenance windows. Inside its scope it must raise nothing above informational.
 *
 * @param documents globs over document or run command names; empty for any
 * @param operations the operations allowed; empty for any
 * @param targets globs over VM ids, names or selectors; empty for any
 * @param windows names of the maintenance windows it must run in; empty for any time
 */
public record ApprovedAutomation(
    String name,
    PrincipalMatcher principal,
    List<String> documents,
    Set<Operation> operations,
    List<String> targets,
    List<String> windows) {

  public ApprovedAutomation {
    documents = List.copyOf(documents);
    operations = Set.copyOf(operations);
    targets = List.copyOf(targets);
    windows = List.copyOf(windows);
  }

  /** Whether {@code c} is this automation's principal, whatever it ran. */
  public boolean isPrincipalOf(AdminCommand c) {
    return principal.matches(c.cloud(), c.account(), c.principal());
  }

  /** Whether {@code c} is within this automation's declared operations, documents and targets. */
  public boolean allows(AdminCommand c) {
    if (!isPrincipalOf(c)) {
      return false;
    }
    if (!operations.isEmpty() && !operations.contains(c.operation())) {
      return false;
    }
    if (!documents.isEmpty()
        && documents.stream().noneMatch(d -> PrincipalMatcher.Globs.matches(d, c.document()))) {
      return false;
    }
    if (!targets.isEmpty()) {
      for (String glob : targets) {
        boolean selector = PrincipalMatcher.Globs.matches(glob, c.targetSelector());
        boolean allVms =
            !c.targets().isEmpty()
                && c.targets().stream()
                    .allMatch(
                        (VmRef vm) ->
                            PrincipalMatcher.Globs.matches(glob, vm.id())
                                || PrincipalMatcher.Globs.matches(glob, vm.name()));
        if (selector || allVms) {
          return true;
        }
      }
      return false;
    }
    return true;
  }
}
