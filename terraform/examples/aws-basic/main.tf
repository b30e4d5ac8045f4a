provider "aws" {
  region = var.region

  default_tags {
    tags = {
      "runwatch:example" = "aws-basic"
    }
  }
}

module "runwatch" {
  source = "../../modules/aws"

  name_prefix          = "runwatch"
  lambda_jar           = var.lambda_jar
  artifact_bucket      = var.artifact_bucket
  alert_email          = var.alert_email
  email_min_severity   = ["HIGH", "CRITICAL"]
  vpc_id               = var.vpc_id
  responder_role_arns  = var.responder_role_arns
  telemetry_log_groups = var.telemetry_log_groups

  # IAM events only reach EventBridge in us-east-1.
  enable_identity_rules = var.region == "us-east-1"

  # A test deployment should be easy to destroy; keep the default (true) in production.
  deletion_protection = false
}
