package io.runwatch.aws.contain;

import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.ProviderFailure;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Reads one instance (its ENIs, groups and tags) for the EC2 steps. */
final class Instances {
  private Instances() {}

  static Instance describe(Ec2Client ec2, String vm) {
    List<Instance> found;
    try {
      found =
          ec2.describeInstances(b -> b.instanceIds(vm)).reservations().stream()
              .flatMap(r -> r.instances().stream())
              .toList();
    } catch (SdkException e) {
      throw AwsFailures.exception("ec2:DescribeInstances", vm, e);
    }
    if (found.isEmpty()) {
      throw new ContainmentException(
          new ProviderFailure(
              ProviderFailure.Kind.NOT_FOUND,
              "ec2:DescribeInstances",
              vm,
              null,
              "no such instance"));
    }
    return found.get(0);
  }

  static Map<String, String> tags(Instance i) {
    return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (x, y) -> x));
  }
}
