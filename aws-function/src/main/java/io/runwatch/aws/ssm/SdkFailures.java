package io.runwatch.aws.ssm;

import io.runwatch.core.port.CommandContentSource.Availability;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts an SDK failure into the port's {@link Availability} and a short detail that is safe to put
 * in a finding: the operation, the error code and the HTTP status only. The service's message is
 * never copied, because AWS writes the caller's ARN into access-denied messages.
 */
public final class SdkFailures {
  private static final Set<String> DENIED =
      Set.of(
          "AccessDeniedException",
          "AccessDenied",
          "UnauthorizedOperation",
          "UnrecognizedClientException",
          "ExpiredTokenException");

  private static final Set<String> NOT_FOUND =
      Set.of("InvalidCommandId", "InvalidInstanceId", "DoesNotExistException");

  private SdkFailures() {}

  /** What {@code e} means for a caller that must not throw. */
  public static Availability availability(SdkException e) {
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      if (DENIED.contains(code) || ase.statusCode() == 403) {
        return Availability.DENIED;
      }
      if (ase.isThrottlingException()) {
        return Availability.THROTTLED;
      }
      if (NOT_FOUND.contains(code)) {
        return Availability.NOT_FOUND;
      }
      return Availability.ERROR;
    }
    return Availability.ERROR;
  }

  /**
   * {@code operation} and what went wrong, without the service's message (it may hold ARNs) or the
   * client's (it may hold the endpoint's address).
   */
  public static String detail(String operation, SdkException e) {
    if (e instanceof AwsServiceException ase) {
      return operation + " failed: " + code(ase) + " (HTTP " + ase.statusCode() + ")";
    }
    return operation + " failed: " + e.getClass().getSimpleName();
  }

  private static String code(AwsServiceException ase) {
    return ase.awsErrorDetails() != null && ase.awsErrorDetails().errorCode() != null
        ? ase.awsErrorDetails().errorCode()
        : "Unknown";
  }
}
