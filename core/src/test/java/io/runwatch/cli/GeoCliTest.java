package io.runwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.geo.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --geoip}: countries and ASNs learned into baselines and judged in the demo week. */
class GeoCliTest {
  private static final String DEMO = Path.of("..", "infra", "demo").toString();
  @TempDir Path dir;

  /** The demo's addresses: the office and cloud ranges in the US, the attacker's in NL. */
  private Path[] databases() {
    Path country =
        new MmdbWriter("GeoLite2-Country")
            .insert("198.51.100.0/24", MmdbWriter.country("US"))
            .insert("192.0.2.0/24", MmdbWriter.country("US"))
            .insert("203.0.113.0/24", MmdbWriter.country("NL"))
            .write(dir.resolve("country.mmdb"));
    Path asn =
        new MmdbWriter("GeoLite2-ASN")
            .insert("198.51.100.0/24", MmdbWriter.asn(16509, "AMAZON-02"))
            .insert("192.0.2.0/24", MmdbWriter.asn(16509, "AMAZON-02"))
            .insert("203.0.113.0/24", MmdbWriter.asn(14061, "DIGITALOCEAN-ASN"))
            .write(dir.resolve("asn.mmdb"));
    return new Path[] {country, asn};
  }

  @Test
  void learnRemembersCountriesAndAsns() throws IOException {
    Path[] db = databases();
    Path state = dir.resolve("state");
    HuntCommandTest.Run learn =
        HuntCommandTest.run(
            "learn",
            "--state",
            state.toString(),
            "--geoip",
            db[0].toString(),
            "--geoip",
            db[1].toString(),
            DEMO);
    assertThat(learn.exit()).as(learn.err()).isZero();
    String stored;
    try (Stream<Path> files = Files.walk(state)) {
      stored =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .map(GeoCliTest::read)
              .reduce("", String::concat);
    }
    assertThat(stored)
        .contains("\"formatVersion\" : 2")
        .contains("\"value\" : \"AS16509\"")
        .contains("\"organization\" : \"AMAZON-02\"")
        .contains("\"value\" : \"US\"");
  }

  @Test
  void huntNamesTheNewCountryAndOperatorOfTheAttack() throws IOException {
    Path[] db = databases();
    HuntCommandTest.Run r =
        HuntCommandTest.run(
            "hunt",
            "--format",
            "json",
            "--learn-until",
            "2026-11-18",
            "--geoip",
            db[0].toString(),
            "--geoip",
            db[1].toString(),
            DEMO);
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> findings = r.ofType("finding");
    assertThat(findings.toString()).contains("first call from AS14061 DIGITALOCEAN-ASN, NL");
  }

  @Test
  void aMissingDatabaseIsAUsageErrorNamingIt() {
    Path missing = dir.resolve("GeoLite2-City.mmdb");
    HuntCommandTest.Run r = HuntCommandTest.run("hunt", "--geoip", missing.toString(), DEMO);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(missing.toString()).contains("no such file");
  }

  @Test
  void aCorruptDatabaseIsAUsageErrorNamingIt() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "GIF89a");
    HuntCommandTest.Run r =
        HuntCommandTest.run(
            "learn", "--state", dir.resolve("s").toString(), "--geoip", junk.toString(), DEMO);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("junk.mmdb").contains("not a MaxMind DB file");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
