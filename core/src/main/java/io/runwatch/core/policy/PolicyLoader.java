package io.runwatch.core.policy;

import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.PolicyException.Problem;
import io.runwatch.core.policy.YamlTree.Entry;
import io.runwatch.core.policy.YamlTree.MapNode;
import io.runwatch.core.policy.YamlTree.Mark;
import io.runwatch.core.policy.YamlTree.Node;
import io.runwatch.core.policy.YamlTree.Scalar;
import io.runwatch.core.policy.YamlTree.SeqNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a policy file (YAML, schema in {@code core/POLICY.md}) into a {@link Policy}, or says
 * exactly what is wrong with it.
 *
 * <p>Every problem names the file, the line and column, and the field: {@code policy.yaml line 12,
 * column 15: maintenanceWindows[1].duration: "2 hours" is not an ISO-8601 duration (e.g. PT2H)}.
 * All problems found are reported at once ({@link PolicyException#problems()}), in document order.
 * Unknown keys are errors, so that a typo cannot silently switch a rule off. An empty document (no
 * content, only comments, or {@code ~}) gives {@link Policy#defaults()}.
 */
public final class PolicyLoader {
  /** The schema version this loader reads. */
  public static final int VERSION = 1;

  /** Windows must be shorter than this. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Pattern DETECTOR_ID = Pattern.compile("RW(-[A-Z0-9]+)+");
  private static final Pattern AWS_ACCOUNT = Pattern.compile("[0-9]{12}");

  private static final List<String> TOP_KEYS =
      List.of(
          "version",
          "baselineHistory",
          "admins",
          "approvedAutomation",
          "maintenanceWindows",
          "protectedPrincipals",
          "thresholds",
          "severityOverrides",
          "geo");
  private static final List<String> GEO_KEYS = List.of("databases");
  private static final List<String> PRINCIPAL_KEYS = List.of("pattern", "cloud", "account");
  private static final List<String> AUTOMATION_KEYS =
      List.of("name", "principal", "operations", "documents", "targets", "windows");
  private static final List<String> WINDOW_KEYS =
      List.of("name", "schedule", "duration", "timeZone", "accounts", "targets");
  private static final List<String> THRESHOLD_KEYS =
      List.of(
          "fanOut",
          "spikeFactor",
          "spikeMinimum",
          "failedAttempts",
          "failedThenSuccessWindow",
          "stagingWindow",
          "identityChangeWindow");

  private PolicyLoader() {}

  /**
   * Reads the policy file at {@code path}; {@code null} (no policy given) gives {@link
   * Policy#defaults()}. A path that does not exist is an error, not the defaults: a mistyped path
   * must not silently drop the policy. Severity overrides are checked against the registered
   * detectors ({@link Detectors#all()}) when any are registered.
   *
   * @throws PolicyException when the file cannot be read or is not a valid policy
   */
  public static Policy load(Path path) {
    return load(path, registeredDetectorIds());
  }

  /**
   * As {@link #load(Path)}, checking severity overrides against {@code detectorIds} (when not
   * empty).
   */
  public static Policy load(Path path, Set<String> detectorIds) {
    if (path == null) {
      return Policy.defaults();
    }
    String source = path.toString();
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem(source, "no such file", e);
    } catch (CharacterCodingException e) {
      throw fileProblem(source, "not UTF-8 text", e);
    } catch (IOException e) {
      throw fileProblem(source, "cannot read: " + e.getMessage(), e);
    }
    Path folder = path.toAbsolutePath().getParent();
    return parse(text, source, detectorIds, folder);
  }

  /**
   * Reads a policy from {@code yaml}; {@code sourceName} names it in messages.
   *
   * @throws PolicyException when it is not a valid policy
   */
  public static Policy parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, registeredDetectorIds());
  }

  /**
   * As {@link #parse(String, String)}, checking severity overrides against {@code detectorIds}
   * (when not empty; ids are always checked for the {@code RW-...} form).
   */
  public static Policy parse(String yaml, String sourceName, Set<String> detectorIds) {
    return parse(yaml, sourceName, detectorIds, null);
  }

  /**
   * @param folder where relative paths (geo databases) are resolved and checked to exist; {@code
   *     null} keeps them as written, unchecked
   */
  private static Policy parse(
      String yaml, String sourceName, Set<String> detectorIds, Path folder) {
    String source = sourceName == null || sourceName.isBlank() ? "policy" : sourceName;
    if (yaml == null) {
      return Policy.defaults();
    }
    List<Problem> problems = new ArrayList<>();
    Node root = YamlTree.read(yaml, source, problems);
    if (root == null && problems.isEmpty()) {
      return Policy.defaults();
    }
    Binder b = new Binder(source, problems, Set.copyOf(detectorIds), folder);
    Policy policy = root == null ? null : b.policy(root);
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
      throw new PolicyException(sorted);
    }
    return policy;
  }

  private static Set<String> registeredDetectorIds() {
    return Detectors.all().stream().map(Detector::id).collect(Collectors.toUnmodifiableSet());
  }

  private static PolicyException fileProblem(String source, String message, Exception cause) {
    return new PolicyException(List.of(new Problem(source, 0, 0, "", message)), cause);
  }

  /** Binds the located tree to the model, collecting problems instead of stopping at the first. */
  private static final class Binder {
    private final String source;
    private final List<Problem> problems;
    private final Set<String> detectorIds;
    private final Path folder;

    Binder(String source, List<Problem> problems, Set<String> detectorIds, Path folder) {
      this.source = source;
      this.problems = problems;
      this.detectorIds = detectorIds;
      this.folder = folder;
    }

    Policy policy(Node root) {
      if (!(root instanceof MapNode top)) {
        error(
            root.at(),
            "",
            "a policy is a mapping of keys ("
                + String.join(", ", TOP_KEYS)
                + "), not "
                + root.describe());
        return null;
      }
      keys(top, "", TOP_KEYS);

      Node version = value(top, "version");
      if (version == null) {
        error(top.at(), "version", "is required: write \"version: " + VERSION + "\" at the top");
      } else {
        Integer v = integer(version, "version", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (v != null && v != VERSION) {
          error(
              version.at(),
              "version",
              v + " is not supported: this runwatch reads version " + VERSION);
        }
      }

      Duration history = Duration.ofDays(30);
      Node h = present(value(top, "baselineHistory"));
      if (h != null) {
        Duration d = duration(h, "baselineHistory", Duration.ofDays(366), false, "P30D");
        if (d != null && d.compareTo(Duration.ofDays(1)) < 0) {
          error(h.at(), "baselineHistory", d + " is shorter than a day (P1D)");
        } else if (d != null) {
          history = d;
        }
      }

      List<PrincipalMatcher> admins = principals(value(top, "admins"), "admins");
      List<PrincipalMatcher> protectedPrincipals =
          principals(value(top, "protectedPrincipals"), "protectedPrincipals");
      List<MaintenanceWindow> windows = windows(value(top, "maintenanceWindows"));
      Set<String> windowNames =
          windows.stream().map(MaintenanceWindow::name).collect(Collectors.toSet());
      Set<String> declared = declaredNames(value(top, "maintenanceWindows"));
      List<ApprovedAutomation> automation =
          automation(value(top, "approvedAutomation"), windowNames, declared);
      Thresholds thresholds = thresholds(value(top, "thresholds"));
      Map<String, Severity> overrides = overrides(value(top, "severityOverrides"));
      List<Path> geoDatabases = geo(value(top, "geo"));
      if (!problems.isEmpty()) {
        return null;
      }
      return new Policy(
          admins,
          automation,
          windows,
          protectedPrincipals,
          thresholds,
          overrides,
          history,
          geoDatabases);
    }

    // ---- geo databases ----------------------------------------------------------------------

    /** {@code geo: {databases: [Country-or-City.mmdb, ASN.mmdb]}}: one or two distinct files. */
    List<Path> geo(Node n) {
      List<Path> out = new ArrayList<>();
      if (n == null || n instanceof Scalar s && s.isNull()) {
        return out;
      }
      if (!(n instanceof MapNode m)) {
        error(
            n.at(),
            "geo",
            "must be a mapping with databases (e.g. databases: [GeoLite2-Country.mmdb,"
                + " GeoLite2-ASN.mmdb]), not "
                + n.describe());
        return out;
      }
      keys(m, "geo", GEO_KEYS);
      String p = "geo.databases";
      Node listNode = value(m, "databases");
      List<Node> items = list(listNode, p);
      if (items.size() > 2) {
        error(
            listNode.at(),
            p,
            "lists "
                + items.size()
                + " files: at most two (a Country or City database and an ASN database)");
        return out;
      }
      for (int i = 0; i < items.size(); i++) {
        String q = itemPath(listNode, p, i);
        String name = string(items.get(i), q);
        if (name == null) {
          continue;
        }
        Path file;
        try {
          file = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
          error(items.get(i).at(), q, quote(name) + " is not a file path");
          continue;
        }
        if (folder != null) {
          file = folder.resolve(file).normalize();
          if (!Files.isRegularFile(file)) {
            error(items.get(i).at(), q, "no such file: " + file);
            continue;
          }
        }
        if (out.contains(file)) {
          error(items.get(i).at(), q, quote(name) + " is listed twice");
          continue;
        }
        out.add(file);
      }
      return out;
    }

    // ---- principals -----------------------------------------------------------------------

    List<PrincipalMatcher> principals(Node n, String path) {
      List<PrincipalMatcher> out = new ArrayList<>();
      List<Node> items = list(n, path);
      for (int i = 0; i < items.size(); i++) {
        PrincipalMatcher m = principal(items.get(i), itemPath(n, path, i));
        if (m != null) {
          out.add(m);
        }
      }
      return out;
    }

    PrincipalMatcher principal(Node n, String path) {
      if (n instanceof Scalar) {
        String pattern = string(n, path);
        return pattern == null ? null : new PrincipalMatcher(null, null, pattern);
      }
      if (!(n instanceof MapNode m)) {
        error(
            n.at(),
            path,
            "must be a principal pattern or a mapping with pattern (and optional cloud, account),"
                + " not "
                + n.describe());
        return null;
      }
      keys(m, path, PRINCIPAL_KEYS);
      String pattern = required(m, path, "pattern", this::string);
      Cloud cloud = optional(m, path, "cloud", (v, p) -> enumValue(v, p, Cloud.class));
      String account = optional(m, path, "account", this::string);
      if (cloud == Cloud.AWS && account != null && !AWS_ACCOUNT.matcher(account).matches()) {
        error(
            value(m, "account").at(),
            path + ".account",
            quote(account) + " is not an AWS account id (12 digits, e.g. \"111122223333\")");
        return null;
      }
      if (pattern == null) {
        return null;
      }
      return new PrincipalMatcher(cloud, account, pattern);
    }

    // ---- maintenance windows --------------------------------------------------------------

    /** The names as written, valid or not, so references to a broken window are not doubled. */
    Set<String> declaredNames(Node n) {
      Set<String> names = new HashSet<>();
      if (n instanceof SeqNode s) {
        for (Node item : s.items()) {
          if (item instanceof MapNode m
              && value(m, "name") instanceof Scalar sc
              && sc.text() != null) {
            names.add(sc.text());
          }
        }
      }
      return names;
    }

    List<MaintenanceWindow> windows(Node n) {
      String path = "maintenanceWindows";
      List<MaintenanceWindow> out = new ArrayList<>();
      Map<String, String> seen = new HashMap<>();
      List<Node> items = list(n, path);
      for (int i = 0; i < items.size(); i++) {
        String p = path + "[" + i + "]";
        Node item = items.get(i);
        if (!(item instanceof MapNode m)) {
          error(
              item.at(),
              p,
              "a maintenance window is a mapping (name, schedule, duration, timeZone, accounts,"
                  + " targets), not "
                  + item.describe());
          continue;
        }
        keys(m, p, WINDOW_KEYS);
        String name = required(m, p, "name", this::string);
        unique(name, m, p, seen);
        Schedule schedule = required(m, p, "schedule", this::schedule);
        Duration duration =
            required(m, p, "duration", (v, q) -> duration(v, q, MAX_WINDOW, true, "PT2H"));
        Node zoneNode = present(value(m, "timeZone"));
        ZoneId zone = zoneNode == null ? null : zone(zoneNode, p + ".timeZone");
        List<String> accounts = strings(value(m, "accounts"), p + ".accounts");
        List<String> targets = strings(value(m, "targets"), p + ".targets");
        if (schedule instanceof RRuleSchedule r && r.declaredZone().isPresent()) {
          ZoneId declared = r.declaredZone().get();
          if (zone == null && zoneNode == null) {
            zone = declared;
          } else if (zone != null && !zone.normalized().equals(declared.normalized())) {
            error(
                zoneNode.at(),
                p + ".timeZone",
                zone
                    + " differs from the schedule's DTSTART zone "
                    + declared
                    + ": give the zone once");
            continue;
          }
        }
        if (zone == null && zoneNode == null) {
          zone = UTC;
        }
        if (name != null && schedule != null && duration != null && zone != null) {
          out.add(new MaintenanceWindow(name, schedule, duration, zone, accounts, targets));
        }
      }
      return out;
    }

    Schedule schedule(Node n, String path) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      try {
        return Schedules.parse(text);
      } catch (ScheduleException e) {
        error(n.at(), path, quote(text) + ": " + e.getMessage());
        return null;
      }
    }

    ZoneId zone(Node n, String path) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        error(
            n.at(),
            path,
            quote(text)
                + " is not a time zone id (an IANA zone such as Europe/Berlin or"
                + " America/New_York, or UTC)");
        return null;
      }
    }

    // ---- approved automation --------------------------------------------------------------

    List<ApprovedAutomation> automation(Node n, Set<String> windowNames, Set<String> declared) {
      String path = "approvedAutomation";
      List<ApprovedAutomation> out = new ArrayList<>();
      Map<String, String> seen = new HashMap<>();
      List<Node> items = list(n, path);
      for (int i = 0; i < items.size(); i++) {
        String p = path + "[" + i + "]";
        Node item = items.get(i);
        if (!(item instanceof MapNode m)) {
          error(
              item.at(),
              p,
              "approved automation is a mapping (name, principal, operations, documents, targets,"
                  + " windows), not "
                  + item.describe());
          continue;
        }
        keys(m, p, AUTOMATION_KEYS);
        String name = required(m, p, "name", this::string);
        unique(name, m, p, seen);
        PrincipalMatcher principal = required(m, p, "principal", this::principal);
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        Node opsNode = value(m, "operations");
        List<Node> ops = list(opsNode, p + ".operations");
        boolean ok = true;
        for (int j = 0; j < ops.size(); j++) {
          String q = itemPath(opsNode, p + ".operations", j);
          Operation op = enumValue(ops.get(j), q, Operation.class);
          if (op == null) {
            ok = false;
            continue;
          }
          if (principal != null && principal.cloud() != null && op.cloud() != principal.cloud()) {
            error(
                ops.get(j).at(),
                q,
                op
                    + " is an "
                    + op.cloud()
                    + " operation but the principal is limited to "
                    + principal.cloud()
                    + ": it could never match");
            ok = false;
            continue;
          }
          operations.add(op);
        }
        List<String> documents = strings(value(m, "documents"), p + ".documents");
        List<String> targets = strings(value(m, "targets"), p + ".targets");
        List<String> windows = new ArrayList<>();
        Node refsNode = value(m, "windows");
        List<Node> refs = list(refsNode, p + ".windows");
        for (int j = 0; j < refs.size(); j++) {
          String q = itemPath(refsNode, p + ".windows", j);
          String ref = string(refs.get(j), q);
          if (ref == null) {
            ok = false;
          } else if (!windowNames.contains(ref)) {
            ok = false;
            if (!declared.contains(ref)) {
              error(
                  refs.get(j).at(),
                  q,
                  "no maintenance window named "
                      + quote(ref)
                      + suggestion(ref, declared)
                      + (declared.isEmpty()
                          ? " (maintenanceWindows declares none)"
                          : " (declared: " + String.join(", ", sorted(declared)) + ")"));
            }
          } else {
            windows.add(ref);
          }
        }
        if (ok && name != null && principal != null) {
          out.add(new ApprovedAutomation(name, principal, documents, operations, targets, windows));
        }
      }
      return out;
    }

    // ---- thresholds and overrides ---------------------------------------------------------

    Thresholds thresholds(Node n) {
      Thresholds d = Thresholds.DEFAULTS;
      if (n == null || n instanceof Scalar s && s.isNull()) {
        return d;
      }
      if (!(n instanceof MapNode m)) {
        error(
            n.at(),
            "thresholds",
            "must be a mapping of " + String.join(", ", THRESHOLD_KEYS) + ", not " + n.describe());
        return d;
      }
      String p = "thresholds";
      keys(m, p, THRESHOLD_KEYS);
      Integer fanOut = optional(m, p, "fanOut", (v, q) -> integer(v, q, 1, 100_000));
      Double spikeFactor = optional(m, p, "spikeFactor", (v, q) -> decimal(v, q, 1.0, 1000.0));
      Integer spikeMinimum = optional(m, p, "spikeMinimum", (v, q) -> integer(v, q, 1, 1_000_000));
      Integer failedAttempts = optional(m, p, "failedAttempts", (v, q) -> integer(v, q, 1, 1000));
      Duration failedWindow =
          optional(
              m,
              p,
              "failedThenSuccessWindow",
              (v, q) -> duration(v, q, Duration.ofDays(7), false, "PT1H"));
      Duration staging =
          optional(
              m, p, "stagingWindow", (v, q) -> duration(v, q, Duration.ofDays(30), false, "PT24H"));
      Duration identity =
          optional(
              m,
              p,
              "identityChangeWindow",
              (v, q) -> duration(v, q, Duration.ofDays(30), false, "PT24H"));
      return new Thresholds(
          fanOut != null ? fanOut : d.fanOut(),
          spikeFactor != null ? spikeFactor : d.spikeFactor(),
          spikeMinimum != null ? spikeMinimum : d.spikeMinimum(),
          failedAttempts != null ? failedAttempts : d.failedAttempts(),
          failedWindow != null ? failedWindow : d.failedThenSuccessWindow(),
          staging != null ? staging : d.stagingWindow(),
          identity != null ? identity : d.identityChangeWindow());
    }

    Map<String, Severity> overrides(Node n) {
      Map<String, Severity> out = new LinkedHashMap<>();
      if (n == null || n instanceof Scalar s && s.isNull()) {
        return out;
      }
      if (!(n instanceof MapNode m)) {
        error(
            n.at(),
            "severityOverrides",
            "must be a mapping of detector id to severity (e.g. RW-FAN-OUT: HIGH), not "
                + n.describe());
        return out;
      }
      for (Entry e : m.entries().values()) {
        String p = "severityOverrides." + e.key();
        if (!DETECTOR_ID.matcher(e.key()).matches()) {
          error(e.keyAt(), p, "is not a detector id (RW-..., upper case, e.g. RW-FAN-OUT)");
          continue;
        }
        if (!detectorIds.isEmpty() && !detectorIds.contains(e.key())) {
          error(
              e.keyAt(),
              p,
              "no detector has this id"
                  + suggestion(e.key(), detectorIds)
                  + " (detectors: "
                  + String.join(", ", sorted(detectorIds))
                  + ")");
          continue;
        }
        Severity s = enumValue(e.value(), p, Severity.class);
        if (s != null) {
          out.put(e.key(), s);
        }
      }
      return out;
    }

    // ---- scalars --------------------------------------------------------------------------

    String string(Node n, String path) {
      if (!(n instanceof Scalar s)) {
        error(n.at(), path, "must be a single value, not " + n.describe());
        return null;
      }
      if (s.isNull() || s.text().isBlank()) {
        error(n.at(), path, "is empty");
        return null;
      }
      // A block scalar (| or >) ends with a line break; that is YAML, not a typo.
      String text = s.text().replaceAll("[\\r\\n]+$", "");
      if (!text.equals(text.strip())) {
        error(n.at(), path, quote(text) + " has leading or trailing spaces");
        return null;
      }
      return text;
    }

    Integer integer(Node n, String path, int min, int max) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      long v;
      try {
        v = Long.parseLong(text.replace("_", ""));
      } catch (NumberFormatException e) {
        error(n.at(), path, quote(text) + " is not a whole number");
        return null;
      }
      if (v < min || v > max) {
        error(n.at(), path, v + " is out of range (" + min + " to " + max + ")");
        return null;
      }
      return (int) v;
    }

    Double decimal(Node n, String path, double min, double max) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      double v;
      try {
        v = Double.parseDouble(text.replace("_", ""));
      } catch (NumberFormatException e) {
        error(n.at(), path, quote(text) + " is not a number");
        return null;
      }
      if (!(v >= min && v <= max)) {
        error(n.at(), path, text + " is out of range (" + min + " to " + max + ")");
        return null;
      }
      return v;
    }

    /**
     * A positive ISO-8601 duration, at most {@code max} (or shorter than {@code max} when {@code
     * maxExclusive}).
     */
    Duration duration(Node n, String path, Duration max, boolean maxExclusive, String example) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      Duration d;
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        error(n.at(), path, quote(text) + " is not an ISO-8601 duration (e.g. " + example + ")");
        return null;
      }
      if (d.isNegative() || d.isZero()) {
        error(n.at(), path, text + " is not positive");
        return null;
      }
      if (maxExclusive ? d.compareTo(max) >= 0 : d.compareTo(max) > 0) {
        error(
            n.at(),
            path,
            text
                + " is "
                + describe(d)
                + ": it must be "
                + (maxExclusive ? "shorter than " : "at most ")
                + describe(max));
        return null;
      }
      return d;
    }

    <E extends Enum<E>> E enumValue(Node n, String path, Class<E> type) {
      String text = string(n, path);
      if (text == null) {
        return null;
      }
      String wanted = text.toUpperCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(wanted)) {
          return e;
        }
      }
      List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
      error(
          n.at(),
          path,
          quote(text)
              + " is not one of "
              + String.join(", ", names)
              + suggestion(wanted, Set.copyOf(names)));
      return null;
    }

    /** A list of non-empty strings; absent or empty gives an empty list. */
    List<String> strings(Node n, String path) {
      List<String> out = new ArrayList<>();
      List<Node> items = list(n, path);
      for (int i = 0; i < items.size(); i++) {
        String s = string(items.get(i), itemPath(n, path, i));
        if (s != null) {
          out.add(s);
        }
      }
      return out;
    }

    /** {@code path[i]}, or {@code path} for a lone value standing for a list of one. */
    static String itemPath(Node list, String path, int i) {
      return list instanceof SeqNode ? path + "[" + i + "]" : path;
    }

    /** The items of a list; a lone value counts as a list of one; absent or empty gives none. */
    List<Node> list(Node n, String path) {
      if (n == null || n instanceof Scalar s && s.isNull()) {
        return List.of();
      }
      if (n instanceof SeqNode s) {
        return s.items();
      }
      if (n instanceof Scalar) {
        return List.of(n);
      }
      error(n.at(), path, "must be a list (e.g. [a, b] or one \"- item\" a line), not a mapping");
      return List.of();
    }

    // ---- mappings -------------------------------------------------------------------------

    /** {@code n}, or {@code null} when it is absent or empty ({@code key:} or {@code key: ~}). */
    static Node present(Node n) {
      return n instanceof Scalar s && s.isNull() ? null : n;
    }

    static Node value(MapNode m, String key) {
      Entry e = m.entries().get(key);
      return e == null ? null : e.value();
    }

    interface Reader<T> {
      T read(Node n, String path);
    }

    <T> T required(MapNode m, String path, String key, Reader<T> reader) {
      Node v = value(m, key);
      String p = path.isEmpty() ? key : path + "." + key;
      if (v == null) {
        error(m.at(), p, "is required");
        return null;
      }
      return reader.read(v, p);
    }

    <T> T optional(MapNode m, String path, String key, Reader<T> reader) {
      Node v = present(value(m, key));
      if (v == null) {
        return null;
      }
      return reader.read(v, path.isEmpty() ? key : path + "." + key);
    }

    void keys(MapNode m, String path, List<String> allowed) {
      for (Entry e : m.entries().values()) {
        if (!allowed.contains(e.key())) {
          error(
              e.keyAt(),
              path.isEmpty() ? e.key() : path + "." + e.key(),
              "unknown key"
                  + suggestion(e.key(), Set.copyOf(allowed))
                  + "; allowed here: "
                  + String.join(", ", allowed));
        }
      }
    }

    void unique(String name, MapNode m, String path, Map<String, String> seen) {
      if (name == null) {
        return;
      }
      String previous = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
      if (previous != null) {
        error(
            value(m, "name").at(),
            path + ".name",
            quote(name) + " is already the name of " + previous + " (names must be unique)");
      }
    }

    void error(Mark at, String field, String message) {
      problems.add(new Problem(source, at.line(), at.column(), field, message));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** {@code 7 days}, {@code 2 hours}, or the ISO form when it is not whole days or hours. */
  private static String describe(Duration d) {
    if (d.toHours() % 24 == 0
        && d.toHoursPart() == 0
        && d.toMinutesPart() == 0
        && d.toSecondsPart() == 0
        && d.toNanosPart() == 0) {
      long days = d.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    if (d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0) {
      long hours = d.toHours();
      return hours + (hours == 1 ? " hour" : " hours");
    }
    return d.toString();
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  /** {@code " (did you mean "x"?)"} for the closest candidate, when one is close. */
  static String suggestion(String wrong, Set<String> candidates) {
    Function<String, Integer> distance =
        c -> editDistance(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
    return candidates.stream()
        .filter(
            c ->
                distance.apply(c) <= Math.max(2, c.length() / 4)
                    || Math.min(c.length(), wrong.length()) >= 3
                        && (c.toLowerCase(Locale.ROOT).startsWith(wrong.toLowerCase(Locale.ROOT))
                            || wrong
                                .toLowerCase(Locale.ROOT)
                                .startsWith(c.toLowerCase(Locale.ROOT))))
        .min(Comparator.comparing(distance).thenComparing(Comparator.naturalOrder()))
        .map(c -> " (did you mean " + quote(c) + "?)")
        .orElse("");
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
