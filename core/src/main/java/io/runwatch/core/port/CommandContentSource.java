package io.runwatch.core.port;

import io.runwatch.core.model.AdminCommand;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Port: what a command ran, when its control-plane record hides it (CloudTrail writes {@code
 * parameters} as "HIDDEN_DUE_TO_SECURITY_REASONS"; {@code ssm:ListCommands} has them). Never throws
 * for an unavailable answer: a finding must still be raised with its content marked unknown.
 */
public interface CommandContentSource {
  /** Whether the content could be read, and why not. */
  enum Availability {
    KNOWN,
    /** The function's role may not read it (access denied). */
    DENIED,
    /** The API throttled us past our retries. */
    THROTTLED,
    /** The provider no longer knows the command (expired or never existed). */
    NOT_FOUND,
    /** This source has no content for this kind of command. */
    UNSUPPORTED,
    /** Anything else (network, 5xx); {@code detail} says what. */
    ERROR
  }

  /**
   * What the provider said about one command.
   *
   * @param document the document or script name, when known
   * @param parameters the document's parameters as the provider lists them
   * @param text the script text the detectors should read (for shell documents, the {@code
   *     commands} lines joined by newlines), or {@code null}
   * @param detail why the content is not known, for the finding (never a secret)
   */
  record CommandContent(
      Availability availability,
      String document,
      Map<String, List<String>> parameters,
      String text,
      String detail) {
    public CommandContent {
      Objects.requireNonNull(availability, "availability");
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static CommandContent unavailable(Availability why, String detail) {
      return new CommandContent(why, null, Map.of(), null, detail);
    }
  }

  CommandContent fetch(AdminCommand command);
}
