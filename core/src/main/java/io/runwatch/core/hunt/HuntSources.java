package io.runwatch.core.hunt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Expands the paths given to a hunt into files: a named file is always read, whatever its name; a
 * folder contributes its log files ({@code .json}, {@code .jsonl}, {@code .ndjson}, {@code .jsonc},
 * each optionally {@code .gz}) at any depth.
 */
public final class HuntSources {
  private static final List<String> EXTENSIONS = List.of(".json", ".jsonl", ".ndjson", ".jsonc");

  private HuntSources() {}

  public static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(HuntSources::isLogFile)
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + p, e);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }

  static boolean isLogFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    for (String ext : EXTENSIONS) {
      if (name.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  /** Largest first, so that parallel workers finish together. */
  static List<Path> largestFirst(List<Path> files) {
    List<Path> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(HuntSources::sizeOrZero).reversed());
    return sorted;
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
