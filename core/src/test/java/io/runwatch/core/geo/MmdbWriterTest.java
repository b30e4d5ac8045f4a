package io.runwatch.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test writer's output, read by MaxMind's own reader: proves the writer follows the spec. */
class MmdbWriterTest {

  @Test
  void maxMindsReaderReadsTheMetadata() throws Exception {
    byte[] db = new MmdbWriter("GeoLite2-Country").insert("81.2.69.0/24", country("GB")).build();
    try (Reader r = new Reader(new ByteArrayInputStream(db))) {
      var m = r.getMetadata();
      assertThat(m.databaseType()).isEqualTo("GeoLite2-Country");
      assertThat(m.ipVersion()).isEqualTo(6);
      assertThat(m.recordSize()).isEqualTo(24);
      assertThat(m.binaryFormatMajorVersion()).isEqualTo(2);
      assertThat(m.languages()).containsExactly("en");
      assertThat(m.buildEpoch()).isEqualTo(BigInteger.valueOf(1_763_000_000L));
      assertThat(m.description()).containsEntry("en", "runwatch test GeoLite2-Country");
      assertThat(m.nodeCount()).isEqualTo(96 + 24);
    }
  }

  @Test
  void maxMindsReaderFindsIpv4AndIpv6Networks() throws Exception {
    byte[] db =
        new MmdbWriter("GeoLite2-ASN")
            .insert("188.166.0.0/16", MmdbWriter.asn(14061, "DIGITALOCEAN-ASN"))
            .insert("2600:1f00::/24", MmdbWriter.asn(16509, "AMAZON-02"))
            .build();
    try (Reader r = new Reader(new ByteArrayInputStream(db))) {
      Map<String, Object> v4 = get(r, InetAddress.getByName("188.166.10.20"), Map.class);
      assertThat(v4)
          .containsEntry("autonomous_system_number", 14061L)
          .containsEntry("autonomous_system_organization", "DIGITALOCEAN-ASN");
      Map<String, Object> v6 = get(r, InetAddress.getByName("2600:1f18::1"), Map.class);
      assertThat(v6).containsEntry("autonomous_system_number", 16509L);
      assertThat(r.get(InetAddress.getByName("188.167.0.1"), Map.class)).isNull();
      assertThat(r.get(InetAddress.getByName("2a00::1"), Map.class)).isNull();
      assertThat(r.getRecord(InetAddress.getByName("188.166.1.1"), Map.class).network())
          .hasToString("188.166.0.0/16");
    }
  }

  @Test
  void nestedMapsArraysAndLongStringsRoundTrip() throws Exception {
    String longName = "x".repeat(300);
    Map<String, Object> data =
        Map.of(
            "country", Map.of("iso_code", "NL", "names", Map.of("en", longName)),
            "flags", List.of(true, false),
            "ratio", 0.5,
            "big", BigInteger.TWO.pow(40));
    byte[] db = new MmdbWriter("GeoIP2-City").insert("10.0.0.0/8", data).build();
    try (Reader r = new Reader(new ByteArrayInputStream(db))) {
      Map<String, Object> got = get(r, InetAddress.getByName("10.1.2.3"), Map.class);
      assertThat(((Map<?, ?>) got.get("country")).get("names")).isEqualTo(Map.of("en", longName));
      assertThat(got.get("flags")).isEqualTo(List.of(true, false));
      assertThat(got.get("ratio")).isEqualTo(0.5);
      assertThat(got.get("big")).isEqualTo(BigInteger.TWO.pow(40));
    }
  }

  @Test
  void maxMindsReaderRejectsAFileWithoutTheMetadataMarker() {
    byte[] db = new MmdbWriter("GeoLite2-Country").insert("81.2.69.0/24", country("GB")).build();
    byte[] cut = Arrays.copyOf(db, db.length / 2);
    assertThatThrownBy(() -> new Reader(new ByteArrayInputStream(cut)))
        .isInstanceOf(InvalidDatabaseException.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> get(Reader r, InetAddress a, Class<?> type) throws Exception {
    return (Map<String, Object>) r.get(a, type);
  }

  private static Map<String, Object> country(String iso) {
    return MmdbWriter.country(iso);
  }
}
