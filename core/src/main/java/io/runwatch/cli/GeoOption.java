package io.runwatch.cli;

import io.runwatch.core.geo.GeoDatabaseException;
import io.runwatch.core.geo.MaxMindNetworkLookup;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.policy.Policy;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --geoip FILE} (repeatable: a Country or City database and an ASN database), shared by
 * {@code hunt} and {@code learn}. Given on the command line it replaces the policy's {@code
 * geo.databases}; otherwise the policy's are used; neither gives {@link NetworkLookup#NONE}.
 */
final class GeoOption {
  private GeoOption() {}

  /** The lookup to use; the caller closes it (closing {@link NetworkLookup#NONE} does nothing). */
  static Lookup open(List<String> geoip, Policy policy) {
    List<Path> files =
        geoip.isEmpty() ? policy.geoDatabases() : geoip.stream().map(Path::of).toList();
    if (files.isEmpty()) {
      return new Lookup(NetworkLookup.NONE, null);
    }
    try {
      MaxMindNetworkLookup lookup = MaxMindNetworkLookup.open(files);
      return new Lookup(lookup, lookup);
    } catch (GeoDatabaseException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A lookup and what to close when done. */
  record Lookup(NetworkLookup networks, AutoCloseable resource) implements AutoCloseable {
    @Override
    public void close() {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception ignored) {
          // unmapping cannot fail in a way worth reporting at exit
        }
      }
    }
  }
}
