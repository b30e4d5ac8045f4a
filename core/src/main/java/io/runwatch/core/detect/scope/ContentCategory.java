package io.runwatch.core.detect.scope;

import io.runwatch.core.detect.Severity;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a suspicious-content pattern indicates. Each category has a severity floor: a pattern may
 * rate itself higher than its category, never lower (reverse shells and credential access are
 * always critical).
 */
public enum ContentCategory {
  /** Fetches code from the network and runs it without writing it down first. */
  DOWNLOAD_EXECUTE("download-execute", Severity.HIGH),
  /** Runs a payload hidden in base64 (or another encoding) so it cannot be read in the log. */
  ENCODED_PAYLOAD("encoded-payload", Severity.HIGH),
  /** Hands a shell to a remote party. */
  REVERSE_SHELL("reverse-shell", Severity.CRITICAL),
  /** Reads credentials: instance-role tokens, cloud CLI credential files, LSASS, shadow. */
  CREDENTIAL_ACCESS("credential-access", Severity.CRITICAL),
  /** Talks to the instance metadata service without asking for credentials. */
  METADATA_ACCESS("metadata-access", Severity.HIGH),
  /** Adds a local account or an SSH key: a way back in that outlives the command. */
  ACCOUNT_PERSISTENCE("account-persistence", Severity.HIGH),
  /** Stops security tools or logging, or erases their records. */
  DEFENSE_EVASION("defense-evasion", Severity.HIGH);

  private final String label;
  private final Severity floor;

  ContentCategory(String label, Severity floor) {
    this.label = label;
    this.floor = floor;
  }

  /** The name used in the pattern file and in reasons, e.g. {@code reverse-shell}. */
  public String label() {
    return label;
  }

  /** The lowest severity a pattern of this category may declare. */
  public Severity floor() {
    return floor;
  }

  public static Optional<ContentCategory> ofLabel(String label) {
    return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
  }
}
