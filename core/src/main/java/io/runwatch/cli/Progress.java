package io.runwatch.cli;

import io.runwatch.core.hunt.Hunt;
import java.io.PrintStream;

/**
 * "read 12 of 340 files" on stderr while a long hunt runs, only when stderr is a terminal (the
 * launcher says so with {@code -Drunwatch.progress=true}: Java 21 cannot tell by itself), so that
 * piped and redirected output stays clean.
 */
final class Progress implements AutoCloseable {
  private static final long EVERY_MILLIS = 500;

  private final PrintStream err;
  private final Thread thread;

  private Progress(PrintStream err, Thread thread) {
    this.err = err;
    this.thread = thread;
  }

  static Progress start(PrintStream err, Hunt hunt) {
    if (!Boolean.getBoolean("runwatch.progress")) {
      return new Progress(err, null);
    }
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("runwatch-progress")
            .start(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      Thread.sleep(EVERY_MILLIS);
                      long[] p = hunt.progress();
                      err.print("\rrunwatch: read " + p[0] + " of " + p[1] + " files ");
                      err.flush();
                    }
                  } catch (InterruptedException done) {
                    // the hunt finished
                  }
                });
    return new Progress(err, t);
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      err.print("\r\033[K"); // clear the progress line before the summary
      err.flush();
    }
  }
}
