package io.runwatch.aws.contain;

import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.ProviderFailure;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps SDK exceptions to typed {@link ProviderFailure}s naming the API and the resource. AWS error
 * messages quote the caller's ARN ("User: arn:aws:sts::…:assumed-role/… is not authorized"): it is
 * replaced by {@code <principal>}, so answers and audit records carry codes, not identities.
 */
final class AwsFailures {
  private static final Set<String> DENIED =
      Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure");
  private static final Set<String> THROTTLED =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled");

  private AwsFailures() {}

  static ProviderFailure of(String api, String resource, SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      String code = s.awsErrorDetails().errorCode();
      String message = clean(s.awsErrorDetails().errorMessage());
      return new ProviderFailure(kind(code, s.statusCode()), api, resource, code, message);
    }
    return new ProviderFailure(
        ProviderFailure.Kind.ERROR,
        api,
        resource,
        e.getClass().getSimpleName(),
        clean(e.getMessage()));
  }

  static ContainmentException exception(String api, String resource, SdkException e) {
    return new ContainmentException(of(api, resource, e), e);
  }

  private static ProviderFailure.Kind kind(String code, int status) {
    if (code == null) {
      return status == 403 ? ProviderFailure.Kind.ACCESS_DENIED : ProviderFailure.Kind.ERROR;
    }
    if (DENIED.contains(code)) {
      return ProviderFailure.Kind.ACCESS_DENIED;
    }
    if (THROTTLED.contains(code)) {
      return ProviderFailure.Kind.THROTTLED;
    }
    if (code.equals("NoSuchEntity")
        || code.endsWith(".NotFound")
        || code.equals("InvalidCommandId")) {
      return ProviderFailure.Kind.NOT_FOUND;
    }
    return ProviderFailure.Kind.ERROR;
  }

  static String clean(String message) {
    if (message == null) {
      return null;
    }
    return message.replaceAll("arn:aws[\\w-]*:(?:sts|iam)::\\d{12}:[^\\s,]+", "<principal>");
  }
}
