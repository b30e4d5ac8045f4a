package io.runwatch.core.triage;

import io.runwatch.core.model.AdminCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Deterministic finding ids: {@code rw-} followed by the first 32 hex digits (128 bits) of the
 * SHA-256 of
 *
 * <pre>
 * "finding/v1" US cloud US account US key US commandId US sorted,distinct,detector,ids
 * </pre>
 *
 * where {@code US} is the ASCII unit separator (U+001F, which no field may contain unescaped: a
 * field that does is hashed as is, and the separator keeps "a" + "bc" apart from "ab" + "c" for
 * every field logs really carry) and absent values are empty strings.
 *
 * <p>{@code key} is the command's {@code foldKey} when it has one (so the Started and Succeeded
 * records of one Azure operation make one finding), else its provider {@code eventId}, else (for
 * records without either) its time, principal and operation.
 *
 * <p>Consequences: the same event delivered twice, or re-read from an export, gets the same id, so
 * a store that writes findings with "create if absent" never duplicates one; the same command
 * judged by a different set of detectors (late telemetry adding RW-NOT-MATERIALIZED, say) gets a
 * new id, because it is a different verdict.
 */
public final class FindingIds {
  private static final char US = '\u001f';

  private FindingIds() {}

  public static String of(AdminCommand c, Collection<String> detectorIds) {
    String key =
        c.foldKey() != null
            ? c.foldKey()
            : c.eventId() != null
                ? c.eventId()
                : c.time() + "|" + c.principal().id() + "|" + c.operation();
    return hash(
        "finding/v1",
        c.cloud().name(),
        c.account(),
        key,
        c.commandId(),
        String.join(",", new TreeSet<>(detectorIds)));
  }

  /** The id of a finding about things that are not one command (an orphan execution). */
  static String hash(String... parts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        s.append(US);
      }
      s.append(parts[i] == null ? "" : parts[i]);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return "rw-" + HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
