package io.runwatch.core.geo;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A lookup from a fixed table of networks ({@code 188.166.0.0/16} or a single address), for tests
 * and detector fixtures that need a geo database without a file. The longest matching prefix wins.
 */
public final class FixedNetworkLookup implements NetworkLookup {
  private final Map<String, NetworkInfo> networks = new LinkedHashMap<>();

  public FixedNetworkLookup with(String cidr, NetworkInfo info) {
    networks.put(cidr, info);
    return this;
  }

  @Override
  public Optional<NetworkInfo> lookup(String ip) {
    Optional<InetAddress> address = IpLiterals.parse(ip);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    byte[] a = address.get().getAddress();
    NetworkInfo best = null;
    int bestLength = -1;
    for (var e : networks.entrySet()) {
      String[] parts = e.getKey().split("/");
      byte[] n = IpLiterals.parse(parts[0]).orElseThrow().getAddress();
      int length = parts.length == 2 ? Integer.parseInt(parts[1]) : n.length * 8;
      if (n.length == a.length && length > bestLength && matches(a, n, length)) {
        best = e.getValue();
        bestLength = length;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean matches(byte[] a, byte[] n, int length) {
    for (int i = 0; i < length; i++) {
      int bit = 7 - i % 8;
      if (((a[i / 8] >>> bit) & 1) != ((n[i / 8] >>> bit) & 1)) {
        return false;
      }
    }
    return true;
  }
}
