package io.runwatch.aws;

import java.util.function.Supplier;

/**
 * A value built on first use and then reused by every invocation of the warm function: SDK clients
 * and the wired detection are built once, and not at all by a cold start that never needs them.
 */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = factory.get();
          value = v;
        }
      }
    }
    return v;
  }
}
