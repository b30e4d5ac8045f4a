package io.runwatch.aws.logs;

import java.time.Duration;

/** Waits between polls and retries; tests replace it to run without real waits. */
@FunctionalInterface
public interface Pause {
  void sleep(Duration d) throws InterruptedException;

  /** Really waits. */
  Pause THREAD = d -> Thread.sleep(d.toMillis());
}
