package io.runwatch.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxMindNetworkLookupTest {
  @TempDir Path dir;

  @Test
  void countryAndAsnFromTwoDatabasesInEitherOrder() {
    try (var lookup =
        MaxMindNetworkLookup.open(List.of(GeoDatabases.asn(dir), GeoDatabases.country(dir)))) {
      assertThat(lookup.lookup("188.166.4.5"))
          .contains(new NetworkInfo("NL", 14061L, "DIGITALOCEAN-ASN"));
      assertThat(lookup.lookup(" 52.94.1.1 ")).contains(new NetworkInfo("US", 16509L, "AMAZON-02"));
      assertThat(lookup.lookup("2600:1f18:aaaa::7"))
          .contains(new NetworkInfo("US", 16509L, "AMAZON-02"));
      assertThat(lookup.files())
          .extracting(p -> p.getFileName().toString())
          .containsExactly("GeoLite2-Country-Test.mmdb", "GeoLite2-ASN-Test.mmdb");
      assertThat(lookup.isConfigured()).isTrue();
    }
  }

  @Test
  void oneDatabaseGivesWhatItKnows() {
    try (var lookup = MaxMindNetworkLookup.open(List.of(GeoDatabases.country(dir)))) {
      assertThat(lookup.lookup("81.2.69.160")).contains(new NetworkInfo("GB", null, null));
    }
    try (var lookup = MaxMindNetworkLookup.open(List.of(GeoDatabases.asn(dir)))) {
      assertThat(lookup.lookup("188.166.4.5"))
          .contains(new NetworkInfo(null, 14061L, "DIGITALOCEAN-ASN"));
    }
  }

  @Test
  void addressesNotInTheDatabaseAndNonLiteralsAreEmpty() {
    try (var lookup =
        MaxMindNetworkLookup.open(List.of(GeoDatabases.country(dir), GeoDatabases.asn(dir)))) {
      assertThat(lookup.lookup("198.51.100.7")).isEmpty();
      assertThat(lookup.lookup("ssm.amazonaws.com")).isEmpty();
      assertThat(lookup.lookup("localhost")).isEmpty();
      assertThat(lookup.lookup("999.1.1.1")).isEmpty();
      assertThat(lookup.lookup("1:2:3")).isEmpty();
      assertThat(lookup.lookup(null)).isEmpty();
    }
  }

  @Test
  void aMissingFileIsATypedErrorNamingIt() {
    Path missing = dir.resolve("GeoLite2-City.mmdb");
    assertThatThrownBy(() -> MaxMindNetworkLookup.open(List.of(missing)))
        .isInstanceOfSatisfying(
            GeoDatabaseException.class, e -> assertThat(e.file()).isEqualTo(missing))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void aFileThatIsNotAMaxMindDatabaseIsATypedErrorNamingIt() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database at all");
    assertThatThrownBy(() -> MaxMindNetworkLookup.open(List.of(junk)))
        .isInstanceOfSatisfying(
            GeoDatabaseException.class, e -> assertThat(e.file()).isEqualTo(junk))
        .hasMessageContaining("junk.mmdb")
        .hasMessageContaining("not a MaxMind DB file");
  }

  @Test
  void aCorruptDataSectionFailsTheLookupWithATypedError() throws Exception {
    MmdbWriter writer =
        new MmdbWriter("GeoLite2-ASN").insert("188.166.0.0/16", MmdbWriter.asn(14061, "X"));
    byte[] db = writer.build();
    // A map claiming 65,821+ pairs where a two-pair map was: the decoder runs off the data.
    db[writer.dataSectionStart()] = (byte) 0xFF;
    db[writer.dataSectionStart() + 1] = (byte) 0xFF;
    Path corrupt = Files.write(dir.resolve("corrupt.mmdb"), db);
    try (var lookup = MaxMindNetworkLookup.open(List.of(corrupt))) {
      assertThatThrownBy(() -> lookup.lookup("188.166.1.1"))
          .isInstanceOfSatisfying(
              GeoDatabaseException.class, e -> assertThat(e.file()).isEqualTo(corrupt))
          .hasMessageContaining("corrupt.mmdb")
          .hasMessageContaining("corrupt record for 188.166.1.1");
    }
  }

  @Test
  void aRecordFieldOfTheWrongTypeNamesTheField() {
    Path db =
        new MmdbWriter("GeoLite2-ASN")
            .insert("188.166.0.0/16", java.util.Map.of("autonomous_system_number", "14061"))
            .write(dir.resolve("strange.mmdb"));
    try (var lookup = MaxMindNetworkLookup.open(List.of(db))) {
      assertThatThrownBy(() -> lookup.lookup("188.166.1.1"))
          .isInstanceOf(GeoDatabaseException.class)
          .hasMessageContaining("strange.mmdb")
          .hasMessageContaining("\"autonomous_system_number\"");
    }
  }

  @Test
  void aDatabaseOfAnotherKindIsRefusedWhenOpened() {
    Path anonymous =
        new MmdbWriter("GeoIP2-Anonymous-IP")
            .insert("10.0.0.0/8", java.util.Map.of("is_anonymous", true))
            .write(dir.resolve("anon.mmdb"));
    assertThatThrownBy(() -> MaxMindNetworkLookup.open(List.of(anonymous)))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageContaining("anon.mmdb")
        .hasMessageContaining("\"database_type\" is \"GeoIP2-Anonymous-IP\"");
  }

  @Test
  void twoDatabasesOfOneRoleAreRefused() {
    Path a = GeoDatabases.country(dir);
    Path b = dir.resolve("copy.mmdb");
    try {
      Files.copy(a, b);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> MaxMindNetworkLookup.open(List.of(a, b)))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageContaining("copy.mmdb")
        .hasMessageContaining("a second country database");
  }

  @Test
  void noneKnowsNothingAndSaysSo() {
    assertThat(NetworkLookup.NONE.lookup("188.166.4.5")).isEmpty();
    assertThat(NetworkLookup.NONE.isConfigured()).isFalse();
  }

  @Test
  void networkInfoDescribesItself() {
    assertThat(new NetworkInfo("nl", 14061L, "DigitalOcean, LLC").describe())
        .isEqualTo("AS14061 DigitalOcean, LLC, NL");
    assertThat(new NetworkInfo(null, 16509L, null).describe()).isEqualTo("AS16509");
    assertThat(new NetworkInfo("US", null, null).describe()).isEqualTo("US");
  }

  @Test
  void theCacheKeepsAtMostItsCapacity() {
    BoundedCache<Integer, Integer> cache = new BoundedCache<>(3);
    int[] computed = {0};
    for (int i = 0; i < 10; i++) {
      cache.get(i, k -> ++computed[0]);
    }
    assertThat(cache.size()).isEqualTo(3);
    cache.get(9, k -> ++computed[0]);
    assertThat(computed[0]).isEqualTo(10);
    cache.get(0, k -> ++computed[0]);
    assertThat(computed[0]).isEqualTo(11);
  }
}
