package io.runwatch.core.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Turns an IP literal into an {@link InetAddress} without ever asking DNS: {@link
 * InetAddress#getByName} would resolve anything that is not a literal, and a log's source field is
 * attacker-controlled text.
 */
final class IpLiterals {
  private IpLiterals() {}

  /** The address of a dotted IPv4 literal or a plain IPv6 literal (no zone, no embedded IPv4). */
  static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    byte[] bytes = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}")) {
        return null;
      }
      int v = Integer.parseInt(parts[i]);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] ipv6(String s) {
    if (!s.matches("[0-9a-fA-F:]{2,39}")) {
      return null;
    }
    String[] halves = s.split("::", -1);
    if (halves.length > 2) {
      return null;
    }
    String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
    String[] tail =
        halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":", -1) : new String[0];
    int missing = 8 - head.length - tail.length;
    if (missing < 0
        || (halves.length == 1 && missing != 0)
        || (halves.length == 2 && missing < 1)) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      String g =
          i < head.length ? head[i] : i >= 8 - tail.length ? tail[i - (8 - tail.length)] : "0";
      if (g.isEmpty() || g.length() > 4) {
        return null;
      }
      int v = Integer.parseInt(g, 16);
      out[2 * i] = (byte) (v >>> 8);
      out[2 * i + 1] = (byte) v;
    }
    return out;
  }
}
