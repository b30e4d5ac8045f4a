package io.runwatch.core.correlate;

import io.runwatch.core.port.HostDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps the host names telemetry reports to control-plane VM ids, from an explicit inventory. A host
 * that already reports a VM id (an EC2 instance id, an Azure resource id) needs no entry; any other
 * host without an entry stays unmapped: runwatch never guesses from a name.
 *
 * <p>File format (CSV, {@code #} starts a comment): a header {@code host,vm} or {@code
 * host,vm,account} then one line per host, e.g. {@code ip-10-0-1-11,i-0a1b2c3d4e5f60718}. The
 * optional account (AWS account, Azure subscription, GCP project) lets commands that chose their
 * targets by selector ("all instances of the project") be matched to these hosts. Host names
 * compare case-insensitively.
 */
public final class HostMap implements HostDirectory {
  private static final Pattern EC2_INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");

  private final Map<String, String> vmByHost = new HashMap<>();
  private final Map<String, String> accountByHost = new HashMap<>();

  /** Thrown for a host map that cannot be read, naming the line. */
  public static final class HostMapException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    HostMapException(String source, int line, String why) {
      super(source + " line " + line + ": " + why);
    }
  }

  public static HostMap empty() {
    return new HostMap();
  }

  /** Reads {@code host,vm} lines into this map (later files win on a repeated host). */
  public HostMap read(BufferedReader in, String source) throws IOException {
    int lineNo = 0;
    boolean header = true;
    for (String line; (line = in.readLine()) != null; ) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] cells = t.split(",", -1);
      if (header) {
        header = false;
        if (cells.length >= 2
            && cells[0].strip().equalsIgnoreCase("host")
            && cells[1].strip().equalsIgnoreCase("vm")) {
          continue;
        }
        throw new HostMapException(source, lineNo, "expected the header 'host,vm'");
      }
      if (cells.length < 2 || cells[0].isBlank() || cells[1].isBlank()) {
        throw new HostMapException(source, lineNo, "expected 'host,vm'");
      }
      vmByHost.put(key(cells[0]), normalizeVm(cells[1].strip()));
      if (cells.length >= 3 && !cells[2].isBlank()) {
        accountByHost.put(key(cells[0]), cells[2].strip());
      }
    }
    return this;
  }

  /** The VM id of a telemetry host, or {@code null} when the inventory does not say. */
  @Override
  public String vmOf(String host) {
    if (host == null) {
      return null;
    }
    String mapped = vmByHost.get(key(host));
    if (mapped != null) {
      return mapped;
    }
    String h = host.strip();
    if (EC2_INSTANCE.matcher(h).matches()
        || h.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
      return normalizeVm(h);
    }
    return null;
  }

  /** The account the inventory gives for a host, or {@code null}. */
  @Override
  public String accountOf(String host) {
    return host == null ? null : accountByHost.get(key(host));
  }

  public int size() {
    return vmByHost.size();
  }

  /** Azure resource ids compare case-insensitively, and the control plane lower-cases them. */
  static String normalizeVm(String vm) {
    return vm.startsWith("/") ? vm.toLowerCase(Locale.ROOT) : vm;
  }

  private static String key(String host) {
    return host.strip().toLowerCase(Locale.ROOT);
  }
}
