package io.runwatch.core.baseline;

/**
 * A baseline store could not do its job: I/O failed, a stored baseline is unreadable, or learning
 * gave up after too many conflicting writes. The message says which file or scope.
 */
public class BaselineStoreException extends RuntimeException {
  public BaselineStoreException(String message) {
    super(message);
  }

  public BaselineStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
