package io.runwatch.core.detect;

import io.runwatch.core.detect.initiator.FailedThenSucceeded;
import io.runwatch.core.detect.initiator.FirstSeenInitiator;
import io.runwatch.core.detect.initiator.NewSource;
import io.runwatch.core.detect.initiator.NonAdminIdentity;
import io.runwatch.core.detect.initiator.VolumeSpike;
import java.util.List;

/** A group of detectors (see {@link Detectors}): who ran the command, from where, how often. */
final class InitiatorDetectors {
  private InitiatorDetectors() {}

  static List<Detector> all() {
    return List.of(
        new FirstSeenInitiator(),
        new NonAdminIdentity(),
        new NewSource(),
        new VolumeSpike(),
        new FailedThenSucceeded());
  }
}
