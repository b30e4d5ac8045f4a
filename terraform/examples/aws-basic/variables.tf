variable "region" {
  description = "Region to deploy in. Use us-east-1 to also receive IAM/STS identity events (global service)."
  type        = string
  default     = "us-east-1"
}

variable "lambda_jar" {
  description = "Shaded jar built by ./mvnw (path relative to this directory by default)."
  type        = string
  default     = "../../../aws-function/target/runwatch-aws-function.jar"
}

variable "artifact_bucket" {
  description = "Existing S3 bucket for the jar (same region). null: the module creates a private, versioned, KMS-encrypted bucket."
  type        = string
  default     = null
}

variable "alert_email" {
  description = "E-mail address for HIGH and CRITICAL findings (confirm the subscription mail)."
  type        = string
  default     = null
}

variable "vpc_id" {
  description = "VPC of the instances to protect; creates the quarantine security group."
  type        = string
  default     = null
}

variable "responder_role_arns" {
  description = "IAM roles of the responders: dry runs on contain, execute and rollback through the contain-url function URL."
  type        = list(string)
  default     = []
}

variable "telemetry_log_groups" {
  description = "CloudWatch log groups with host telemetry (auditd, osquery) for correlation."
  type        = list(string)
  default     = []
}
