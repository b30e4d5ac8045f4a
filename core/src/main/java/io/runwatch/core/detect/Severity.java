package io.runwatch.core.detect;

/** Finding severity, in OCSF's order ({@code severity_id} 1 to 5). */
public enum Severity {
  INFORMATIONAL(1),
  LOW(2),
  MEDIUM(3),
  HIGH(4),
  CRITICAL(5);

  private final int ocsfId;

  Severity(int ocsfId) {
    this.ocsfId = ocsfId;
  }

  public int ocsfId() {
    return ocsfId;
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
