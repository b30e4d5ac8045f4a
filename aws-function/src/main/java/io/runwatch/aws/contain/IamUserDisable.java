package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * DISABLE_PRINCIPAL for an IAM user. With the long-term key of the call named: that key is set
 * Inactive. Without one (the call used a temporary key, or none was recorded): every active key is
 * set Inactive, the list kept in the user tag {@code runwatch:deactivated-keys} for rollback, and
 * the inline policy {@code runwatch-deny-all} stops the sessions those keys already minted.
 * Rollback reactivates exactly those keys and deletes the policy. Root and federated sessions are
 * not IAM users: refused with what to do instead.
 */
final class IamUserDisable implements Step {
  static final String KEYS_TAG = "runwatch:deactivated-keys";

  private final ContainmentClients clients;

  IamUserDisable(ContainmentClients clients) {
    this.clients = clients;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    String user = user(a);
    String named = a.parameters().get("accessKeyId");
    List<AccessKeyMetadata> keys = keys(user);
    List<Change> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (named != null) {
      AccessKeyMetadata key =
          keys.stream()
              .filter(k -> k.accessKeyId().equals(named))
              .findFirst()
              .orElseThrow(
                  () -> ContainmentException.invalid("accessKeyId", "no such key on user " + user));
      changes.add(updateKey(user, key.accessKeyId(), key.statusAsString(), "Inactive"));
      return new Plan(a, Direction.CONTAIN, changes, notes);
    }
    List<String> active =
        keys.stream()
            .filter(k -> k.status() == StatusType.ACTIVE)
            .map(AccessKeyMetadata::accessKeyId)
            .toList();
    String recorded = tag(user);
    notes.add(
        "no access key named: all "
            + active.size()
            + " active key(s) of "
            + user
            + " are deactivated and a deny-all policy stops their sessions");
    if (!active.isEmpty() || recorded != null) {
      String toRecord = recorded != null ? union(recorded, active) : String.join(",", active);
      changes.add(Change.of("iam:TagUser", user, "tag:" + KEYS_TAG, recorded, toRecord));
    }
    for (String k : active) {
      changes.add(updateKey(user, k, "Active", "Inactive"));
    }
    String policy = userPolicy(user);
    changes.add(
        Change.of(
                "iam:PutUserPolicy",
                user,
                "policy:" + DenyPolicies.DENY_ALL_NAME,
                policy,
                DenyPolicies.DENY_ALL)
            .inPlace(DenyPolicies.sameDocument(policy, DenyPolicies.DENY_ALL)));
    return new Plan(a, Direction.CONTAIN, changes, notes);
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    String user = user(a);
    String named = a.parameters().get("accessKeyId");
    List<AccessKeyMetadata> keys = keys(user);
    List<Change> changes = new ArrayList<>();
    List<String> toReactivate = new ArrayList<>();
    String recorded = null;
    if (named != null) {
      toReactivate.add(named);
    } else {
      recorded = tag(user);
      if (recorded != null) {
        toReactivate.addAll(Arrays.asList(recorded.split(",")));
      }
    }
    for (String k : toReactivate) {
      keys.stream()
          .filter(m -> m.accessKeyId().equals(k))
          .findFirst()
          .ifPresent(m -> changes.add(updateKey(user, k, m.statusAsString(), "Active")));
    }
    if (named == null) {
      String policy = userPolicy(user);
      changes.add(
          Change.of(
              "iam:DeleteUserPolicy",
              user,
              "policy:" + DenyPolicies.DENY_ALL_NAME,
              policy == null ? null : "present",
              null));
      if (recorded != null) {
        changes.add(Change.of("iam:UntagUser", user, "tag:" + KEYS_TAG, recorded, null));
      }
    }
    return Optional.of(new Plan(a, Direction.ROLLBACK, changes, List.of()));
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    IamClient iam = clients.iam();
    String user = c.resource();
    switch (c.api()) {
      case "iam:UpdateAccessKey" ->
          iam.updateAccessKey(
              b ->
                  b.userName(user)
                      .accessKeyId(c.args().get("accessKeyId"))
                      .status(StatusType.fromValue(c.after())));
      case "iam:TagUser" ->
          iam.tagUser(
              b -> b.userName(user).tags(Tag.builder().key(KEYS_TAG).value(c.after()).build()));
      case "iam:UntagUser" -> iam.untagUser(b -> b.userName(user).tagKeys(KEYS_TAG));
      case "iam:PutUserPolicy" ->
          iam.putUserPolicy(
              b ->
                  b.userName(user)
                      .policyName(DenyPolicies.DENY_ALL_NAME)
                      .policyDocument(DenyPolicies.DENY_ALL));
      case "iam:DeleteUserPolicy" ->
          iam.deleteUserPolicy(b -> b.userName(user).policyName(DenyPolicies.DENY_ALL_NAME));
      default -> throw new IllegalStateException("not an IAM user change: " + c.api());
    }
    return null;
  }

  private static Change updateKey(String user, String key, String before, String after) {
    return Change.of("iam:UpdateAccessKey", user, "accessKey:" + key + ":Status", before, after)
        .withArgs(Map.of("accessKeyId", key));
  }

  private static String user(ContainmentAction a) {
    String principal = a.parameters().getOrDefault("principal", "");
    if (principal.matches("arn:aws[\\w-]*:iam::\\d{12}:root")) {
      throw ContainmentException.unsupported(
          "iam:UpdateAccessKey",
          "the root user cannot be contained through IAM: rotate its credentials and enable MFA from the root sign-in");
    }
    if (principal.contains(":assumed-role/")) {
      throw ContainmentException.unsupported(
          "iam:UpdateAccessKey",
          "a role session is not an IAM user: use REVOKE_SESSIONS on the role, and disable the person at the identity provider");
    }
    return Params.required(a, "userName");
  }

  private List<AccessKeyMetadata> keys(String user) {
    try {
      return clients
          .iam()
          .listAccessKeysPaginator(b -> b.userName(user))
          .accessKeyMetadata()
          .stream()
          .toList();
    } catch (SdkException e) {
      throw AwsFailures.exception("iam:ListAccessKeys", user, e);
    }
  }

  private String tag(String user) {
    try {
      return clients.iam().listUserTags(b -> b.userName(user)).tags().stream()
          .filter(t -> t.key().equals(KEYS_TAG))
          .map(Tag::value)
          .findFirst()
          .orElse(null);
    } catch (SdkException e) {
      throw AwsFailures.exception("iam:ListUserTags", user, e);
    }
  }

  private String userPolicy(String user) {
    try {
      return DenyPolicies.decode(
          clients
              .iam()
              .getUserPolicy(b -> b.userName(user).policyName(DenyPolicies.DENY_ALL_NAME))
              .policyDocument());
    } catch (NoSuchEntityException e) {
      return null;
    } catch (SdkException e) {
      throw AwsFailures.exception("iam:GetUserPolicy", user, e);
    }
  }

  private static String union(String recorded, List<String> active) {
    List<String> all = new ArrayList<>(Arrays.asList(recorded.split(",")));
    active.stream().filter(k -> !all.contains(k)).forEach(all::add);
    return String.join(",", all);
  }
}
