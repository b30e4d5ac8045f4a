# One least-privilege role per function. Rule for this file (checked by TerraformModuleTest):
# no write action on Resource "*" unless the API has no resource-level permissions, and every
# statement on "*" carries a comment starting with `Resource "*":` right above it.

locals {
  table_arns = {
    baselines = aws_dynamodb_table.baselines.arn
    findings  = aws_dynamodb_table.findings.arn
    pending   = aws_dynamodb_table.pending.arn
    journal   = aws_dynamodb_table.journal.arn
    audit     = aws_dynamodb_table.audit.arn
  }

  telemetry_log_group_arns = flatten([
    for name in var.telemetry_log_groups : [
      "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${name}",
      "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${name}:*",
    ]
  ])

  # Customer managed keys are used through these services only.
  kms_via_services = [
    "dynamodb.${local.region}.amazonaws.com",
    "sns.${local.region}.amazonaws.com",
    "sqs.${local.region}.amazonaws.com",
  ]

  # The contain function must never rewrite the policies of runwatch's own roles.
  runwatch_role_pattern = "arn:${local.partition}:iam::${local.account}:role/${var.name_prefix}-*"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaService"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# ============================================================ detection (detect, detect-sqs, recheck)

data "aws_iam_policy_document" "detection" {
  statement {
    sid = "DetectionTables"
    actions = [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ]
    resources = [
      local.table_arns.baselines,
      local.table_arns.findings,
      local.table_arns.pending,
      "${local.table_arns.pending}/index/byCommandId",
      local.table_arns.journal,
    ]
  }

  # Resource "*": ssm:ListCommands, ssm:ListCommandInvocations and ssm:GetCommandInvocation
  # have no resource-level permissions (Service Authorization Reference); all three are reads.
  statement {
    sid = "ReadRunCommandHistory"
    actions = [
      "ssm:ListCommands",
      "ssm:ListCommandInvocations",
      "ssm:GetCommandInvocation",
    ]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(var.telemetry_log_groups) > 0 ? [1] : []
    content {
      sid       = "StartTelemetryQueries"
      actions   = ["logs:StartQuery"]
      resources = local.telemetry_log_group_arns
    }
  }

  # Resource "*": logs:GetQueryResults and logs:StopQuery take a query id, not a log group,
  # and have no resource-level permissions; the query itself is scoped by StartQuery above.
  statement {
    sid       = "ReadTelemetryQueryResults"
    actions   = ["logs:GetQueryResults", "logs:StopQuery"]
    resources = ["*"]
  }

  statement {
    sid       = "PublishFindings"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.findings.arn]
  }

  statement {
    sid       = "UseKeyThroughDataServices"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = local.kms_via_services
    }
  }

  # Resource "*": ec2:DescribeInstances has no resource-level permissions; read-only, used to
  # map host names and private IPs in telemetry to instance ids.
  statement {
    sid       = "MapHostsToInstances"
    actions   = ["ec2:DescribeInstances"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.enable_security_hub ? [1] : []
    content {
      sid       = "ImportFindingsToSecurityHub"
      actions   = ["securityhub:BatchImportFindings"]
      resources = ["arn:${local.partition}:securityhub:${local.region}:${local.account}:product/${local.account}/default"]
    }
  }

  dynamic "statement" {
    for_each = local.policy_s3_object == null ? [] : [1]
    content {
      sid       = "ReadPolicyObject"
      actions   = ["s3:GetObject"]
      resources = ["arn:${local.partition}:s3:::${local.policy_s3_object}"]
    }
  }

  dynamic "statement" {
    for_each = local.policy_ssm_parameter == null ? [] : [1]
    content {
      sid       = "ReadPolicyParameter"
      actions   = ["ssm:GetParameter"]
      resources = ["arn:${local.partition}:ssm:${local.region}:${local.account}:parameter/${trimprefix(coalesce(local.policy_ssm_parameter, "-"), "/")}"]
    }
  }
}

# ------------------------------------------------------------ detect

resource "aws_iam_role" "detect" {
  name               = "${var.name_prefix}-detect"
  description        = "runwatch detect function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "detect" {
  source_policy_documents = [data.aws_iam_policy_document.detection.json]

  statement {
    sid       = "DetectWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.detect.arn}:*"]
  }
}

resource "aws_iam_role_policy" "detect" {
  name   = "runwatch-detect"
  role   = aws_iam_role.detect.id
  policy = data.aws_iam_policy_document.detect.json
}

# ------------------------------------------------------------ detect-sqs

resource "aws_iam_role" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  name               = "${var.name_prefix}-detect-sqs"
  description        = "runwatch detect-sqs function (SQS-buffered variant)"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  source_policy_documents = [data.aws_iam_policy_document.detection.json]

  statement {
    sid = "ConsumeBufferQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.buffer[0].arn]
  }

  statement {
    sid       = "DetectSqsWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.detect_sqs[0].arn}:*"]
  }
}

resource "aws_iam_role_policy" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  name   = "runwatch-detect-sqs"
  role   = aws_iam_role.detect_sqs[0].id
  policy = data.aws_iam_policy_document.detect_sqs[0].json
}

