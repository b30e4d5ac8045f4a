package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The mechanism signatures, as data: which process starts on a VM are the work of a cloud's
 * admin-command agent (SSM Agent, the Azure Run Command and Custom Script extensions, the GCE OS
 * Config agent and metadata script runner), which command they answer, and how to join them back.
 *
 * <p>The shipped catalog is {@code io/runwatch/core/correlate/mechanisms.json} on the classpath;
 * its {@code $schema-notes} header describes the format. Signatures are compiled once, when the
 * catalog is read; {@link #classify} only runs precompiled regexes and is safe to call from many
 * threads.
 */
public final class MechanismCatalog {
  static final String RESOURCE = "mechanisms.json";
  static final String RESOURCE_PATH = "io/runwatch/core/correlate/" + RESOURCE;

  private final List<Signature> signatures;
  private final List<Mechanism> mechanisms;

  private MechanismCatalog(List<Signature> signatures) {
    this.signatures = signatures;
    this.mechanisms = signatures.stream().map(Signature::mechanism).toList();
  }

  /**
   * Reads the shipped catalog from the classpath.
   *
   * @throws IllegalStateException if the resource is missing
   * @throws IllegalArgumentException if it is invalid, naming the mechanism and the field
   */
  public static MechanismCatalog load() {
    try (InputStream in = MechanismCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "mechanism catalog " + RESOURCE_PATH + " is missing from the classpath");
      }
      return new MechanismCatalog(CatalogReader.read(in, RESOURCE_PATH));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mechanism catalog " + RESOURCE_PATH, e);
    }
  }

  /**
   * Reads a catalog from {@code json} (which the caller closes).
   *
   * @throws IllegalArgumentException if it is invalid, naming the mechanism and the field
   */
  public static MechanismCatalog parse(InputStream json) {
    Objects.requireNonNull(json, "json");
    return new MechanismCatalog(CatalogReader.read(json, "mechanism catalog"));
  }

  /** The mechanisms, in catalog order (which is the order {@link #classify} tries them in). */
  public List<Mechanism> mechanisms() {
    return mechanisms;
  }

  /**
   * The first mechanism, in catalog order, whose signature matches {@code execution}, with the join
   * key it extracted; empty for an ordinary process. A benign match means "agent housekeeping", not
   * "a command ran".
   */
  public Optional<MechanismMatch> classify(HostExecution execution) {
    Objects.requireNonNull(execution, "execution");
    Signature.Fields fields = new Signature.Fields(execution);
    for (Signature signature : signatures) {
      MechanismMatch match = signature.match(fields);
      if (match != null) {
        return Optional.of(match);
      }
    }
    return Optional.empty();
  }
}
