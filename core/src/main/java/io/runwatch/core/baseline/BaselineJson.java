package io.runwatch.core.baseline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes {@link Baseline}s as runwatch's stored JSON, field by field: the names below are
 * the format, not the Java field names, so renaming a record component cannot corrupt stored
 * baselines. Every key is always written (absent values as {@code null}), sets and maps are sorted
 * so equal baselines give equal text, and reading is strict: a missing, mistyped, duplicated or
 * unknown field is an error naming the source and the field.
 *
 * <pre>{@code
 * {
 *   "formatVersion" : 2,
 *   "version" : 3,                      // only when a store keeps its write version inside
 *   "scope" : "AWS|111122223333",
 *   "commands" : 42,
 *   "learnedUntil" : "2026-11-18T03:05:00Z",        // or null
 *   "account" : { profile of "*" },
 *   "principals" : [ { profile }, ... ],                  // sorted by principal
 *   "initiatorsByVm" : [ { "vm" : "i-0abc", "principals" : [ item, ... ] }, ... ]
 * }
 * profile: { "principal", "firstSeen", "lastSeen" (ISO-8601 or null), "commands",
 *            "vms", "sourceIps", "networks", "documents", "operations", "countries"
 *            (arrays of items), "asns" (arrays of ASN items),
 *            "hours" (24 counts, UTC), "hoursLastSeen" (24 dates or null),
 *            "dailyRate", "currentDay" (epoch day or null), "todayCount" }
 * item:     { "value" : "203.0.113.7", "firstSeen" : "2026-11-01", "lastSeen" : "2026-11-18" }
 * ASN item: { "value" : "AS16509", "organization" : "AMAZON-02" (or null), "firstSeen", "lastSeen" }
 * }</pre>
 *
 * <p>Dates are UTC days ({@link Seen}); items are sorted by value.
 *
 * <h2>Format 1 (read, never written)</h2>
 *
 * Format 1 kept plain string arrays (no dates), no {@code countries}, {@code asns} or {@code
 * hoursLastSeen}. It is migrated on reading: every item, and every hour with a count, is taken as
 * first and last seen on the UTC day of the baseline's {@code learnedUntil} (its last update; the
 * profile's {@code lastSeen} when that is null), so the history window counts from the last learn
 * and nothing is forgotten at once; countries and ASNs start empty. The next write is format 2.
 *
 * <p>Principals and VMs are arrays of objects, not objects keyed by id: ids come from logs, and
 * JSON parsers refuse some strings (a lone surrogate) as keys that they accept as values.
 *
 * <p>{@link #FORMAT_VERSION} changes whenever a field is added, removed or changes meaning; a
 * reader refuses newer versions with a message saying so, rather than silently dropping what it
 * does not know when it writes the baseline back.
 *
 * <p>Surrogate code units are written as {@code \\uXXXX} escapes, so strings from hostile logs (a
 * lone surrogate in a document name) survive the round trip exactly; everything else is UTF-8.
 */
public final class BaselineJson {
  /** The format this runwatch writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 2;

  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .characterEscapes(new SurrogateEscapes())
          .build();
  private static final JsonMapper READER =
      JsonMapper.builder(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final List<String> DOCUMENT_FIELDS =
      List.of(
          "formatVersion",
          "version",
          "scope",
          "commands",
          "learnedUntil",
          "account",
          "principals",
          "initiatorsByVm");
  private static final List<String> PROFILE_FIELDS_V1 =
      List.of(
          "principal",
          "firstSeen",
          "lastSeen",
          "commands",
          "vms",
          "sourceIps",
          "networks",
          "documents",
          "operations",
          "hours",
          "dailyRate",
          "currentDay",
          "todayCount");
  private static final List<String> PROFILE_FIELDS =
      List.of(
          "principal",
          "firstSeen",
          "lastSeen",
          "commands",
          "vms",
          "sourceIps",
          "networks",
          "documents",
          "operations",
          "countries",
          "asns",
          "hours",
          "hoursLastSeen",
          "dailyRate",
          "currentDay",
          "todayCount");
  private static final List<String> ITEM_FIELDS = List.of("value", "firstSeen", "lastSeen");
  private static final List<String> ASN_ITEM_FIELDS =
      List.of("value", "organization", "firstSeen", "lastSeen");

  private BaselineJson() {}

  /** The baseline alone, for stores that keep their write version outside the JSON. */
  public static String write(Baseline baseline) {
    return write(baseline, 0);
  }

  /** The baseline with the store's write version ({@code >= 1}) inside. */
  public static String write(Versioned versioned) {
    if (versioned.version() < 1) {
      throw new IllegalArgumentException("a stored version is >= 1: " + versioned.version());
    }
    return write(versioned.baseline(), versioned.version());
  }

  /**
   * Reads a baseline; a {@code version} field, if present, is ignored.
   *
   * @param source where the JSON came from, for error messages
   * @throws BaselineFormatException when the JSON is not a baseline this runwatch can read
   */
  public static Baseline read(String json, String source) {
    return document(json, source).baseline;
  }

  /**
   * Reads a baseline written by {@link #write(Versioned)}.
   *
   * @throws BaselineFormatException when the JSON is not one, or lacks the version
   */
  public static Versioned readVersioned(String json, String source) {
    Document d = document(json, source);
    if (d.version == null) {
      throw new BaselineFormatException(source, "missing field \"version\"");
    }
    return new Versioned(d.baseline, d.version);
  }

  // ---------------------------------------------------------------- writing

  private static String write(Baseline b, long version) {
    if (b.scope() == null) {
      throw new IllegalArgumentException("a baseline needs a scope");
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("formatVersion", FORMAT_VERSION);
      if (version > 0) {
        g.writeNumberField("version", version);
      }
      g.writeStringField("scope", b.scope());
      g.writeNumberField("commands", b.commands());
      writeInstant(g, "learnedUntil", b.learnedUntil());
      g.writeFieldName("account");
      writeProfile(g, b.account());
      g.writeArrayFieldStart("principals");
      for (var e : new TreeMap<>(b.principals()).entrySet()) {
        if (!e.getKey().equals(e.getValue().principal())) {
          throw new IllegalArgumentException(
              "principal " + e.getKey() + " has the profile of " + e.getValue().principal());
        }
        writeProfile(g, e.getValue());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("initiatorsByVm");
      for (var e : new TreeMap<>(b.initiatorsByVm()).entrySet()) {
        g.writeStartObject();
        g.writeStringField("vm", e.getKey());
        writeSightings(g, "principals", e.getValue(), false);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing baseline " + b.scope(), e);
    }
    return out.append('\n').toString();
  }

  private static void writeProfile(JsonGenerator g, PrincipalProfile p) throws IOException {
    if (p == null || p.principal() == null) {
      throw new IllegalArgumentException("a profile needs a principal");
    }
    if (p.hours().length != 24) {
      throw new IllegalArgumentException(p.principal() + ": hours must have 24 entries");
    }
    if (!Double.isFinite(p.dailyRate())) {
      throw new IllegalArgumentException(p.principal() + ": daily rate " + p.dailyRate());
    }
    g.writeStartObject();
    g.writeStringField("principal", p.principal());
    writeInstant(g, "firstSeen", p.firstSeen());
    writeInstant(g, "lastSeen", p.lastSeen());
    g.writeNumberField("commands", p.commands());
    writeSightings(g, "vms", p.vms(), false);
    writeSightings(g, "sourceIps", p.sourceIps(), false);
    writeSightings(g, "networks", p.networks(), false);
    writeSightings(g, "documents", p.documents(), false);
    writeSightings(g, "operations", p.operations(), false);
    writeSightings(g, "countries", p.countries(), false);
    writeSightings(g, "asns", p.asns(), true);
    g.writeArrayFieldStart("hours");
    for (int h : p.hours()) {
      g.writeNumber(h);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("hoursLastSeen");
    for (long d : p.hoursLastDay()) {
      if (d == PrincipalProfile.NEVER) {
        g.writeNull();
      } else {
        g.writeString(LocalDate.ofEpochDay(d).toString());
      }
    }
    g.writeEndArray();
    g.writeNumberField("dailyRate", p.dailyRate());
    if (p.currentDay() == Long.MIN_VALUE) {
      g.writeNullField("currentDay");
    } else {
      g.writeNumberField("currentDay", p.currentDay());
    }
    g.writeNumberField("todayCount", p.todayCount());
    g.writeEndObject();
  }

  private static void writeInstant(JsonGenerator g, String name, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, t.toString());
    }
  }

  private static void writeSightings(
      JsonGenerator g, String name, Sightings values, boolean organization) throws IOException {
    g.writeArrayFieldStart(name);
    for (String s : values.stream().sorted().toList()) {
      Seen seen = values.asMap().get(s);
      g.writeStartObject();
      g.writeStringField("value", s);
      if (organization) {
        g.writeStringField("organization", seen.label());
      }
      g.writeStringField("firstSeen", LocalDate.ofEpochDay(seen.firstDay()).toString());
      g.writeStringField("lastSeen", LocalDate.ofEpochDay(seen.lastDay()).toString());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  // ---------------------------------------------------------------- reading

  private record Document(Baseline baseline, Long version) {}

  private static Document document(String json, String source) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BaselineFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BaselineFormatException(source, "not a JSON object");
    }
    Fields f = new Fields(source, "", root);
    // The format version first: a newer runwatch may have changed everything else.
    JsonNode fv = root.get("formatVersion");
    if (fv == null || !fv.isIntegralNumber() || !fv.canConvertToInt() || fv.intValue() < 1) {
      throw new BaselineFormatException(
          source, "missing or invalid \"formatVersion\" (not a runwatch baseline?)");
    }
    if (fv.intValue() > FORMAT_VERSION) {
      throw new BaselineFormatException(
          source,
          "written by a newer runwatch (baseline format "
              + fv.intValue()
              + "; this runwatch reads up to format "
              + FORMAT_VERSION
              + "): upgrade runwatch, or use another state directory");
    }
    int format = fv.intValue();
    f.onlyKnown(DOCUMENT_FIELDS);
    Long version = null;
    if (root.has("version")) {
      version = f.count("version");
      if (version < 1) {
        throw new BaselineFormatException(source, "\"version\" must be >= 1, was " + version);
      }
    }
    String scope = f.string("scope");
    long commands = f.count("commands");
    Instant learnedUntil = f.instant("learnedUntil");
    Long migrationDay = learnedUntil == null ? null : BaselineHistory.day(learnedUntil);
    PrincipalProfile account = profile(f.child("account"), format, migrationDay);
    Map<String, PrincipalProfile> byId = new HashMap<>();
    List<Fields> principals = f.objects("principals");
    for (Fields p : principals) {
      PrincipalProfile profile = profile(p, format, migrationDay);
      if (byId.put(profile.principal(), profile) != null) {
        throw p.error("principal", "appears twice: " + profile.principal());
      }
    }
    Map<String, Sightings> initiators = new HashMap<>();
    for (Fields vm : f.objects("initiatorsByVm")) {
      vm.onlyKnown(List.of("vm", "principals"));
      String id = vm.string("vm");
      Sightings who =
          format == 1
              ? Sightings.allSeenOn(
                  vm.strings("principals"), migrationDay == null ? 0 : migrationDay)
              : vm.sightings("principals", false);
      if (initiators.put(id, who) != null) {
        throw vm.error("vm", "appears twice: " + id);
      }
    }
    return new Document(
        new Baseline(scope, byId, initiators, account, commands, learnedUntil), version);
  }

  /**
   * @param migrationDay for format 1, the day every item is taken as seen on (null: the profile's
   *     last-seen day)
   */
  private static PrincipalProfile profile(Fields f, int format, Long migrationDay) {
    f.onlyKnown(format == 1 ? PROFILE_FIELDS_V1 : PROFILE_FIELDS);
    Fields hoursField = f.array("hours");
    if (hoursField.node.size() != 24) {
      throw f.error("hours", "must have 24 entries, has " + hoursField.node.size());
    }
    int[] hours = new int[24];
    for (int i = 0; i < 24; i++) {
      JsonNode h = hoursField.node.get(i);
      if (!h.isIntegralNumber() || !h.canConvertToInt() || h.intValue() < 0) {
        throw f.error("hours", "entry " + i + " is not a count: " + h);
      }
      hours[i] = h.intValue();
    }
    JsonNode rate = f.required("dailyRate");
    if (!rate.isNumber() || !Double.isFinite(rate.doubleValue()) || rate.doubleValue() < 0) {
      throw f.error("dailyRate", "not a non-negative number: " + rate);
    }
    JsonNode day = f.required("currentDay");
    long currentDay;
    if (day.isNull()) {
      currentDay = Long.MIN_VALUE;
    } else if (day.isIntegralNumber() && day.canConvertToLong()) {
      currentDay = day.longValue();
    } else {
      throw f.error("currentDay", "not an epoch day or null: " + day);
    }
    String principal = f.string("principal");
    Instant firstSeen = f.instant("firstSeen");
    Instant lastSeen = f.instant("lastSeen");
    long commands = f.count("commands");
    long todayCount = f.count("todayCount");
    if (format == 1) {
      long seenOn =
          migrationDay != null
              ? migrationDay
              : lastSeen == null ? 0 : BaselineHistory.day(lastSeen);
      long[] hoursLastDay = new long[24];
      for (int i = 0; i < 24; i++) {
        hoursLastDay[i] = hours[i] > 0 ? seenOn : PrincipalProfile.NEVER;
      }
      return new PrincipalProfile(
          principal,
          firstSeen,
          lastSeen,
          commands,
          Sightings.allSeenOn(f.strings("vms"), seenOn),
          Sightings.allSeenOn(f.strings("sourceIps"), seenOn),
          Sightings.allSeenOn(f.strings("networks"), seenOn),
          Sightings.allSeenOn(f.strings("documents"), seenOn),
          Sightings.allSeenOn(f.strings("operations"), seenOn),
          Sightings.NONE,
          Sightings.NONE,
          hours,
          hoursLastDay,
          rate.doubleValue(),
          currentDay,
          todayCount);
    }
    Fields lastSeenField = f.array("hoursLastSeen");
    if (lastSeenField.node.size() != 24) {
      throw f.error("hoursLastSeen", "must have 24 entries, has " + lastSeenField.node.size());
    }
    long[] hoursLastDay = new long[24];
    for (int i = 0; i < 24; i++) {
      JsonNode d = lastSeenField.node.get(i);
      if (d.isNull()) {
        hoursLastDay[i] = PrincipalProfile.NEVER;
      } else {
        hoursLastDay[i] = f.date("hoursLastSeen", d, "entry " + i);
      }
    }
    return new PrincipalProfile(
        principal,
        firstSeen,
        lastSeen,
        commands,
        f.sightings("vms", false),
        f.sightings("sourceIps", false),
        f.sightings("networks", false),
        f.sightings("documents", false),
        f.sightings("operations", false),
        f.sightings("countries", false),
        f.sightings("asns", true),
        hours,
        hoursLastDay,
        rate.doubleValue(),
        currentDay,
        todayCount);
  }

  /** One JSON object being read, with the path that names it in error messages. */
  private record Fields(String source, String path, JsonNode node) {
    String where(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    BaselineFormatException error(String field, String message) {
      return new BaselineFormatException(source, "field \"" + where(field) + "\": " + message);
    }

    void onlyKnown(List<String> known) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!known.contains(name)) {
          throw error(name, "unknown field (written by a newer or different program?)");
        }
      }
    }

    JsonNode required(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        throw new BaselineFormatException(source, "missing field \"" + where(field) + "\"");
      }
      return v;
    }

    Fields child(String field) {
      JsonNode v = required(field);
      if (!v.isObject()) {
        throw error(field, "not an object");
      }
      return new Fields(source, where(field), v);
    }

    List<Fields> objects(String field) {
      Fields a = array(field);
      List<Fields> out = new ArrayList<>(a.node.size());
      for (int i = 0; i < a.node.size(); i++) {
        JsonNode o = a.node.get(i);
        String at = where(field) + "[" + i + "]";
        if (!o.isObject()) {
          throw new BaselineFormatException(source, "field \"" + at + "\": not an object");
        }
        out.add(new Fields(source, at, o));
      }
      return out;
    }

    Fields array(String field) {
      JsonNode v = required(field);
      if (!v.isArray()) {
        throw error(field, "not an array");
      }
      return new Fields(source, where(field), v);
    }

    String string(String field) {
      JsonNode v = required(field);
      if (!v.isTextual()) {
        throw error(field, "not a string");
      }
      return v.textValue();
    }

    long count(String field) {
      JsonNode v = required(field);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw error(field, "not a count: " + v);
      }
      return v.longValue();
    }

    Instant instant(String field) {
      JsonNode v = required(field);
      if (v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw error(field, "not an ISO-8601 instant or null");
      }
      try {
        return Instant.parse(v.textValue());
      } catch (DateTimeParseException e) {
        throw error(field, "not an ISO-8601 instant: " + v.textValue());
      }
    }

    /** A format-2 array of items, each {@code {value, [organization,] firstSeen, lastSeen}}. */
    Sightings sightings(String field, boolean organization) {
      List<Fields> items = objects(field);
      Map<String, Seen> out = new HashMap<>();
      for (Fields item : items) {
        item.onlyKnown(organization ? ASN_ITEM_FIELDS : ITEM_FIELDS);
        String value = item.string("value");
        String label = null;
        if (organization) {
          JsonNode o = item.required("organization");
          if (!o.isNull() && !o.isTextual()) {
            throw item.error("organization", "not a string or null");
          }
          label = o.isNull() ? null : o.textValue();
        }
        long first = item.date("firstSeen", item.required("firstSeen"), null);
        long last = item.date("lastSeen", item.required("lastSeen"), null);
        if (last < first) {
          throw item.error("lastSeen", "is before firstSeen");
        }
        if (out.put(value, new Seen(first, last, label)) != null) {
          throw item.error("value", "appears twice: " + value);
        }
      }
      if (out.size() > PrincipalProfile.MAX_SET) {
        throw error(field, "holds more than " + PrincipalProfile.MAX_SET + " items");
      }
      return Sightings.of(out);
    }

    /** A {@code yyyy-mm-dd} date as an epoch day. */
    long date(String field, JsonNode v, String entry) {
      String what = entry == null ? "" : entry + " ";
      if (!v.isTextual()) {
        throw error(field, what + "is not a date (yyyy-mm-dd): " + v);
      }
      try {
        return LocalDate.parse(v.textValue()).toEpochDay();
      } catch (DateTimeParseException e) {
        throw error(field, what + "is not a date (yyyy-mm-dd): " + v.textValue());
      }
    }

    Set<String> strings(String field) {
      Fields a = array(field);
      List<String> out = new ArrayList<>(a.node.size());
      for (JsonNode s : a.node) {
        if (!s.isTextual()) {
          throw error(field, "holds a non-string: " + s);
        }
        out.add(s.textValue());
      }
      Set<String> set = new HashSet<>(out);
      if (set.size() != out.size()) {
        throw error(field, "holds duplicates");
      }
      return set;
    }
  }

  /** Escapes surrogate code units, so lone ones survive; everything else is left to UTF-8. */
  private static final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }
}
