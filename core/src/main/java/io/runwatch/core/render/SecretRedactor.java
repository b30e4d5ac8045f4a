package io.runwatch.core.render;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in command lines and scripts before runwatch prints or publishes them. Commands
 * that admins push through run-command channels carry secrets more often than one would hope
 * (Azure's managed Run Command with RunAs pipes the password to {@code sudo -S}), and the findings
 * go to chat and e-mail. What a pattern keeps is the shape, so an analyst still sees that a secret
 * was passed and how.
 */
public final class SecretRedactor {
  static final String MASK = "****";

  // Each pattern captures the part to keep in group 1 and the secret in group 2.
  private static final List<Pattern> PATTERNS =
      List.of(
          // echo 'secret' | sudo -S ...
          Pattern.compile("(echo\\s+)('[^']*'|\"[^\"]*\"|\\S+)(?=\\s*\\|\\s*sudo\\b[^|]*\\s-S\\b)"),
          // --password secret, --password=secret, -Password secret, /p:secret
          Pattern.compile(
              "(?i)((?:--?|/)(?:password|passwd|pass|pwd|secret|token|api[-_]?key|client[-_]?secret)"
                  + "(?:[=:]|\\s+))('[^']*'|\"[^\"]*\"|[^\\s'\"]+)"),
          // PASSWORD=secret, AWS_SECRET_ACCESS_KEY=secret, export TOKEN=secret
          Pattern.compile(
              "(?i)(\\b[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY)[A-Z0-9_]*=)"
                  + "('[^']*'|\"[^\"]*\"|[^\\s'\"]+)"),
          // Authorization: Bearer secret / Basic secret
          Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic)\\s+)([A-Za-z0-9._~+/=-]+)"),
          // scheme://user:secret@host
          Pattern.compile("(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(?=@)"));

  private SecretRedactor() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Pattern p : PATTERNS) {
      Matcher m = p.matcher(out);
      if (m.find()) {
        out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + MASK);
      }
    }
    return out;
  }
}
