package io.runwatch.core.detect.initiator;

import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.baseline.Seen;
import io.runwatch.core.geo.NetworkInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What is new about a source's country and ASN for one principal. "New" needs a history to be new
 * against: a profile learned without a geo database (or migrated from baseline format 1) has no
 * countries or ASNs, and then nothing is called new, so the detectors fall back to addresses and
 * networks instead of flagging every source of a principal the first time a database is configured.
 * Likewise a full set ({@link PrincipalProfile#MAX_SET}) cannot tell new from forgotten.
 *
 * @param info the source's country and ASN as the database says
 * @param newCountry the country is known and the principal's history has countries, not this one
 * @param newAsn likewise for the ASN
 * @param asnKnown the ASN is known and in the principal's history
 */
public record GeoNovelty(NetworkInfo info, boolean newCountry, boolean newAsn, boolean asnKnown) {

  public static GeoNovelty of(NetworkInfo info, PrincipalProfile profile) {
    boolean newCountry =
        info.country() != null
            && !profile.countries().isEmpty()
            && profile.countries().size() < PrincipalProfile.MAX_SET
            && !profile.countries().contains(info.country());
    boolean asnKnown = info.asn() != null && profile.asns().contains(info.asnKey());
    boolean newAsn =
        info.asn() != null
            && !profile.asns().isEmpty()
            && profile.asns().size() < PrincipalProfile.MAX_SET
            && !asnKnown;
    return new GeoNovelty(info, newCountry, newAsn, asnKnown);
  }

  public boolean anythingNew() {
    return newCountry || newAsn;
  }

  /** {@code AS14061 DIGITALOCEAN-ASN, NL (new network operator and new country)}. */
  public String whatIsNew() {
    String what =
        newCountry && newAsn
            ? "new network operator and new country"
            : newAsn
                ? "new network operator"
                    + (info.country() == null ? "" : "; country " + info.country() + " is known")
                : "new country" + (asnKnown ? "; " + info.asnKey() + " is known" : "");
    return info.describe() + " (" + what + ")";
  }

  /** {@code US, GB; AS16509 AMAZON-02}: a profile's countries and ASNs, at most five of each. */
  public static String history(PrincipalProfile p) {
    List<String> countries = p.countries().stream().sorted().toList();
    List<String> asns = new ArrayList<>();
    p.asns().stream()
        .sorted()
        .forEach(
            a -> {
              String label = p.asns().seen(a).map(Seen::label).orElse(null);
              asns.add(label == null ? a : a + " " + label);
            });
    if (countries.isEmpty() && asns.isEmpty()) {
      return "no countries or ASNs recorded";
    }
    List<String> parts = new ArrayList<>();
    if (!countries.isEmpty()) {
      parts.add(first(countries));
    }
    if (!asns.isEmpty()) {
      parts.add(first(asns));
    }
    return String.join("; ", parts);
  }

  private static String first(List<String> sorted) {
    return sorted.size() <= 5
        ? String.join(", ", sorted)
        : String.join(", ", sorted.subList(0, 5)) + " and " + (sorted.size() - 5) + " more";
  }
}
