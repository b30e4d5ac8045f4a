package io.runwatch.core.ingest.identity;

import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an {@link IdentityChange} names its subject, and which subjects a command's {@link Principal}
 * answers to. The two halves must agree, or a change never meets the command it precedes.
 *
 * <p>The joining rule: a change's subject is the id a later command by the same identity carries,
 * compared ignoring case.
 *
 * <ul>
 *   <li><b>AWS</b>: an IAM user is {@code arn:<partition>:iam::<account>:user/<name>} and a role
 *       {@code arn:<partition>:iam::<account>:role/<name>}, always <em>without</em> the IAM path:
 *       the changing call names only {@code userName}/{@code roleName}, not the path. The user's
 *       later calls carry {@code userIdentity.arn} (with its path, if any) as {@link
 *       Principal#id()}; a role's sessions carry the role ARN (with path) as {@link
 *       Principal#issuer()}. {@link #keysOf} therefore answers with the id, the issuer and both
 *       without their path, plus the role of an {@code assumed-role} session ARN when no issuer was
 *       logged. The root user is {@code arn:aws:iam::<account>:root}, as CloudTrail writes it. A
 *       console sign-in's subject is the signing-in identity's ARN exactly as logged (an {@code
 *       assumed-role} session ARN for federated and IAM Identity Center sign-ins).
 *   <li><b>GCP</b>: the member's e-mail without its {@code user:}/{@code serviceAccount:} prefix
 *       ({@code principalEmail} of its later calls); a service account by its e-mail. Calls made by
 *       impersonating a service account carry the impersonators as the issuer ({@code a > b}), each
 *       of which is a key.
 *   <li><b>Azure</b>: a role assignment names its assignee by Entra object id. Commands by
 *       workloads (service principals, managed identities) carry that object id as {@link
 *       Principal#id()}, so they join; commands by users carry the UPN, which the assignment record
 *       does not hold, so a role assigned to a user does not join (a known gap). Sign-ins name the
 *       user by UPN, which joins.
 * </ul>
 */
public final class IdentitySubjects {
  // arn:aws:iam::123456789012:user/path/to/alice → group 1 "arn:aws:iam::123456789012:user",
  // group 2 "alice".
  private static final Pattern IAM_ENTITY =
      Pattern.compile("(arn:[^:]+:iam::[^:]*:(?:user|role))/(?:[^\\s]*/)?([^/\\s]+)");
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:([^:]+):sts::([^:]*):assumed-role/([^/]+)/[^/]+");

  private IdentitySubjects() {}

  /** The subject of a change to IAM user {@code userName} in {@code account}. */
  public static String awsUser(String partition, String account, String userName) {
    return "arn:" + partition + ":iam::" + account + ":user/" + lastSegment(userName);
  }

  /** The subject of a change to IAM role {@code roleName} in {@code account}. */
  public static String awsRole(String partition, String account, String roleName) {
    return "arn:" + partition + ":iam::" + account + ":role/" + lastSegment(roleName);
  }

  /**
   * An id in the form subjects are written: IAM user and role ARNs lose their path; anything else
   * is returned as is.
   */
  public static String canonical(String id) {
    if (id == null) {
      return null;
    }
    Matcher m = IAM_ENTITY.matcher(id);
    return m.matches() ? m.group(1) + "/" + m.group(2) : id;
  }

  /**
   * Every subject under which changes to the identity behind {@code principal} are recorded: its
   * id, its issuer (each identity of a GCP delegation chain), their canonical forms, and the role
   * of an AWS role session. Distinct, lower-cased, in that order; empty for an unknown principal.
   */
  public static List<String> keysOf(Principal principal) {
    Set<String> keys = new LinkedHashSet<>();
    if (!Principal.UNKNOWN.id().equals(principal.id())) {
      addWithForms(keys, principal.id());
    }
    if (principal.issuer() != null) {
      for (String part : principal.issuer().split(" > ")) {
        addWithForms(keys, part.strip());
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Whether {@code actor} (a change's {@link IdentityChange#actor()}) is the identity behind {@code
   * principal}: the same user, the same service account, or a session of the same role.
   */
  public static boolean isSameIdentity(String actor, Principal principal) {
    if (actor == null) {
      return false;
    }
    Set<String> actorKeys = new LinkedHashSet<>();
    addWithForms(actorKeys, actor);
    for (String k : keysOf(principal)) {
      if (actorKeys.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** The IAM role an {@code assumed-role} session ARN belongs to, or {@code null}. */
  public static String roleOfSession(String arn) {
    if (arn == null) {
      return null;
    }
    Matcher m = ASSUMED_ROLE.matcher(arn);
    return m.matches() ? "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3) : null;
  }

  /**
   * A GCP IAM member as a subject: {@code user:a@b} and {@code serviceAccount:a@b} are {@code a@b}.
   */
  public static String gcpMember(String member) {
    if (member == null) {
      return null;
    }
    for (String prefix : List.of("user:", "serviceAccount:")) {
      if (member.startsWith(prefix)) {
        return member.substring(prefix.length());
      }
    }
    return member;
  }

  private static void addWithForms(Set<String> keys, String id) {
    if (id == null || id.isBlank()) {
      return;
    }
    List<String> forms = new ArrayList<>();
    forms.add(id);
    forms.add(canonical(id));
    String role = roleOfSession(id);
    if (role != null) {
      forms.add(role);
    }
    for (String f : forms) {
      keys.add(f.toLowerCase(Locale.ROOT));
    }
  }

  private static String lastSegment(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
