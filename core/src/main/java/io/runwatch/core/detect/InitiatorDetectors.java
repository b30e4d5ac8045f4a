package io.runwatch.core.detect;

import java.util.List;

/** A group of detectors (see {@link Detectors}). */
final class InitiatorDetectors {
  private InitiatorDetectors() {}

  static List<Detector> all() {
    return List.of();
  }
}
