package io.runwatch.core.policy;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Principal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Matches principals by id: exact, or a glob where {@code *} matches any run of characters (e.g.
 * {@code arn:aws:sts::*:assumed-role/PatchAutomation/*}), optionally limited to a cloud and an
 * account. Ids compare case-insensitively (Azure UPNs and object ids do).
 *
 * @param cloud the cloud it applies to, or {@code null} for any
 * @param account the account, subscription or project, or {@code null} for any
 */
public record PrincipalMatcher(Cloud cloud, String account, String pattern) {
  public boolean matches(Cloud c, String acct, Principal p) {
    if (cloud != null && cloud != c) {
      return false;
    }
    if (account != null && !account.equalsIgnoreCase(String.valueOf(acct))) {
      return false;
    }
    return Globs.matches(pattern, p.id()) || Globs.matches(pattern, p.displayName());
  }

  /** Case-insensitive globs with {@code *}. */
  public static final class Globs {
    private Globs() {}

    public static boolean matches(String glob, String value) {
      if (glob == null || value == null) {
        return false;
      }
      if (glob.indexOf('*') < 0) {
        return glob.equalsIgnoreCase(value);
      }
      StringBuilder re = new StringBuilder();
      for (String part : glob.split("\\*", -1)) {
        if (!re.isEmpty()) {
          re.append(".*");
        }
        re.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
      }
      return value.toLowerCase(Locale.ROOT).matches(re.toString());
    }
  }
}
