package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * DEPRIVILEGE_PRINCIPAL for an instance role used from a VM: detach the VM's instance profile so it
 * cannot get new credentials to command other VMs. The profile ARN is first recorded in the
 * instance tag {@code runwatch:original-instance-profile}; rollback re-associates it. Credentials
 * already handed out stay valid until they expire: pair with REVOKE_SESSIONS on the role.
 */
final class InstanceProfileDetach implements Step {
  static final String TAG = "runwatch:original-instance-profile";

  private final ContainmentClients clients;

  InstanceProfileDetach(ContainmentClients clients) {
    this.clients = clients;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    String vm = Params.instance(a);
    List<IamInstanceProfileAssociation> current = associations(ec2(a), vm);
    String recorded = Instances.tags(Instances.describe(ec2(a), vm)).get(TAG);
    List<Change> changes = new ArrayList<>();
    for (IamInstanceProfileAssociation assoc : current) {
      String arn = assoc.iamInstanceProfile().arn();
      changes.add(
          Change.of(
              "ec2:CreateTags", vm, "tag:" + TAG, recorded, recorded != null ? recorded : arn));
      changes.add(
          Change.of("ec2:DisassociateIamInstanceProfile", vm, "IamInstanceProfile", arn, null)
              .withArgs(Map.of("associationId", assoc.associationId())));
    }
    if (current.isEmpty()) {
      changes.add(
          Change.of("ec2:DisassociateIamInstanceProfile", vm, "IamInstanceProfile", null, null));
    }
    return new Plan(
        a,
        Direction.CONTAIN,
        changes,
        List.of(
            "credentials already issued to the VM stay valid until they expire: also revoke the role's sessions"));
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    String vm = Params.instance(a);
    String recorded = Instances.tags(Instances.describe(ec2(a), vm)).get(TAG);
    if (recorded == null) {
      return Optional.of(
          new Plan(
              a,
              Direction.ROLLBACK,
              List.of(),
              List.of("no recorded instance profile: not detached by runwatch")));
    }
    String now =
        associations(ec2(a), vm).stream()
            .map(x -> x.iamInstanceProfile().arn())
            .findFirst()
            .orElse(null);
    return Optional.of(
        new Plan(
            a,
            Direction.ROLLBACK,
            List.of(
                Change.of(
                    "ec2:AssociateIamInstanceProfile", vm, "IamInstanceProfile", now, recorded),
                Change.of("ec2:DeleteTags", vm, "tag:" + TAG, recorded, null)),
            List.of()));
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    Ec2Client ec2 = ec2(a);
    switch (c.api()) {
      case "ec2:CreateTags" ->
          ec2.createTags(
              b -> b.resources(c.resource()).tags(Tag.builder().key(TAG).value(c.after()).build()));
      case "ec2:DeleteTags" ->
          ec2.deleteTags(b -> b.resources(c.resource()).tags(Tag.builder().key(TAG).build()));
      case "ec2:DisassociateIamInstanceProfile" ->
          ec2.disassociateIamInstanceProfile(b -> b.associationId(c.args().get("associationId")));
      case "ec2:AssociateIamInstanceProfile" ->
          ec2.associateIamInstanceProfile(
              b -> b.instanceId(c.resource()).iamInstanceProfile(p -> p.arn(c.after())));
      default -> throw new IllegalStateException("not an instance profile change: " + c.api());
    }
    return null;
  }

  private Ec2Client ec2(ContainmentAction a) {
    return clients.ec2(Params.region(a));
  }

  private static List<IamInstanceProfileAssociation> associations(Ec2Client ec2, String vm) {
    try {
      return ec2.describeIamInstanceProfileAssociations(
              b ->
                  b.filters(
                      Filter.builder().name("instance-id").values(vm).build(),
                      Filter.builder().name("state").values("associated", "associating").build()))
          .iamInstanceProfileAssociations();
    } catch (SdkException e) {
      throw AwsFailures.exception("ec2:DescribeIamInstanceProfileAssociations", vm, e);
    }
  }
}
