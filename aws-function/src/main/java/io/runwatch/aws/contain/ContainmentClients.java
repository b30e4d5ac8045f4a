package io.runwatch.aws.contain;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients containment needs. IAM is global; EC2 and SSM are per region, taken from the
 * action's {@code region} parameter (the region the command ran in), so one function contains VMs
 * in every region of its account.
 */
public interface ContainmentClients {
  IamClient iam();

  Ec2Client ec2(String region);

  SsmClient ssm(String region);
}
