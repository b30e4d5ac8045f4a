# runwatch on AWS: detection of cloud admin command execution (MITRE ATT&CK T1651).
#
# File map: lambda.tf (functions, aliases, log groups, function URL, responder permissions),
# artifacts.tf (the jar in S3, and the artifact bucket unless artifact_bucket is given),
# iam.tf (one role per function), events.tf (EventBridge rules, targets, DLQ), buffer.tf
# (optional SQS-buffered variant), dynamodb.tf, kms.tf, sns.tf, scheduler.tf (recheck every
# 5 minutes), network.tf (quarantine security group).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  # Provider 6.x: `region` (the older `name` attribute is deprecated there).
  region = data.aws_region.current.region

  function_names = {
    detect      = "${var.name_prefix}-detect"
    detect_sqs  = "${var.name_prefix}-detect-sqs"
    recheck     = "${var.name_prefix}-recheck"
    contain     = "${var.name_prefix}-contain"
    contain_url = "${var.name_prefix}-contain-url"
  }

  handlers = {
    detect     = "io.runwatch.aws.DetectHandler::handleRequest"
    detect_sqs = "io.runwatch.aws.SqsDetectHandler::handleRequest"
    recheck    = "io.runwatch.aws.RecheckHandler::handleRequest"
    contain    = "io.runwatch.aws.ContainHandler::handleRequest"
    # The same handler again: RUNWATCH_CONTAIN_ENTRY tells the two deployments apart.
    contain_url = "io.runwatch.aws.ContainHandler::handleRequest"
  }

  # Every function's alias: EventBridge, the scheduler, the SQS mapping, the responders and the
  # function URL call the alias, so a new jar is live only once its SnapStart version is published.
  alias_name = "live"

  # Optional policy YAML location, split into the resource the roles may read (coalesce keeps
  # the functions away from null: HCL evaluates both branches of a conditional).
  policy_s3_object     = var.policy_location != null && startswith(coalesce(var.policy_location, "-"), "s3://") ? trimprefix(coalesce(var.policy_location, "-"), "s3://") : null
  policy_ssm_parameter = var.policy_location != null && startswith(coalesce(var.policy_location, "-"), "ssm:") ? trimprefix(coalesce(var.policy_location, "-"), "ssm:") : null
  policy_env           = var.policy_location == null ? {} : { RUNWATCH_POLICY = var.policy_location }

  # Environment shared by detect, detect-sqs and recheck (see notes/aws-contract.md).
  detection_env = {
    RUNWATCH_BASELINES_TABLE  = aws_dynamodb_table.baselines.name
    RUNWATCH_FINDINGS_TABLE   = aws_dynamodb_table.findings.name
    RUNWATCH_PENDING_TABLE    = aws_dynamodb_table.pending.name
    RUNWATCH_JOURNAL_TABLE    = aws_dynamodb_table.journal.name
    RUNWATCH_TOPIC_ARN        = aws_sns_topic.findings.arn
    RUNWATCH_LOG_GROUPS       = join(",", var.telemetry_log_groups)
    RUNWATCH_SECURITY_HUB     = tostring(var.enable_security_hub)
    RUNWATCH_MIN_SEVERITY     = var.min_severity
    RUNWATCH_RECHECK_DEADLINE = var.recheck_deadline
    # Named in findings as the dry-run target (aws lambda invoke); executing goes through the
    # contain-url function URL (see README.md).
    RUNWATCH_CONTAIN_FUNCTION = local.function_names.contain
  }

  # Environment of both containment functions; each adds its RUNWATCH_CONTAIN_ENTRY (lambda.tf).
  # RUNWATCH_QUARANTINE_SG is empty without vpc_id: isolation is then refused with a message
  # saying so, every other action works.
  contain_env = {
    RUNWATCH_FINDINGS_TABLE  = aws_dynamodb_table.findings.name
    RUNWATCH_AUDIT_TABLE     = aws_dynamodb_table.audit.name
    RUNWATCH_TOPIC_ARN       = aws_sns_topic.findings.arn
    RUNWATCH_RESPONDER_ROLES = join(",", var.responder_role_arns)
    RUNWATCH_QUARANTINE_SG   = var.vpc_id == null ? "" : aws_security_group.quarantine[0].id
  }

  # EventBridge patterns on the default bus. Kept as HCL objects (jsonencode'd in events.tf)
  # so they read as data and the module test can assert them.
  event_patterns = {
    # (a) The Systems Manager API calls that run, schedule or define commands on instances.
    ssm_api = {
      source        = ["aws.ssm"]
      "detail-type" = ["AWS API Call via CloudTrail"]
      detail = {
        eventSource = ["ssm.amazonaws.com"]
        eventName = [
          "SendCommand",
          "StartSession",
          "ResumeSession",
          "CreateAssociation",
          "UpdateAssociation",
          "StartAssociationsOnce",
          "CreateDocument",
          "UpdateDocument",
        ]
      }
    }
    # (b) Status events SSM sends straight to EventBridge: command and invocation outcomes,
    # maintenance-window executions (and their tasks and per-target invocations).
    ssm_status = {
      source = ["aws.ssm"]
      "detail-type" = [
        "EC2 Command Status-change Notification",
        "EC2 Command Invocation Status-change Notification",
        "Maintenance Window Execution State-change Notification",
        "Maintenance Window Task Execution State-change Notification",
        "Maintenance Window Task Target Invocation State-change Notification",
      ]
    }
    # (c) Identity context: new credentials and privilege changes around a command.
    # IAM and STS-global calls are recorded in us-east-1 only, so these events reach
    # EventBridge in us-east-1: deploy this module there too, or forward them from
    # us-east-1 to this region's default bus with a cross-region rule.
    identity = {
      source        = ["aws.iam", "aws.sts"]
      "detail-type" = ["AWS API Call via CloudTrail"]
      detail = {
        eventSource = ["iam.amazonaws.com", "sts.amazonaws.com"]
        eventName = [
          "CreateAccessKey",
          "UpdateAccessKey",
          "AttachUserPolicy",
          "AttachRolePolicy",
          "PutUserPolicy",
          "PutRolePolicy",
          "CreateLoginProfile",
          "UpdateAssumeRolePolicy",
          "GetFederationToken",
        ]
      }
    }
  }

  event_rules = {
    for name, pattern in local.event_patterns : name => pattern
    if name != "identity" || var.enable_identity_rules
  }

  tags = merge({ "runwatch:component" = "runwatch" }, var.tags)
}
