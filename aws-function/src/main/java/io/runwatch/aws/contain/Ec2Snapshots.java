package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.CopyTagsFromSource;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotInfo;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * SNAPSHOT_VM: crash-consistent snapshots of all the instance's EBS volumes, boot volume included
 * (CreateSnapshots), tagged {@code runwatch:finding} and {@code runwatch:instance} plus the
 * volumes' own tags. Idempotent by those tags: when snapshots of this finding and instance exist,
 * nothing is created. No rollback: evidence is not deleted by the containment function.
 */
final class Ec2Snapshots implements Step {
  static final String FINDING_TAG = "runwatch:finding";
  static final String INSTANCE_TAG = "runwatch:instance";

  private final ContainmentClients clients;

  Ec2Snapshots(ContainmentClients clients) {
    this.clients = clients;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    String vm = Params.instance(a);
    String finding = finding(a);
    List<Snapshot> existing;
    try {
      existing =
          clients
              .ec2(Params.region(a))
              .describeSnapshots(
                  b ->
                      b.ownerIds("self")
                          .filters(
                              Filter.builder().name("tag:" + FINDING_TAG).values(finding).build(),
                              Filter.builder().name("tag:" + INSTANCE_TAG).values(vm).build()))
              .snapshots();
    } catch (SdkException e) {
      throw AwsFailures.exception("ec2:DescribeSnapshots", vm, e);
    }
    String before =
        existing.isEmpty()
            ? null
            : String.join(",", existing.stream().map(Snapshot::snapshotId).sorted().toList());
    Change create =
        Change.of(
                "ec2:CreateSnapshots",
                vm,
                "snapshots:" + FINDING_TAG + "=" + finding,
                before,
                "all EBS volumes incl. boot")
            .inPlace(!existing.isEmpty());
    return new Plan(
        a,
        Direction.CONTAIN,
        List.of(create),
        List.of("crash-consistent snapshots; no rollback (evidence is kept)"));
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    return Optional.empty();
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    String vm = c.resource();
    String finding = finding(a);
    CreateSnapshotsResponse r =
        clients
            .ec2(Params.region(a))
            .createSnapshots(
                b ->
                    b.instanceSpecification(i -> i.instanceId(vm).excludeBootVolume(false))
                        .copyTagsFromSource(CopyTagsFromSource.VOLUME)
                        .description("runwatch containment for finding " + finding)
                        .tagSpecifications(
                            t ->
                                t.resourceType(ResourceType.SNAPSHOT)
                                    .tags(
                                        Tag.builder().key(FINDING_TAG).value(finding).build(),
                                        Tag.builder().key(INSTANCE_TAG).value(vm).build())));
    return String.join(",", r.snapshots().stream().map(SnapshotInfo::snapshotId).toList());
  }

  private static String finding(ContainmentAction a) {
    String f = a.parameters().get("findingId");
    return f == null || f.isBlank() ? "none" : f;
  }
}
