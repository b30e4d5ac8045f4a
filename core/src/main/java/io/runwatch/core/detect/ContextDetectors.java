package io.runwatch.core.detect;

import io.runwatch.core.detect.context.RecentIdentityChangeDetector;
import java.util.List;

/** A group of detectors (see {@link Detectors}). */
final class ContextDetectors {
  private ContextDetectors() {}

  static List<Detector> all() {
    return List.of(new RecentIdentityChangeDetector());
  }
}
