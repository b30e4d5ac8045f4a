package io.runwatch.core.contain;

/**
 * Who may ask for containment. Each cloud plugs its own rule (AWS responder roles, an Entra group,
 * a Google group); {@link ContainmentService} asks it before reading the finding, so a refused
 * caller learns nothing about it.
 */
public interface CallerAuthorization {
  /** The verdict, with the reason a refusal is recorded and answered with. */
  record Verdict(boolean allowed, String reason) {
    public static Verdict allow(String reason) {
      return new Verdict(true, reason);
    }

    public static Verdict refuse(String reason) {
      return new Verdict(false, reason);
    }
  }

  /**
   * @param changes the request would change something (execute or rollback with a confirm)
   */
  Verdict authorize(Caller caller, boolean changes);

  /**
   * Whether {@code principalId} (a principal or role id from an action's parameters) is one of the
   * responders: containing it would lock the responders out, so the service refuses.
   */
  default boolean isResponder(String principalId) {
    return false;
  }
}
