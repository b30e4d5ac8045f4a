package io.runwatch.core.model;

/** The control plane an admin command came through. */
public enum Cloud {
  AWS,
  AZURE,
  GCP
}
