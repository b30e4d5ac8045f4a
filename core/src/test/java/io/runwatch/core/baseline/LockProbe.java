package io.runwatch.core.baseline;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link FileBaselineStoreTest}: another runwatch process. {@code try DIR}
 * opens the store and exits (0 opened, 3 refused, message on stdout); {@code hold DIR} opens it,
 * prints {@code HOLDING}, and keeps it until its stdin closes.
 */
final class LockProbe {
  private LockProbe() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    try (FileBaselineStore store = FileBaselineStore.open(dir)) {
      if (args[0].equals("hold")) {
        System.out.println("HOLDING " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
          // Hold the lock until the parent closes our stdin.
        }
      } else {
        System.out.println("OPENED " + store.directory());
      }
    } catch (BaselineStoreLockedException e) {
      System.out.println("REFUSED " + e.getMessage());
      System.out.flush();
      System.exit(3);
    }
  }
}
