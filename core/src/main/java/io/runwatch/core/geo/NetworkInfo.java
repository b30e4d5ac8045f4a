package io.runwatch.core.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where an address is: its country and the autonomous system (network operator) announcing it, as a
 * geo/ASN database says. Either part may be unknown (a Country database alone knows no ASN, an ASN
 * database alone no country).
 *
 * @param country ISO 3166-1 alpha-2 code, upper case (e.g. {@code NL}), or {@code null}
 * @param asn the autonomous system number (e.g. {@code 14061}), or {@code null}
 * @param organization the AS's registered organization (e.g. {@code DigitalOcean, LLC}), or null
 */
public record NetworkInfo(String country, Long asn, String organization) {
  public NetworkInfo {
    country =
        country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT);
    if (asn != null && (asn < 0 || asn > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("an AS number is 0..2^32-1, not " + asn);
    }
    organization = organization == null || organization.isBlank() ? null : organization.strip();
  }

  /** Whether the database knew nothing useful about the address. */
  public boolean isEmpty() {
    return country == null && asn == null;
  }

  /** {@code AS14061}, the key an ASN is remembered under in a baseline; null when unknown. */
  public String asnKey() {
    return asn == null ? null : asnKey(asn);
  }

  public static String asnKey(long asn) {
    return "AS" + asn;
  }

  /** {@code AS14061 DigitalOcean, LLC, NL}: what an analyst reads. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (asn != null) {
      parts.add(asnKey() + (organization == null ? "" : " " + organization));
    }
    if (country != null) {
      parts.add(country);
    }
    return parts.isEmpty() ? "unknown network" : String.join(", ", parts);
  }
}
