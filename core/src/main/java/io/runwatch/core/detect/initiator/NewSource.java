package io.runwatch.core.detect.initiator;

import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.baseline.Networks;
import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-NEW-SOURCE}: a known principal runs an admin command from a source address it has never
 * used in this scope.
 *
 * <ul>
 *   <li>Address and its network (the /24 of an IPv4 address, the /48 of an IPv6 one, {@link
 *       Networks#network}) both new to the principal: fires with the default severity (MEDIUM),
 *       private or public.
 *   <li>Only the address new, its network known: LOW for a public address; quiet for a private one
 *       (RFC 1918 or IPv6 unique local: a new host in a known internal network, e.g. a rebuilt
 *       bastion or a CI runner with a fresh address).
 * </ul>
 *
 * <p>A severity override in the policy replaces both. Quiet when the principal has no profile (a
 * principal new in the scope is {@link FirstSeenInitiator}'s finding), when the source is not an IP
 * literal (AWS writes a service name such as {@code ssm.amazonaws.com} for calls a service made),
 * when the address was seen before, and when the profile's address set is full ({@link
 * PrincipalProfile#MAX_SET}: past it the baseline remembers nothing new, so "new" is unknowable).
 *
 * <p>Score: 60 for a new public network, 45 for a new private network, 25 for a new public address
 * in a known network; plus 10 when no principal in the scope has used that network before.
 *
 * <h2>With a geo/ASN database</h2>
 *
 * When the context has a configured {@link io.runwatch.core.geo.NetworkLookup} that knows the
 * address, and the principal's profile has a country/ASN history to compare with ({@link
 * GeoNovelty}), a new address is judged by where it is:
 *
 * <ul>
 *   <li>New country and new ASN: HIGH, score 80.
 *   <li>New ASN in a known country: MEDIUM, score 65. New country within a known ASN (a cloud
 *       provider's other region): MEDIUM, score 60.
 *   <li>Country and ASN both known (a new address of a known operator): as without a database, but
 *       a new network is LOW with score 35 instead of MEDIUM 60 (a new address in a known network
 *       stays LOW 25; private ones quiet).
 * </ul>
 *
 * Plus 10 when nobody in the scope has used that ASN (for the geo cases) or network (otherwise).
 * The reason names what is new and the principal's history within the policy's {@code
 * baselineHistory}. Without a database, or when it does not know the address or the profile has no
 * geo history yet, the rules above the heading apply unchanged.
 */
public final class NewSource implements Detector {
  public static final String ID = "RW-NEW-SOURCE";

  public NewSource() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command from a source address or network new for this principal";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.MEDIUM;
  }

  @Override
  public String falsePositives() {
    return "An admin working from home, a hotel or a new office, a changed VPN egress or ISP"
        + " address, a CI runner or NAT gateway that got a new public address. Benign when the"
        + " address belongs to the organisation's VPN, office or cloud egress ranges, or the"
        + " person confirms their location. With a geo database: travel, a VPN or proxy exiting"
        + " in another country, a new ISP at home, a cloud shell or CI runner in another provider"
        + " or region.";
  }

  @Override
  public String triageNote() {
    return "Look the address up (owner, hosting provider or residential, country) and compare it"
        + " with the principal's usual sources listed in the finding. Check whether the same"
        + " principal signed in or changed credentials from that address recently, and ask the"
        + " person behind it whether they worked from there.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    String ip = c.sourceIp() == null ? null : c.sourceIp().strip();
    String network = Networks.network(ip);
    if (network == null) {
      return Optional.empty();
    }
    Optional<PrincipalProfile> known = context.baseline().principal(c.principal().id());
    if (known.isEmpty()) {
      return Optional.empty();
    }
    PrincipalProfile profile = known.get();
    if (profile.sourceIps().contains(ip)
        || profile.sourceIps().size() >= PrincipalProfile.MAX_SET) {
      return Optional.empty();
    }
    GeoNovelty geo =
        context.networks().isConfigured()
            ? context.networks().lookup(ip).map(i -> GeoNovelty.of(i, profile)).orElse(null)
            : null;
    if (geo != null && geo.anythingNew()) {
      return Optional.of(geoHit(context, ip, network, profile, geo));
    }
    boolean privateAddress = Addresses.isPrivate(ip);
    boolean networkKnown = profile.networks().contains(network);
    if (networkKnown && privateAddress) {
      return Optional.empty();
    }
    boolean knownOperator = geo != null && geo.asnKnown() && !profile.countries().isEmpty();
    boolean networkInScope = context.baseline().account().networks().contains(network);
    int score =
        (networkKnown ? 25 : privateAddress ? 45 : knownOperator ? 35 : 60)
            + (networkInScope ? 0 : 10);
    Severity severity =
        context
            .policy()
            .severityOf(ID, networkKnown || knownOperator ? Severity.LOW : defaultSeverity());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("principal", c.principal().id());
    facts.put("sourceIp", ip);
    facts.put("network", network);
    facts.put("networkKnown", Boolean.toString(networkKnown));
    facts.put("private", Boolean.toString(privateAddress));
    facts.put("networkSeenInScope", Boolean.toString(networkInScope));
    facts.put("usualNetworks", String.join(",", profile.networks().stream().sorted().toList()));
    if (geo != null) {
      geoFacts(facts, geo, profile);
    }
    String reason =
        c.principal().displayName()
            + " ran "
            + NonAdminIdentity.operationName(c)
            + " from "
            + (privateAddress ? "private address " : "")
            + ip
            + (networkKnown
                ? ", a new address in its known network " + network
                : ", in network "
                    + network
                    + " it never used before"
                    + (networkInScope ? "" : " (nor did anyone else in this scope)"))
            + (knownOperator ? " (" + geo.info().describe() + ", known for it)" : "")
            + "; usual networks: "
            + summary(profile);
    return Optional.of(new DetectorHit(ID, severity, score, reason, facts));
  }

  private DetectorHit geoHit(
      DetectionContext context,
      String ip,
      String network,
      PrincipalProfile profile,
      GeoNovelty geo) {
    AdminCommand c = context.command();
    boolean both = geo.newCountry() && geo.newAsn();
    boolean asnInScope =
        geo.info().asn() == null
            || context.baseline().account().asns().contains(geo.info().asnKey());
    int score = (both ? 80 : geo.newAsn() ? 65 : 60) + (asnInScope ? 0 : 10);
    Severity severity = context.policy().severityOf(ID, both ? Severity.HIGH : defaultSeverity());
    long days = new BaselineHistory(context.policy().baselineHistory()).days();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("principal", c.principal().id());
    facts.put("sourceIp", ip);
    facts.put("network", network);
    facts.put("networkKnown", Boolean.toString(profile.networks().contains(network)));
    facts.put("private", Boolean.toString(Addresses.isPrivate(ip)));
    facts.put("asnSeenInScope", Boolean.toString(asnInScope));
    geoFacts(facts, geo, profile);
    String reason =
        c.principal().displayName()
            + " ran "
            + NonAdminIdentity.operationName(c)
            + " from "
            + ip
            + ", its first call from "
            + geo.whatIsNew()
            + (asnInScope ? "" : ", an operator nobody in this scope used before")
            + "; this principal's "
            + days
            + "-day history: "
            + GeoNovelty.history(profile);
    return new DetectorHit(ID, severity, Math.min(100, score), reason, facts);
  }

  private static void geoFacts(Map<String, String> facts, GeoNovelty geo, PrincipalProfile p) {
    if (geo.info().country() != null) {
      facts.put("country", geo.info().country());
    }
    if (geo.info().asn() != null) {
      facts.put("asn", geo.info().asnKey());
    }
    if (geo.info().organization() != null) {
      facts.put("asnOrganization", geo.info().organization());
    }
    facts.put("newCountry", Boolean.toString(geo.newCountry()));
    facts.put("newAsn", Boolean.toString(geo.newAsn()));
    facts.put("usualCountries", String.join(",", p.countries().stream().sorted().toList()));
    facts.put("usualAsns", String.join(",", p.asns().stream().sorted().toList()));
  }

  private static String summary(PrincipalProfile p) {
    var sorted = p.networks().stream().sorted().toList();
    if (sorted.isEmpty()) {
      return "none (only service calls so far)";
    }
    return sorted.size() <= 5
        ? String.join(", ", sorted)
        : String.join(", ", sorted.subList(0, 5)) + " and " + (sorted.size() - 5) + " more";
  }
}
