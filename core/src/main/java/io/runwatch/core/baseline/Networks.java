package io.runwatch.core.baseline;

import java.util.Set;

/**
 * The network of an address for "new network" logic without a geo database: the /24 of an IPv4
 * address, the /48 of an IPv6 one. Service names (AWS writes {@code ssm.amazonaws.com} as the
 * source of service calls) have no network.
 */
public final class Networks {
  private Networks() {}

  public static Set<String> of(String address) {
    String n = network(address);
    return n == null ? Set.of() : Set.of(n);
  }

  public static String network(String address) {
    if (address == null) {
      return null;
    }
    String a = address.strip();
    if (a.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return a.substring(0, a.lastIndexOf('.')) + ".0/24";
    }
    if (a.indexOf(':') > 0 && a.matches("[0-9a-fA-F:]+")) {
      String[] groups = expand(a);
      return groups == null ? null : String.join(":", groups[0], groups[1], groups[2]) + "::/48";
    }
    return null;
  }

  private static String[] expand(String v6) {
    String[] halves = v6.split("::", -1);
    if (halves.length > 2) {
      return null;
    }
    String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
    String[] tail =
        halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
    int missing = 8 - head.length - tail.length;
    if (missing < 0 || (halves.length == 1 && missing != 0)) {
      return null;
    }
    String[] out = new String[8];
    for (int i = 0; i < 8; i++) {
      String g =
          i < head.length ? head[i] : i >= 8 - tail.length ? tail[i - (8 - tail.length)] : "0";
      out[i] = Integer.toHexString(Integer.parseInt(g.isEmpty() ? "0" : g, 16));
    }
    return out;
  }
}
