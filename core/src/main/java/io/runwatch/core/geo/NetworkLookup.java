package io.runwatch.core.geo;

import java.util.Optional;

/**
 * The port through which detection and learning learn the country and ASN of a source address. An
 * interface so that core runs without any database ({@link #NONE}: the detectors then fall back to
 * "new IP, new /24 or /48"), with MaxMind files ({@link MaxMindNetworkLookup}), or with a fixed
 * table in tests.
 */
@FunctionalInterface
public interface NetworkLookup {
  /** No database: every lookup is empty. */
  NetworkLookup NONE =
      new NetworkLookup() {
        @Override
        public Optional<NetworkInfo> lookup(String ip) {
          return Optional.empty();
        }

        @Override
        public boolean isConfigured() {
          return false;
        }

        @Override
        public String toString() {
          return "NetworkLookup.NONE";
        }
      };

  /**
   * The country and ASN of {@code ip}; empty when it is not an IP literal (service names such as
   * {@code ssm.amazonaws.com}), the database has no entry for it, or no database is configured.
   * Never resolves host names.
   *
   * @throws GeoDatabaseException when a database turns out to be corrupt while reading it
   */
  Optional<NetworkInfo> lookup(String ip);

  /**
   * Whether a database stands behind this lookup: without one, "no country or ASN known" says
   * nothing about the address, and the detectors must not treat it as news.
   */
  default boolean isConfigured() {
    return true;
  }
}
