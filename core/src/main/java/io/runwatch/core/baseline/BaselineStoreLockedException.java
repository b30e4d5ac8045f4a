package io.runwatch.core.baseline;

import java.nio.file.Path;

/** A {@link FileBaselineStore} directory is already in use by another runwatch. */
public class BaselineStoreLockedException extends BaselineStoreException {
  private final Path directory;

  public BaselineStoreLockedException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
