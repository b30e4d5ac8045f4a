package io.runwatch.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The exact JSON strings (keys or values, ASCII case-insensitive) that mark a record as worth a
 * real parse: {@code "ssm.amazonaws.com"}, an Azure operation name, a GCP method name. The splitter
 * already knows where every string starts and ends, so checking a string's length against a table,
 * and only then its bytes, costs almost nothing per record.
 */
final class CandidateTokens {
  private final byte[][][] byLength;
  private final int maxLength;

  CandidateTokens(Collection<String> tokens) {
    int max = 0;
    for (String t : tokens) {
      max = Math.max(max, t.length());
    }
    maxLength = max;
    @SuppressWarnings("unchecked")
    List<byte[]>[] lists = new List[max + 1];
    for (String t : tokens) {
      byte[] lower = t.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      for (byte c : lower) {
        if ((c | 0x20) != c || c == '"' || c == '\\') {
          throw new IllegalArgumentException("tokens hold letters, digits and . / - only: " + t);
        }
      }
      if (lists[lower.length] == null) {
        lists[lower.length] = new ArrayList<>();
      }
      lists[lower.length].add(lower);
    }
    byLength = new byte[max + 1][][];
    for (int i = 0; i <= max; i++) {
      byLength[i] = lists[i] == null ? null : lists[i].toArray(new byte[0][]);
    }
  }

  /** Whether the raw string bytes {@code b[from, to)} (no escapes inside) are a token. */
  boolean matches(byte[] b, int from, int to) {
    int len = to - from;
    if (len > maxLength) {
      return false;
    }
    byte[][] candidates = byLength[len];
    if (candidates == null) {
      return false;
    }
    for (byte[] t : candidates) {
      if (equalsIgnoreCase(b, from, t)) {
        return true;
      }
    }
    return false;
  }

  /** As {@link #matches}, for a string holding escapes such as {@code \/} (rare). */
  boolean matchesEscaped(byte[] b, int from, int to) {
    if (to - from > 6 * (maxLength + 1)) {
      return false;
    }
    byte[] plain = new byte[maxLength + 1];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (n > maxLength) {
        return false;
      }
      byte c = b[i];
      if (c == '\\' && i + 1 < to) {
        byte e = b[++i];
        if (e == 'u' && i + 4 < to) {
          int cp = hex(b, i + 1);
          if (cp < 0 || cp > 0x7f) {
            return false; // no token holds non-ASCII
          }
          plain[n++] = (byte) cp;
          i += 4;
        } else {
          plain[n++] = e; // \/ \" \\ stand for themselves; \n and the like match no token
        }
      } else {
        plain[n++] = c;
      }
    }
    return matches(plain, 0, n);
  }

  private static boolean equalsIgnoreCase(byte[] b, int from, byte[] lowerToken) {
    for (int i = 0; i < lowerToken.length; i++) {
      // |0x20 lower-cases ASCII letters; tokens hold only letters, digits and . / - which it
      // leaves alone, so a mismatch here is a real mismatch.
      if ((b[from + i] | 0x20) != lowerToken[i]) {
        return false;
      }
    }
    return true;
  }

  private static int hex(byte[] b, int at) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(b[at + i], 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
