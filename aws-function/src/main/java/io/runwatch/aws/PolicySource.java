package io.runwatch.aws;

import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads the policy YAML from where the deployment keeps it: an S3 object (versioned, reviewed
 * through the bucket's change process) or an SSM parameter (small policies, SecureString allowed).
 * The YAML goes through the same validating loader as the CLI's, so a bad policy fails the cold
 * start with line and column instead of judging with half a policy.
 */
public final class PolicySource {
  private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");
  private static final Pattern SSM = Pattern.compile("ssm:(/[A-Za-z0-9_./-]{1,1010})");

  private PolicySource() {}

  static boolean isLocation(String location) {
    return S3.matcher(location).matches() || SSM.matcher(location).matches();
  }

  /**
   * @param s3 used for {@code s3://} locations
   * @param ssm used for {@code ssm:} locations
   */
  public static Policy load(String location, S3Client s3, SsmClient ssm) {
    Matcher m = S3.matcher(location);
    if (m.matches()) {
      String yaml =
          s3.getObjectAsBytes(b -> b.bucket(m.group(1)).key(m.group(2)))
              .asString(StandardCharsets.UTF_8);
      return PolicyLoader.parse(yaml, location);
    }
    Matcher p = SSM.matcher(location);
    if (p.matches()) {
      String yaml =
          ssm.getParameter(b -> b.name(p.group(1)).withDecryption(true)).parameter().value();
      return PolicyLoader.parse(yaml, location);
    }
    throw new IllegalArgumentException("not a policy location: s3://bucket/key or ssm:/name");
  }
}
