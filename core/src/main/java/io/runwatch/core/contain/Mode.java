package io.runwatch.core.contain;

import java.util.Locale;
import java.util.Optional;

/**
 * What the responder asks for. Only {@link #EXECUTE} and {@link #ROLLBACK} with a {@code confirm}
 * change anything; without one, {@code rollback} is the dry run of the rollback.
 */
public enum Mode {
  DRY_RUN("dry-run"),
  EXECUTE("execute"),
  ROLLBACK("rollback");

  private final String wire;

  Mode(String wire) {
    this.wire = wire;
  }

  /** The name in requests: {@code dry-run}, {@code execute}, {@code rollback}. */
  public String wire() {
    return wire;
  }

  public static Optional<Mode> fromWire(String s) {
    for (Mode m : values()) {
      if (m.wire.equals(s) || m.name().equals(s.toUpperCase(Locale.ROOT).replace('-', '_'))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public Direction direction() {
    return this == ROLLBACK ? Direction.ROLLBACK : Direction.CONTAIN;
  }
}
