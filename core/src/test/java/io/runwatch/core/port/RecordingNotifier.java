package io.runwatch.core.port;

import io.runwatch.core.triage.Finding;
import java.util.ArrayList;
import java.util.List;

/** A {@link FindingNotifier} that keeps what it was given and can be told to fail. */
public final class RecordingNotifier implements FindingNotifier {
  private final List<Finding> published = new ArrayList<>();
  private int failuresLeft;

  /** The next {@code n} publishes throw a retryable {@link NotificationException}. */
  public RecordingNotifier failNext(int n) {
    failuresLeft = n;
    return this;
  }

  @Override
  public synchronized void publish(Finding finding) {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new NotificationException("simulated outage", true, null);
    }
    published.add(finding);
  }

  public synchronized List<Finding> published() {
    return List.copyOf(published);
  }
}
