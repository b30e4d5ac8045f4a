package io.runwatch.core.model;

/** Who is behind a principal, as far as the control-plane record can tell. */
public enum PrincipalKind {
  /** A person: an IAM user, root, an SSO or federated session, an Entra ID user. */
  HUMAN,
  /** An assumed role whose session does not identify a person or a VM. */
  ROLE_SESSION,
  /** A workload identity: GCP service account, Entra ID application or managed identity. */
  SERVICE_ACCOUNT,
  /** The cloud provider acting on its own behalf (e.g. an AWS service via invokedBy). */
  CLOUD_SERVICE,
  /** A VM's own identity: commands it issues to other VMs are a pivot. */
  INSTANCE_IDENTITY,
  UNKNOWN
}
