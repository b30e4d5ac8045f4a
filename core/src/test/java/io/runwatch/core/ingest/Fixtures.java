package io.runwatch.core.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the event fixtures under {@code src/test/resources/events}. */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    try {
      return Path.of(Fixtures.class.getResource("/events").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path event(String cloud, String name) {
    return root().resolve(cloud).resolve(name);
  }

  /** Every input fixture (not the goldens, not the READMEs). */
  public static List<Path> all() {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().contains(".expected."))
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
