package io.runwatch.core.geo;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Country and ASN from MaxMind DB files (GeoLite2/GeoIP2 Country or City for the country, GeoLite2
 * ASN or GeoIP2 ISP for the ASN), memory-mapped by MaxMind's reader. One file or two: each file's
 * role comes from its {@code database_type} metadata, not its name, so a renamed file still works
 * and a wrong file (say, an Anonymous-IP database) is refused when opened, not at the first lookup.
 *
 * <p>Results, including "not in the database", are cached per address string ({@link
 * #CACHE_ENTRIES} at most, least recently used evicted): a hunt asks about the same egress
 * addresses over and over.
 *
 * <p>Thread-safe; close it to unmap the files.
 */
public final class MaxMindNetworkLookup implements NetworkLookup, AutoCloseable {
  /** How many addresses' answers are kept. */
  public static final int CACHE_ENTRIES = 65_536;

  private final Database country;
  private final Database asn;
  private final BoundedCache<String, Optional<NetworkInfo>> cache =
      new BoundedCache<>(CACHE_ENTRIES);

  private MaxMindNetworkLookup(Database country, Database asn) {
    this.country = country;
    this.asn = asn;
  }

  /**
   * Opens one or two databases: at most one that knows countries and one that knows ASNs.
   *
   * @throws GeoDatabaseException when a file is missing, unreadable, corrupt, of an unusable type,
   *     or a second database of a role already filled
   */
  public static MaxMindNetworkLookup open(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no geo database given");
    }
    Database country = null;
    Database asn = null;
    List<Database> opened = new ArrayList<>();
    try {
      for (Path f : files) {
        Database db = Database.open(f);
        opened.add(db);
        if (db.role == Role.COUNTRY) {
          if (country != null) {
            throw new GeoDatabaseException(
                f, "a second country database (" + country.file + " is one already)");
          }
          country = db;
        } else {
          if (asn != null) {
            throw new GeoDatabaseException(
                f, "a second ASN database (" + asn.file + " is one already)");
          }
          asn = db;
        }
      }
    } catch (RuntimeException e) {
      opened.forEach(Database::closeQuietly);
      throw e;
    }
    return new MaxMindNetworkLookup(country, asn);
  }

  /** The files in use, country database first. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>(2);
    if (country != null) {
      out.add(country.file);
    }
    if (asn != null) {
      out.add(asn.file);
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<NetworkInfo> lookup(String ip) {
    if (ip == null) {
      return Optional.empty();
    }
    return cache.get(ip.strip(), this::uncached);
  }

  private Optional<NetworkInfo> uncached(String ip) {
    Optional<InetAddress> address = IpLiterals.parse(ip);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    String iso = null;
    if (country != null) {
      Map<?, ?> record = country.record(address.get());
      iso = isoCode(country, record, "country");
      if (iso == null) {
        iso = isoCode(country, record, "registered_country");
      }
    }
    Long number = null;
    String organization = null;
    if (asn != null) {
      Map<?, ?> record = asn.record(address.get());
      if (record != null) {
        number = asn.number(record, "autonomous_system_number");
        organization = asn.text(record, "autonomous_system_organization");
      }
    }
    NetworkInfo info = new NetworkInfo(iso, number, organization);
    return info.isEmpty() ? Optional.empty() : Optional.of(info);
  }

  private static String isoCode(Database db, Map<?, ?> record, String field) {
    if (record == null || record.get(field) == null) {
      return null;
    }
    if (!(record.get(field) instanceof Map<?, ?> sub)) {
      throw db.corrupt(field, "is not a map");
    }
    String code = db.text(sub, field + ".iso_code", sub.get("iso_code"));
    return code != null && code.matches("[A-Za-z]{2}") ? code : null;
  }

  @Override
  public void close() {
    if (country != null) {
      country.closeQuietly();
    }
    if (asn != null) {
      asn.closeQuietly();
    }
  }

  @Override
  public String toString() {
    return "MaxMindNetworkLookup" + files();
  }

  private enum Role {
    COUNTRY,
    ASN
  }

  /** One open file and what it is for. */
  private record Database(Path file, Reader reader, Role role) {
    static Database open(Path file) {
      if (!Files.exists(file)) {
        throw new GeoDatabaseException(file, "no such file");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new GeoDatabaseException(file, "not a readable file");
      }
      Reader reader;
      try {
        reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED);
      } catch (InvalidDatabaseException e) {
        throw new GeoDatabaseException(
            file, "not a MaxMind DB file, or corrupt: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new GeoDatabaseException(file, "cannot read: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new GeoDatabaseException(file, "corrupt: " + e, e);
      }
      try {
        return new Database(file, reader, role(file, reader.getMetadata()));
      } catch (RuntimeException e) {
        try {
          reader.close();
        } catch (IOException ignored) {
          // already failing
        }
        throw e;
      }
    }

    private static Role role(Path file, Metadata m) {
      String type = m.databaseType();
      if (type == null || type.isBlank()) {
        throw new GeoDatabaseException(file, "metadata field \"database_type\" is missing");
      }
      String t = type.toLowerCase(Locale.ROOT);
      if (t.contains("asn") || t.contains("isp")) {
        return Role.ASN;
      }
      if (t.contains("country") || t.contains("city") || t.contains("enterprise")) {
        return Role.COUNTRY;
      }
      throw new GeoDatabaseException(
          file,
          "metadata field \"database_type\" is \""
              + type
              + "\": runwatch uses a Country, City or Enterprise database for countries and an"
              + " ASN or ISP database for AS numbers");
    }

    /** The record for {@code address}, or null when the database has none. */
    Map<?, ?> record(InetAddress address) {
      if (address instanceof Inet6Address && reader.getMetadata().ipVersion() == 4) {
        return null;
      }
      try {
        return reader.get(address, Map.class);
      } catch (IOException e) {
        throw new GeoDatabaseException(file, "corrupt record for " + address.getHostAddress(), e);
      } catch (RuntimeException e) {
        throw new GeoDatabaseException(
            file, "corrupt record for " + address.getHostAddress() + ": " + e, e);
      }
    }

    String text(Map<?, ?> record, String field) {
      return text(record, field, record.get(field));
    }

    String text(Map<?, ?> record, String field, Object value) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof String s)) {
        throw corrupt(field, "is not a string but " + value.getClass().getSimpleName());
      }
      return s;
    }

    Long number(Map<?, ?> record, String field) {
      Object value = record.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Number n) || n.longValue() < 0 || n.longValue() > 0xFFFF_FFFFL) {
        throw corrupt(field, "is not an AS number: " + value);
      }
      return n.longValue();
    }

    GeoDatabaseException corrupt(String field, String message) {
      return new GeoDatabaseException(file, "record field \"" + field + "\" " + message);
    }

    void closeQuietly() {
      try {
        reader.close();
      } catch (IOException ignored) {
        // nothing to do: the mapping goes away with the reader
      }
    }
  }
}
