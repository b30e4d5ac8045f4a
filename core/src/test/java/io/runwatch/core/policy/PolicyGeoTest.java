package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runwatch.core.policy.PolicyException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's {@code geo} key: which MaxMind databases give countries and ASNs. */
class PolicyGeoTest {
  @TempDir Path dir;

  @Test
  void noGeoKeyMeansNoDatabases() {
    assertThat(PolicyLoader.parse("version: 1\n", "p.yaml").geoDatabases()).isEmpty();
    assertThat(Policy.defaults().geoDatabases()).isEmpty();
  }

  @Test
  void parsedDatabasesAreKeptAsWritten() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            geo:
              databases: [geo/GeoLite2-City.mmdb, /var/lib/GeoIP/GeoLite2-ASN.mmdb]
            """,
            "p.yaml");
    assertThat(p.geoDatabases())
        .containsExactly(
            Path.of("geo/GeoLite2-City.mmdb"), Path.of("/var/lib/GeoIP/GeoLite2-ASN.mmdb"));
  }

  @Test
  void aLoadedPolicyResolvesDatabasesNextToItselfAndChecksThemToExist() throws IOException {
    Files.createDirectories(dir.resolve("geo"));
    Files.writeString(dir.resolve("geo/GeoLite2-Country.mmdb"), "x");
    Files.writeString(dir.resolve("GeoLite2-ASN.mmdb"), "x");
    Path policy =
        Files.writeString(
            dir.resolve("policy.yaml"),
            """
            version: 1
            geo:
              databases:
                - geo/GeoLite2-Country.mmdb
                - ./GeoLite2-ASN.mmdb
            """);

    assertThat(PolicyLoader.load(policy).geoDatabases())
        .containsExactly(
            dir.toAbsolutePath().resolve("geo/GeoLite2-Country.mmdb"),
            dir.toAbsolutePath().resolve("GeoLite2-ASN.mmdb"));
  }

  @Test
  void aMissingDatabaseIsAProblemWithItsLine() throws IOException {
    Path policy =
        Files.writeString(
            dir.resolve("policy.yaml"),
            """
            version: 1
            geo:
              databases:
                - GeoLite2-City.mmdb
            """);

    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(policy));

    assertThat(e.problems())
        .containsExactly(
            new Problem(
                policy.toString(),
                4,
                7,
                "geo.databases[0]",
                "no such file: " + dir.toAbsolutePath().resolve("GeoLite2-City.mmdb")));
  }

  @Test
  void shapeProblemsAreNamedWithLineAndField() {
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class,
            () ->
                PolicyLoader.parse(
                    """
                    version: 1
                    geo:
                      database: GeoLite2-City.mmdb
                    """,
                    "p.yaml"));
    assertThat(e.getMessage())
        .startsWith(
            "p.yaml line 3, column 3: geo.database: unknown key (did you mean \"databases\"?)");

    e =
        catchThrowableOfType(
            PolicyException.class,
            () ->
                PolicyLoader.parse(
                    "version: 1\ngeo:\n  databases: [a.mmdb, b.mmdb, c.mmdb]\n", "p.yaml"));
    assertThat(e.getMessage())
        .isEqualTo(
            "p.yaml line 3, column 14: geo.databases: lists 3 files: at most two (a Country or"
                + " City database and an ASN database)");

    e =
        catchThrowableOfType(
            PolicyException.class,
            () ->
                PolicyLoader.parse("version: 1\ngeo:\n  databases: [a.mmdb, a.mmdb]\n", "p.yaml"));
    assertThat(e.problems())
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("geo.databases[1]", "\"a.mmdb\" is listed twice"));

    e =
        catchThrowableOfType(
            PolicyException.class, () -> PolicyLoader.parse("version: 1\ngeo: x.mmdb\n", "p.yaml"));
    assertThat(e.problems()).extracting(Problem::field).isEqualTo(List.of("geo"));
  }
}
