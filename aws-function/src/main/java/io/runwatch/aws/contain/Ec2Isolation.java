package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * ISOLATE_VM: every network interface of the instance gets the quarantine security group alone. Per
 * ENI with ModifyNetworkInterfaceAttribute, because ModifyInstanceAttribute only changes the
 * primary one. Before that, each ENI's original groups are recorded in the instance tag {@code
 * runwatch:original-sgs:<eni-id>} (comma-separated), which is what rollback restores from.
 *
 * <p>Security groups track connections: flows already established may continue until they go idle
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
 * The plan says so; a network ACL on the subnet is the way to cut them at once.
 */
final class Ec2Isolation implements Step {
  static final String TAG_PREFIX = "runwatch:original-sgs:";
  static final String CONNECTION_TRACKING =
      "existing tracked connections may persist until idle (security group connection tracking);"
          + " use a subnet network ACL to cut them at once";

  private final ContainmentClients clients;
  private final String quarantine;

  Ec2Isolation(ContainmentClients clients, String quarantineGroup) {
    this.clients = clients;
    this.quarantine = quarantineGroup;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    if (quarantine == null) {
      throw new IllegalStateException(
          "ISOLATE_VM needs a quarantine security group: deploy with vpc_id set"
              + " (RUNWATCH_QUARANTINE_SG)");
    }
    String vm = Params.instance(a);
    Instance i = Instances.describe(ec2(a), vm);
    Map<String, String> tags = Instances.tags(i);
    List<Change> tagChanges = new ArrayList<>();
    List<Change> groupChanges = new ArrayList<>();
    for (InstanceNetworkInterface eni : i.networkInterfaces()) {
      String id = eni.networkInterfaceId();
      String groups = groups(eni);
      String recorded = tags.get(TAG_PREFIX + id);
      if (recorded != null || !groups.equals(quarantine)) {
        tagChanges.add(
            Change.of(
                "ec2:CreateTags",
                vm,
                "tag:" + TAG_PREFIX + id,
                recorded,
                recorded != null ? recorded : groups));
      }
      groupChanges.add(
          Change.of(
              "ec2:ModifyNetworkInterfaceAttribute", id, "SecurityGroups", groups, quarantine));
    }
    List<Change> changes = new ArrayList<>(tagChanges);
    changes.addAll(groupChanges);
    return new Plan(
        a,
        Direction.CONTAIN,
        changes,
        List.of(i.networkInterfaces().size() + " network interface(s)", CONNECTION_TRACKING));
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    String vm = Params.instance(a);
    Instance i = Instances.describe(ec2(a), vm);
    Map<String, String> tags = Instances.tags(i);
    List<Change> groupChanges = new ArrayList<>();
    List<Change> untag = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (InstanceNetworkInterface eni : i.networkInterfaces()) {
      String id = eni.networkInterfaceId();
      String recorded = tags.get(TAG_PREFIX + id);
      if (recorded == null) {
        notes.add(id + ": no recorded groups, left as is");
        continue;
      }
      groupChanges.add(
          Change.of(
              "ec2:ModifyNetworkInterfaceAttribute", id, "SecurityGroups", groups(eni), recorded));
      untag.add(Change.of("ec2:DeleteTags", vm, "tag:" + TAG_PREFIX + id, recorded, null));
    }
    groupChanges.addAll(untag);
    return Optional.of(new Plan(a, Direction.ROLLBACK, groupChanges, notes));
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    Ec2Client ec2 = ec2(a);
    String key = c.attribute().startsWith("tag:") ? c.attribute().substring(4) : c.attribute();
    switch (c.api()) {
      case "ec2:CreateTags" ->
          ec2.createTags(
              b -> b.resources(c.resource()).tags(Tag.builder().key(key).value(c.after()).build()));
      case "ec2:DeleteTags" ->
          ec2.deleteTags(b -> b.resources(c.resource()).tags(Tag.builder().key(key).build()));
      case "ec2:ModifyNetworkInterfaceAttribute" ->
          ec2.modifyNetworkInterfaceAttribute(
              b -> b.networkInterfaceId(c.resource()).groups(Arrays.asList(c.after().split(","))));
      default -> throw new IllegalStateException("not an isolation change: " + c.api());
    }
    return null;
  }

  private Ec2Client ec2(ContainmentAction a) {
    return clients.ec2(Params.region(a));
  }

  /** The ENI's group ids, sorted, comma-separated: the same set always reads the same. */
  private static String groups(InstanceNetworkInterface eni) {
    return String.join(",", eni.groups().stream().map(GroupIdentifier::groupId).sorted().toList());
  }
}
