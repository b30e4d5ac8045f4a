package io.runwatch.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The exact JSON strings (keys or values, ASCII case-insensitive) that mark a record as worth a
 * real parse: {@code "ssm.amazonaws.com"} together with {@code "SendCommand"}, an Azure operation
 * name, a GCP method name. The splitter already knows where every string starts and ends, so
 * checking a string's length against a table, and only then its bytes, costs almost nothing per
 * record.
 *
 * <p>Tokens come in groups, one bit each: a record is a candidate when, for some parser, it holds a
 * token of every one of that parser's groups (at most 64 groups in all).
 */
final class CandidateTokens {
  private final byte[][][] byLength;
  private final long[][] masksByLength;
  // Per length, which (lower-cased) first and last bytes any token has: most strings whose length
  // matches a token fail these two bit tests before any byte-by-byte comparison.
  private final long[][] firstBytes;
  private final long[][] lastBytes;
  private final long[] parserMasks;
  private final int maxLength;

  /** A single group: any of these tokens makes a candidate. */
  static CandidateTokens anyOf(Collection<String> tokens) {
    return new CandidateTokens(List.of(List.of(Set.copyOf(tokens))));
  }

  /** Per parser, its token groups. */
  CandidateTokens(List<List<Set<String>>> parsers) {
    Map<String, Long> maskOf = new LinkedHashMap<>();
    parserMasks = new long[parsers.size()];
    int bit = 0;
    for (int p = 0; p < parsers.size(); p++) {
      for (Set<String> group : parsers.get(p)) {
        if (bit == 64) {
          throw new IllegalArgumentException("more than 64 token groups");
        }
        long groupBit = 1L << bit++;
        parserMasks[p] |= groupBit;
        for (String t : group) {
          maskOf.merge(checked(t), groupBit, (a, b) -> a | b);
        }
      }
    }
    int max = 0;
    for (String t : maskOf.keySet()) {
      max = Math.max(max, t.length());
    }
    maxLength = max;
    List<List<byte[]>> tokens = new ArrayList<>();
    List<List<Long>> masks = new ArrayList<>();
    for (int i = 0; i <= max; i++) {
      tokens.add(new ArrayList<>());
      masks.add(new ArrayList<>());
    }
    maskOf.forEach(
        (t, mask) -> {
          tokens.get(t.length()).add(t.getBytes(StandardCharsets.US_ASCII));
          masks.get(t.length()).add(mask);
        });
    byLength = new byte[max + 1][][];
    masksByLength = new long[max + 1][];
    firstBytes = new long[max + 1][];
    lastBytes = new long[max + 1][];
    for (int i = 0; i <= max; i++) {
      if (!tokens.get(i).isEmpty()) {
        byLength[i] = tokens.get(i).toArray(new byte[0][]);
        masksByLength[i] = masks.get(i).stream().mapToLong(Long::longValue).toArray();
        firstBytes[i] = new long[4];
        lastBytes[i] = new long[4];
        for (byte[] t : byLength[i]) {
          set(firstBytes[i], t[0]);
          set(lastBytes[i], t[t.length - 1]);
        }
      }
    }
  }

  private static String checked(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      // Compared with (byte | 0x20): only characters that the OR leaves alone can match.
      if (c > 0x7f || (c | 0x20) != c || c == '"') {
        throw new IllegalArgumentException(
            "a token holds letters, digits, spaces and . / - only: " + token);
      }
    }
    return lower;
  }

  /** Whether a record holding the token groups in {@code mask} is worth parsing. */
  boolean isCandidate(long mask) {
    for (long required : parserMasks) {
      if ((mask & required) == required) {
        return true;
      }
    }
    return false;
  }

  /** The group bits of the raw string {@code b[from, to)} (no escapes inside); 0 if no token. */
  long matches(byte[] b, int from, int to) {
    int len = to - from;
    if (len > maxLength) {
      return 0;
    }
    byte[][] candidates = byLength[len];
    if (candidates == null
        || len == 0
        || !has(firstBytes[len], (byte) (b[from] | 0x20))
        || !has(lastBytes[len], (byte) (b[to - 1] | 0x20))) {
      return 0;
    }
    for (int i = 0; i < candidates.length; i++) {
      if (equalsIgnoreCase(b, from, candidates[i])) {
        return masksByLength[len][i];
      }
    }
    return 0;
  }

  /** As {@link #matches}, for a string holding escapes such as {@code \/} (rare). */
  long matchesEscaped(byte[] b, int from, int to) {
    if (to - from > 6 * (maxLength + 1)) {
      return 0;
    }
    byte[] plain = new byte[maxLength + 1];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (n > maxLength) {
        return 0;
      }
      byte c = b[i];
      if (c == '\\' && i + 1 < to) {
        byte e = b[++i];
        if (e == 'u' && i + 4 < to) {
          int cp = hex(b, i + 1);
          if (cp < 0 || cp > 0x7f) {
            return 0; // no token holds non-ASCII
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

  private static void set(long[] bits, byte b) {
    int v = b & 0xff;
    bits[v >>> 6] |= 1L << v;
  }

  private static boolean has(long[] bits, byte b) {
    int v = b & 0xff;
    return (bits[v >>> 6] & (1L << v)) != 0;
  }

  private static boolean equalsIgnoreCase(byte[] b, int from, byte[] lowerToken) {
    for (int i = 0; i < lowerToken.length; i++) {
      // |0x20 lower-cases ASCII letters and leaves the token's other characters alone, so a
      // mismatch here is a real mismatch (the reverse may not hold: a false positive is fine).
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
