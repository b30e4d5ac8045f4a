package io.runwatch.core.port;

/**
 * Port: which control-plane VM a telemetry host name belongs to. The CLI reads it from a CSV
 * inventory ({@code HostMap}); the functions look it up in the cloud (EC2 private DNS names, Azure
 * computer names, GCE hostnames). An implementation answers only what it knows: no guess.
 */
public interface HostDirectory {
  /** The VM id of {@code host}, or {@code null} when unknown. */
  String vmOf(String host);

  /** The account, subscription or project of {@code host}, or {@code null} when unknown. */
  default String accountOf(String host) {
    return null;
  }
}