# ------------------------------------------------------------ recheck

resource "aws_iam_role" "recheck" {
  name               = "${var.name_prefix}-recheck"
  description        = "runwatch recheck function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "recheck" {
  source_policy_documents = [data.aws_iam_policy_document.detection.json]

  # Only recheck walks the whole (small, TTL-bounded) pending table for due deadlines.
  statement {
    sid       = "ScanPendingForDueDeadlines"
    actions   = ["dynamodb:Scan"]
    resources = [local.table_arns.pending]
  }

  statement {
    sid       = "RecheckWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.recheck.arn}:*"]
  }
}

resource "aws_iam_role_policy" "recheck" {
  name   = "runwatch-recheck"
  role   = aws_iam_role.recheck.id
  policy = data.aws_iam_policy_document.recheck.json
}

# ============================================================ contain

resource "aws_iam_role" "contain" {
  name               = "${var.name_prefix}-contain"
  description        = "runwatch contain function: disable keys, quarantine policies, isolate instances"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "contain" {
  statement {
    sid = "DisableKeysAndQuarantineUsers"
    actions = [
      "iam:ListAccessKeys",
      "iam:UpdateAccessKey",
      "iam:PutUserPolicy",
      "iam:DeleteUserPolicy",
    ]
    resources = ["arn:${local.partition}:iam::${local.account}:user/*"]
  }

  statement {
    sid = "QuarantineRoles"
    actions = [
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:GetRolePolicy",
    ]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]
  }

  # An explicit Deny wins over the Allows above: runwatch never changes or passes its own roles.
  statement {
    sid    = "NeverTouchRunwatchRoles"
    effect = "Deny"
    actions = [
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:PassRole",
    ]
    resources = [local.runwatch_role_pattern]
  }

  # Resource "*": ssm:CancelCommand and ssm:ListCommands have no resource-level permissions
  # (a command id is not an ARN); CancelCommand only stops a command already running.
  statement {
    sid       = "CancelRunningCommands"
    actions   = ["ssm:CancelCommand", "ssm:ListCommands"]
    resources = ["*"]
  }

  # Resource "*": ec2:DescribeInstances and ec2:DescribeIamInstanceProfileAssociations have no
  # resource-level permissions; both are reads.
  statement {
    sid = "DescribeInstancesToIsolate"
    actions = [
      "ec2:DescribeInstances",
      "ec2:DescribeIamInstanceProfileAssociations",
    ]
    resources = ["*"]
  }

  # Snapshots have no account in their ARN (arn:aws:ec2:region::snapshot/id).
  statement {
    sid = "IsolateInstances"
    actions = [
      "ec2:ModifyInstanceAttribute",
      "ec2:ModifyNetworkInterfaceAttribute",
      "ec2:CreateTags",
      "ec2:DeleteTags",
      "ec2:CreateSnapshots",
      "ec2:DisassociateIamInstanceProfile",
      "ec2:AssociateIamInstanceProfile",
    ]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:${local.account}:instance/*",
      "arn:${local.partition}:ec2:${local.region}:${local.account}:network-interface/*",
      "arn:${local.partition}:ec2:${local.region}:${local.account}:volume/*",
      "arn:${local.partition}:ec2:${local.region}:${local.account}:security-group/*",
      "arn:${local.partition}:ec2:${local.region}::snapshot/*",
    ]
  }

  # Rollback only: re-associating an instance's original instance profile passes its role to
  # EC2. Which role that is cannot be known here, hence role/*, but only towards EC2 and never
  # a runwatch role (Deny above).
  statement {
    sid       = "PassOriginalInstanceRoleOnRollback"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  statement {
    sid       = "WriteAudit"
    actions   = ["dynamodb:PutItem"]
    resources = [local.table_arns.audit]
  }

  statement {
    sid       = "ReadFindings"
    actions   = ["dynamodb:GetItem"]
    resources = [local.table_arns.findings]
  }

  statement {
    sid       = "PublishContainmentNotices"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.findings.arn]
  }

  statement {
    sid       = "ContainUsesKeyThroughDataServices"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = local.kms_via_services
    }
  }

  statement {
    sid       = "ContainWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.contain.arn}:*"]
  }

  dynamic "statement" {
    for_each = local.policy_s3_object == null ? [] : [1]
    content {
      sid       = "ContainReadsPolicyObject"
      actions   = ["s3:GetObject"]
      resources = ["arn:${local.partition}:s3:::${local.policy_s3_object}"]
    }
  }

  dynamic "statement" {
    for_each = local.policy_ssm_parameter == null ? [] : [1]
    content {
      sid       = "ContainReadsPolicyParameter"
      actions   = ["ssm:GetParameter"]
      resources = ["arn:${local.partition}:ssm:${local.region}:${local.account}:parameter/${trimprefix(coalesce(local.policy_ssm_parameter, "-"), "/")}"]
    }
  }
}

resource "aws_iam_role_policy" "contain" {
  name   = "runwatch-contain"
  role   = aws_iam_role.contain.id
  policy = data.aws_iam_policy_document.contain.json
}
