package io.runwatch.core.detect.initiator;

import io.runwatch.core.baseline.Networks;

/** Address classification for the source detectors, without a geo or ASN database. */
final class Addresses {
  private Addresses() {}

  /**
   * Whether {@code address} is an IP literal in a private range: RFC 1918 ({@code 10/8}, {@code
   * 172.16/12}, {@code 192.168/16}) or an IPv6 unique local address ({@code fc00::/7}). Service
   * names and malformed addresses are not private.
   */
  static boolean isPrivate(String address) {
    String network = Networks.network(address);
    if (network == null) {
      return false;
    }
    if (network.endsWith("/24")) {
      String[] octets = network.split("\\.");
      int a = Integer.parseInt(octets[0]);
      int b = Integer.parseInt(octets[1]);
      return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
    }
    int first = Integer.parseInt(network.substring(0, network.indexOf(':')), 16);
    return (first & 0xfe00) == 0xfc00;
  }
}
