package io.runwatch.cli;

/** A command line runwatch cannot act on; reported with exit status 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
