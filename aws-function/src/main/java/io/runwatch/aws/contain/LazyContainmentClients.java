package io.runwatch.aws.contain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Production clients, created on first use and reused across invocations (cold start: a dry run of
 * an SSM cancel never builds the IAM client). URL-connection HTTP client only, per the contract.
 */
public final class LazyContainmentClients implements ContainmentClients {
  private final Region home;
  private volatile IamClient iam;
  private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
  private final Map<String, SsmClient> ssm = new ConcurrentHashMap<>();

  /**
   * @param home the function's region ({@code AWS_REGION}), used when an action names none
   */
  public LazyContainmentClients(Region home) {
    this.home = home;
  }

  @Override
  public IamClient iam() {
    IamClient c = iam;
    if (c == null) {
      synchronized (this) {
        if (iam == null) {
          iam =
              IamClient.builder()
                  .region(Region.AWS_GLOBAL)
                  .httpClientBuilder(UrlConnectionHttpClient.builder())
                  .build();
        }
        c = iam;
      }
    }
    return c;
  }

  @Override
  public Ec2Client ec2(String region) {
    return ec2.computeIfAbsent(
        regionOr(region),
        r ->
            Ec2Client.builder()
                .region(Region.of(r))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  @Override
  public SsmClient ssm(String region) {
    return ssm.computeIfAbsent(
        regionOr(region),
        r ->
            SsmClient.builder()
                .region(Region.of(r))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  private String regionOr(String region) {
    return region == null || region.isBlank() ? home.id() : region;
  }
}
