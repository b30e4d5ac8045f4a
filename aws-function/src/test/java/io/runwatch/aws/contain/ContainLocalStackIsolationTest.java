package io.runwatch.aws.contain;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.triage.ContainmentAction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Isolation and its rollback against LocalStack's EC2, where the instance, its ENI and groups are
 * real objects: the same path {@link AwsContainmentProviderTest} checks request by request on
 * WireMock. Skipped without Docker (as on the shared build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainLocalStackIsolationTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices(LocalStackContainer.Service.EC2);

  private static Ec2Client ec2() {
    return Ec2Client.builder()
        .endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void isolateThenRollBack() {
    Ec2Client ec2 = ec2();
    String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
    String web =
        ec2.createSecurityGroup(b -> b.groupName("web").description("web").vpcId(vpc)).groupId();
    String quarantine =
        ec2.createSecurityGroup(b -> b.groupName("quarantine").description("q").vpcId(vpc))
            .groupId();
    String vm =
        ec2.runInstances(
                b -> b.imageId("ami-00000000").minCount(1).maxCount(1).securityGroupIds(web))
            .instances()
            .get(0)
            .instanceId();
    ContainmentClients clients =
        new ContainmentClients() {
          @Override
          public IamClient iam() {
            throw new UnsupportedOperationException();
          }

          @Override
          public Ec2Client ec2(String region) {
            return ec2;
          }

          @Override
          public SsmClient ssm(String region) {
            throw new UnsupportedOperationException();
          }
        };
    AwsContainmentProvider provider = new AwsContainmentProvider(clients, quarantine);
    ContainmentAction isolate =
        new ContainmentAction(
            ContainmentAction.Kind.ISOLATE_VM, Cloud.AWS, Map.of("vm", vm), "test", null);

    assertThat(provider.apply(provider.plan(isolate)).succeeded()).isTrue();
    assertThat(groups(ec2, vm)).containsExactly(quarantine);
    assertThat(provider.plan(isolate).satisfied()).isTrue();

    Plan rollback = provider.planRollback(isolate).orElseThrow();
    assertThat(rollback.direction()).isEqualTo(Direction.ROLLBACK);
    assertThat(provider.apply(rollback).succeeded()).isTrue();
    assertThat(groups(ec2, vm)).containsExactly(web);
  }

  private static java.util.List<String> groups(Ec2Client ec2, String vm) {
    Instance i =
        ec2.describeInstances(b -> b.instanceIds(vm)).reservations().get(0).instances().get(0);
    return i.networkInterfaces().get(0).groups().stream().map(g -> g.groupId()).toList();
  }
}
