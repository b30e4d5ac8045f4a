package io.runwatch.core.correlate;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One way a cloud's admin-command agent shows up as process starts on a VM, as declared in {@code
 * mechanisms.json}.
 *
 * @param id stable name, lower-case words joined by {@code -}
 * @param cloud the control plane whose agent this is
 * @param operations the operations this is host evidence for; empty exactly when {@code benign}
 * @param benign the agent's own work (self-update, inventory, extension handling), not a command
 * @param join how the evidence is tied to the command
 * @param window how long after the control-plane event the evidence is expected
 * @param description what the agent does on the host, in a sentence or three
 * @param sources public references for the patterns (repo@commit:path or a URL), at least one
 */
public record Mechanism(
    String id,
    Cloud cloud,
    Set<Operation> operations,
    boolean benign,
    JoinKind join,
    Duration window,
    String description,
    List<String> sources) {

  public Mechanism {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(description, "description");
    operations =
        operations == null || operations.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(operations));
    sources = sources == null ? List.of() : List.copyOf(sources);
  }
}
