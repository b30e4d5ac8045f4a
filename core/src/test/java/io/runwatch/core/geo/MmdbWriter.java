package io.runwatch.core.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tiny MaxMind DB files for tests, following the MaxMind DB File Format Specification 2.0:
 * MaxMind's own test databases are binary files this project cannot fetch, so the tests build
 * theirs.
 *
 * <p>Layout: an IPv6 search tree ({@code ip_version 6}) of 24-bit records, IPv4 networks inserted
 * under {@code ::/96} (the IPv4-mapped subtree readers walk to for IPv4 lookups); then 16 zero
 * bytes (the data section separator); the data section; then the marker {@code
 * \xAB\xCD\xEFMaxMind.com} and the metadata map. A record value below {@code node_count} is a node,
 * equal to it means "no data", above it points into the data section at {@code value - node_count -
 * 16}.
 *
 * <p>Java values map to MaxMind types: {@code String} to UTF-8 string, {@code Integer} to uint16,
 * {@code Long} to uint32, {@link BigInteger} to uint64, {@code Double} to double, {@code Boolean}
 * to boolean, {@code List} to array, {@code Map} (string keys) to map.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int RECORD_SIZE = 24;

  private final String databaseType;
  private final TreeNode root = new TreeNode();
  private int dataSectionStart = -1;

  public MmdbWriter(String databaseType) {
    this.databaseType = databaseType;
  }

  /** A Country database's record: {@code {country: {iso_code}}}. */
  public static Map<String, Object> country(String isoCode) {
    return Map.of("country", Map.of("iso_code", isoCode, "names", Map.of("en", isoCode)));
  }

  /** An ASN database's record. */
  public static Map<String, Object> asn(long number, String organization) {
    return Map.of(
        "autonomous_system_number", number, "autonomous_system_organization", organization);
  }

  /** Maps every address of {@code cidr} ({@code 203.0.113.0/24}, {@code 2001:db8::/32}) to data. */
  public MmdbWriter insert(String cidr, Map<String, Object> data) {
    int slash = cidr.indexOf('/');
    InetAddress address = IpLiterals.parse(cidr.substring(0, slash)).orElseThrow();
    int length = Integer.parseInt(cidr.substring(slash + 1));
    byte[] bytes = address.getAddress();
    byte[] v6 = new byte[16];
    if (address instanceof Inet4Address) {
      System.arraycopy(bytes, 0, v6, 12, 4);
      length += 96;
    } else {
      v6 = bytes;
    }
    TreeNode node = root;
    for (int i = 0; i < length; i++) {
      int bit = (v6[i / 8] >>> (7 - i % 8)) & 1;
      if (i == length - 1) {
        node.records[bit] = new Data(data);
      } else {
        Object next = node.records[bit];
        if (!(next instanceof TreeNode)) {
          TreeNode child = new TreeNode();
          child.records[0] = next;
          child.records[1] = next;
          node.records[bit] = child;
          next = child;
        }
        node = (TreeNode) next;
      }
    }
    return this;
  }

  /** The database's bytes. */
  public byte[] build() {
    List<TreeNode> nodes = new ArrayList<>();
    Map<TreeNode, Integer> index = new IdentityHashMap<>();
    Deque<TreeNode> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      TreeNode n = queue.removeFirst();
      index.put(n, nodes.size());
      nodes.add(n);
      for (Object r : n.records) {
        if (r instanceof TreeNode child) {
          queue.addLast(child);
        }
      }
    }
    long nodeCount = nodes.size();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Data, Integer> offsets = new IdentityHashMap<>();
    ByteArrayOutputStream tree = new ByteArrayOutputStream();
    for (TreeNode n : nodes) {
      for (Object r : n.records) {
        long value;
        if (r instanceof TreeNode child) {
          value = index.get(child);
        } else if (r instanceof Data d) {
          Integer offset = offsets.get(d);
          if (offset == null) {
            offset = data.size();
            offsets.put(d, offset);
            encode(d.value, data);
          }
          value = nodeCount + 16 + offset;
        } else {
          value = nodeCount;
        }
        writeUnsigned(tree, value, RECORD_SIZE / 8);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tree.toByteArray());
    out.writeBytes(new byte[16]);
    dataSectionStart = out.size();
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", nodeCount);
    metadata.put("record_size", RECORD_SIZE);
    metadata.put("ip_version", 6);
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", 2);
    metadata.put("binary_format_minor_version", 0);
    metadata.put("build_epoch", BigInteger.valueOf(1_763_000_000L));
    metadata.put("description", Map.of("en", "runwatch test " + databaseType));
    encode(metadata, out);
    return out.toByteArray();
  }

  /** Where the data section began in the last {@link #build()} (for corruption tests). */
  public int dataSectionStart() {
    return dataSectionStart;
  }

  public Path write(Path file) {
    try {
      Files.write(file, build());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class TreeNode {
    final Object[] records = new Object[2];
  }

  private record Data(Map<String, Object> value) {}

  // ---------------------------------------------------------------- data section encoding

  private static void encode(Object v, ByteArrayOutputStream out) {
    switch (v) {
      case String s -> {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        control(out, 2, b.length);
        out.writeBytes(b);
      }
      case Double d -> {
        control(out, 3, 8);
        writeUnsigned(out, Double.doubleToLongBits(d), 8);
      }
      case Integer i -> unsigned(out, 5, i, 2);
      case Long l -> unsigned(out, 6, l, 4);
      case BigInteger b -> {
        byte[] raw = b.toByteArray();
        int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        control(out, 9, raw.length - skip);
        out.write(raw, skip, raw.length - skip);
      }
      case Boolean b -> control(out, 14, b ? 1 : 0);
      case Map<?, ?> m -> {
        control(out, 7, m.size());
        for (var e : m.entrySet()) {
          encode((String) e.getKey(), out);
          encode(e.getValue(), out);
        }
      }
      case List<?> l -> {
        control(out, 11, l.size());
        l.forEach(x -> encode(x, out));
      }
      default -> throw new IllegalArgumentException("no MaxMind type for " + v.getClass());
    }
  }

  /** An unsigned integer in as few big-endian bytes as it needs (zero takes none). */
  private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
    if (value < 0 || (maxBytes < 8 && value >= 1L << (8 * maxBytes))) {
      throw new IllegalArgumentException(value + " does not fit " + maxBytes + " bytes");
    }
    int n = 0;
    while (n < maxBytes && value >>> (8 * n) != 0) {
      n++;
    }
    control(out, type, n);
    writeUnsigned(out, value, n);
  }

  /** Control byte (type in the top 3 bits, 0 plus a type byte when extended) and size bytes. */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int ctrl = type <= 7 ? type << 5 : 0;
    byte[] extra;
    if (size < 29) {
      ctrl |= size;
      extra = new byte[0];
    } else if (size < 29 + 256) {
      ctrl |= 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 285 + 65_536) {
      ctrl |= 30;
      int s = size - 285;
      extra = new byte[] {(byte) (s >>> 8), (byte) s};
    } else {
      ctrl |= 31;
      int s = size - 65_821;
      extra = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
    }
    out.write(ctrl);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  private static void writeUnsigned(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }
}
