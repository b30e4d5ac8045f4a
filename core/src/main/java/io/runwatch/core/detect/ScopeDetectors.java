package io.runwatch.core.detect;

import io.runwatch.core.detect.scope.FanOutDetector;
import io.runwatch.core.detect.scope.NotMaterializedDetector;
import io.runwatch.core.detect.scope.OutsideWindowDetector;
import io.runwatch.core.detect.scope.StagingDetector;
import io.runwatch.core.detect.scope.SuspiciousContentDetector;
import java.util.List;

/** A group of detectors (see {@link Detectors}): when, where and what ran. */
final class ScopeDetectors {
  private ScopeDetectors() {}

  static List<Detector> all() {
    return List.of(
        new OutsideWindowDetector(),
        new FanOutDetector(),
        new SuspiciousContentDetector(),
        new NotMaterializedDetector(),
        new StagingDetector());
  }
}
