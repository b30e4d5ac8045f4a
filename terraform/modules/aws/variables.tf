variable "name_prefix" {
  description = "Prefix of every resource name (functions, tables, roles, topic, queues). Roles matching <prefix>-* are protected from the contain-url function."
  type        = string
  default     = "runwatch"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name_prefix))
    error_message = "name_prefix must be 2-31 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "lambda_jar" {
  description = "Path of the shaded deployable jar: aws-function/target/runwatch-aws-function.jar (./mvnw -B -ntp package -pl aws-function -am)."
  type        = string
}

variable "artifact_bucket" {
  description = "Name of an existing S3 bucket (same region as the functions) to upload the jar to, under <name_prefix>/aws-function-<md5>.jar. null: the module creates a private, versioned, KMS-encrypted, TLS-only bucket <name_prefix>-code-*. Terraform's caller needs s3:PutObject and s3:GetObject there and kms:GenerateDataKey and kms:Decrypt on the module key."
  type        = string
  default     = null

  validation {
    condition     = var.artifact_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_bucket))
    error_message = "artifact_bucket must be an S3 bucket name (3-63 lower-case letters, digits, dots or dashes), not an ARN or s3:// URL."
  }
}

variable "artifact_bucket_force_destroy" {
  description = "force_destroy of the bucket the module creates (artifact_bucket = null): let `terraform destroy` delete it even when objects written outside Terraform are still in it. Keep false outside test deployments."
  type        = bool
  default     = false
}

variable "memory_size" {
  description = "Memory (MB) of every function. 512 gives the JVM more CPU for the first invocation after a SnapStart restore; 256 works too (slower cold path, lower cost)."
  type        = number
  default     = 512
}

variable "timeout_seconds" {
  description = "Timeout of the detect, detect-sqs, contain and contain-url functions."
  type        = number
  default     = 60
}

variable "recheck_timeout_seconds" {
  description = "Timeout of the recheck function (walks every due pending correlation, may query Logs Insights)."
  type        = number
  default     = 240
}

variable "architecture" {
  description = "Lambda instruction set: x86_64 or arm64 (both support SnapStart for java21)."
  type        = string
  default     = "x86_64"
}

variable "log_retention_days" {
  description = "Retention of the /aws/lambda/<function> log groups."
  type        = number
  default     = 90
}

variable "alert_email" {
  description = "Optional e-mail address subscribed to the findings topic (the recipient must confirm the subscription)."
  type        = string
  default     = null
}

variable "email_min_severity" {
  description = "Severities delivered to alert_email: SNS filter policy on the `severity` message attribute."
  type        = list(string)
  default     = ["HIGH", "CRITICAL"]
}

variable "min_severity" {
  description = "RUNWATCH_MIN_SEVERITY: lowest severity the functions publish to the topic."
  type        = string
  default     = "LOW"
}

variable "recheck_deadline" {
  description = "RUNWATCH_RECHECK_DEADLINE: ISO-8601 duration a pending correlation waits for telemetry."
  type        = string
  default     = "PT2H"
}

variable "telemetry_log_groups" {
  description = "Names of CloudWatch log groups holding host telemetry (auditd, osquery, ...) queried with Logs Insights. Becomes RUNWATCH_LOG_GROUPS; logs:StartQuery is granted on these groups only."
  type        = list(string)
  default     = []
}

variable "enable_security_hub" {
  description = "Also import findings into Security Hub (ASFF, BatchImportFindings to this account's default product)."
  type        = bool
  default     = false
}

variable "policy_location" {
  description = "Optional RUNWATCH_POLICY: `s3://bucket/key` or `ssm:/parameter/name` of the policy YAML. Read access is granted on that object or parameter only."
  type        = string
  default     = null

  validation {
    condition     = var.policy_location == null || can(regex("^(s3://[^/]+/.+|ssm:/.+)$", var.policy_location))
    error_message = "policy_location must look like s3://bucket/key or ssm:/parameter/name."
  }
}

variable "buffer_with_sqs" {
  description = "Route EventBridge events through an SQS queue to the detect-sqs function (ReportBatchItemFailures) instead of invoking detect directly."
  type        = bool
  default     = false
}

variable "enable_identity_rules" {
  description = "Create the IAM/STS identity-context rule. IAM is a global service: its CloudTrail events reach EventBridge in us-east-1 only, so enable this where the module runs in us-east-1 (or forward those events to this region's default bus)."
  type        = bool
  default     = true
}

variable "event_max_age_seconds" {
  description = "EventBridge target retry policy: how long an undelivered event is retried (60-86400)."
  type        = number
  default     = 3600
}

variable "event_max_retry_attempts" {
  description = "EventBridge target retry policy: maximum retry attempts (0-185)."
  type        = number
  default     = 16
}

variable "vpc_id" {
  description = "VPC of the instances runwatch may isolate. When set, a quarantine security group (no rules at all) is created there and passed as RUNWATCH_QUARANTINE_SG."
  type        = string
  default     = null
}

variable "responder_role_arns" {
  description = "IAM role ARNs of the responders: they may invoke contain (dry runs) and contain-url through its IAM-authenticated function URL only (execute, rollback). Becomes RUNWATCH_RESPONDER_ROLES; contain-url's role may not change their policies."
  type        = list(string)
  default     = []
}

variable "deletion_protection" {
  description = "DynamoDB deletion protection on every table."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
}
