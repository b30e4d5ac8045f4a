package io.runwatch.core.detect;

import java.util.ArrayList;
import java.util.List;

/** Every detector runwatch runs, in a stable order. */
public final class Detectors {
  private Detectors() {}

  public static List<Detector> all() {
    List<Detector> all = new ArrayList<>();
    all.addAll(InitiatorDetectors.all());
    all.addAll(ScopeDetectors.all());
    all.addAll(ContextDetectors.all());
    return List.copyOf(all);
  }
}
