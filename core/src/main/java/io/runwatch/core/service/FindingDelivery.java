package io.runwatch.core.service;

import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.port.FindingNotifier.NotificationException;
import io.runwatch.core.port.FindingStore;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.Finding;
import java.time.Clock;
import java.time.Duration;

/**
 * Stores a finding, then tells the SOC: in that order, so a finding is never announced and lost.
 * The store's create-once write makes redelivery safe: a finding already notified is left alone, a
 * finding stored by a delivery whose notification failed is notified now. A notification that keeps
 * failing fails the invocation (the platform retries, then parks the event in its dead-letter
 * queue): nothing is dropped.
 */
final class FindingDelivery {
  /** What happened to one finding. */
  enum Delivered {
    NOTIFIED,
    ALREADY_NOTIFIED,
    STORED_BELOW_THRESHOLD
  }

  private final FindingStore store;
  private final FindingNotifier notifier;
  private final FunctionSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Pauses between attempts; a seam so tests do not wait. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  FindingDelivery(
      FindingStore store,
      FindingNotifier notifier,
      FunctionSettings settings,
      Clock clock,
      Sleeper sleeper) {
    this.store = store;
    this.notifier = notifier;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  Delivered deliver(Finding f) {
    FindingStore.Put put = store.putIfAbsent(f, FindingJson.toJson(f), clock.instant());
    if (put == FindingStore.Put.ALREADY_NOTIFIED) {
      return Delivered.ALREADY_NOTIFIED;
    }
    if (!f.severity().atLeast(settings.minSeverity())) {
      return Delivered.STORED_BELOW_THRESHOLD;
    }
    publishWithRetries(f);
    store.markNotified(f.id(), clock.instant());
    return Delivered.NOTIFIED;
  }

  private void publishWithRetries(Finding f) {
    Duration pause = settings.notifyBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        notifier.publish(f);
        return;
      } catch (NotificationException e) {
        if (!e.retryable() || attempt >= settings.notifyAttempts()) {
          throw new NotificationFailedException(f.id(), attempt, e);
        }
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotificationFailedException(f.id(), attempt, e);
      }
      pause = pause.multipliedBy(2);
    }
  }
}
