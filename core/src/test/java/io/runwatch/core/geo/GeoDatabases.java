package io.runwatch.core.geo;

import java.nio.file.Path;

/** The tiny Country and ASN databases the tests share, written by {@link MmdbWriter}. */
public final class GeoDatabases {
  private GeoDatabases() {}

  /** US for Amazon's 52.94.0.0/16 and 2600:1f00::/24, NL for DigitalOcean's 188.166.0.0/16. */
  public static Path country(Path dir) {
    return new MmdbWriter("GeoLite2-Country")
        .insert("52.94.0.0/16", MmdbWriter.country("US"))
        .insert("188.166.0.0/16", MmdbWriter.country("NL"))
        .insert("2600:1f00::/24", MmdbWriter.country("US"))
        .insert("81.2.69.0/24", MmdbWriter.country("GB"))
        .write(dir.resolve("GeoLite2-Country-Test.mmdb"));
  }

  /** AS16509 Amazon for 52.94.0.0/16 and 2600:1f00::/24, AS14061 DigitalOcean for 188.166/16. */
  public static Path asn(Path dir) {
    return new MmdbWriter("GeoLite2-ASN")
        .insert("52.94.0.0/16", MmdbWriter.asn(16509, "AMAZON-02"))
        .insert("188.166.0.0/16", MmdbWriter.asn(14061, "DIGITALOCEAN-ASN"))
        .insert("2600:1f00::/24", MmdbWriter.asn(16509, "AMAZON-02"))
        .write(dir.resolve("GeoLite2-ASN-Test.mmdb"));
  }
}
