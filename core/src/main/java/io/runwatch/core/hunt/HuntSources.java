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
 * Expands the paths given to a hunt into sources: a named file is always read, whatever its name,
 * its kind told by its first bytes; a folder contributes, at any depth, its JSON files ({@code
 * .json}, {@code .jsonl}, {@code .ndjson}, {@code .jsonc}) and its telemetry files ({@code .log},
 * {@code .xml}), each optionally {@code .gz}.
 */
public final class HuntSources {
  private static final List<String> EXTENSIONS =
      List.of(".json", ".jsonl", ".ndjson", ".jsonc", ".log", ".xml");

  /** The inventory file a folder may carry: telemetry host names to VM ids. */
  public static final String HOST_MAP_NAME = "host-map.csv";

  private HuntSources() {}

  /** The host maps ({@value #HOST_MAP_NAME}) found in the given folders, at any depth. */
  public static List<Path> hostMaps(List<Path> paths) {
    List<Path> maps = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.getFileName().toString().equals(HOST_MAP_NAME))
              .sorted()
              .forEach(maps::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + p, e);
        }
      }
    }
    return maps;
  }

  /**
   * The sources of a hunt: named files auto-detected, folder {@code .log}/{@code .xml} as
   * telemetry.
   */
  public static List<Hunt.Source> sources(List<Path> paths) {
    List<Hunt.Source> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        for (Path f : expand(List.of(p))) {
          out.add(new Hunt.Source(f, isTelemetryName(f), null));
        }
      } else {
        out.add(Hunt.Source.of(p));
      }
    }
    return out;
  }

  static boolean isTelemetryName(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    return name.endsWith(".log") || name.endsWith(".xml");
  }

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
