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

# ============================================================ contain (dry runs) and contain-url
#
# Both run ContainHandler. contain (RUNWATCH_CONTAIN_ENTRY=invoke) only ever plans: the code
# refuses execute and rollback for its unverified direct-invoke caller. Least privilege does not
# rely on that: its role holds exactly the reads the steps' plan() and rollback-plan make, the
# findings lookup, the audit record and the notice, and no containment write at all. contain-url
# holds the write set (and the same reads, because it plans again before it changes anything).

# Reads the containment steps make while planning (aws-function/.../aws/contain/*.java): shared
# by both roles through source_policy_documents.
data "aws_iam_policy_document" "containment_reads" {
  # IamUserDisable: the user's keys, its runwatch:deactivated-keys tag, its deny-all policy.
  statement {
    sid = "ReadUsersToPlan"
    actions = [
      "iam:ListAccessKeys",
      "iam:ListUserTags",
      "iam:GetUserPolicy",
    ]
    resources = ["arn:${local.partition}:iam::${local.account}:user/*"]
  }

  # IamRoleRevokeSessions: the role's runwatch-revoke-older-sessions policy.
  statement {
    sid       = "ReadRolePoliciesToPlan"
    actions   = ["iam:GetRolePolicy"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]
  }

  # Resource "*": ssm:ListCommands has no resource-level permissions (a command id is not an
  # ARN); read-only, SsmCommandCancel reads the command's status.
  statement {
    sid       = "ReadCommandStatusToPlan"
    actions   = ["ssm:ListCommands"]
    resources = ["*"]
  }

  # Resource "*": ec2:DescribeInstances, ec2:DescribeIamInstanceProfileAssociations and
  # ec2:DescribeSnapshots have no resource-level permissions; all three are reads (isolation,
  # instance profile and snapshot steps).
  statement {
    sid = "DescribeInstancesToPlan"
    actions = [
      "ec2:DescribeInstances",
      "ec2:DescribeIamInstanceProfileAssociations",
      "ec2:DescribeSnapshots",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ReadFindings"
    actions   = ["dynamodb:GetItem"]
    resources = [local.table_arns.findings]
  }

  # Every attempt, dry runs included, is audited before it is answered.
  statement {
    sid       = "WriteAudit"
    actions   = ["dynamodb:PutItem"]
    resources = [local.table_arns.audit]
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

# ------------------------------------------------------------ contain (read-only)

resource "aws_iam_role" "contain" {
  name               = "${var.name_prefix}-contain"
  description        = "runwatch contain function: containment dry runs, read-only"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "contain" {
  source_policy_documents = [data.aws_iam_policy_document.containment_reads.json]

  statement {
    sid       = "ContainWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.contain.arn}:*"]
  }
}

resource "aws_iam_role_policy" "contain" {
  name   = "runwatch-contain"
  role   = aws_iam_role.contain.id
  policy = data.aws_iam_policy_document.contain.json
}

# ------------------------------------------------------------ contain-url (the write set)

resource "aws_iam_role" "contain_url" {
  name               = "${var.name_prefix}-contain-url"
  description        = "runwatch contain-url function: disable keys, revoke sessions, detach profiles, isolate, snapshot"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "contain_url" {
  source_policy_documents = [data.aws_iam_policy_document.containment_reads.json]

  statement {
    sid = "DisableKeysAndQuarantineUsers"
    actions = [
      "iam:UpdateAccessKey",
      "iam:TagUser",
      "iam:UntagUser",
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
    ]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]
  }

  # An explicit Deny wins over the Allows here: runwatch never changes or passes its own roles.
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

  # The handler refuses to contain a responder role (it would lock responders out); the role
  # cannot either.
  dynamic "statement" {
    for_each = length(var.responder_role_arns) > 0 ? [1] : []
    content {
      sid    = "NeverTouchResponderRoles"
      effect = "Deny"
      actions = [
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
      ]
      resources = var.responder_role_arns
    }
  }

  # Resource "*": ssm:CancelCommand has no resource-level permissions (a command id is not an
  # ARN); it only stops a command already running.
  statement {
    sid       = "CancelRunningCommands"
    actions   = ["ssm:CancelCommand"]
    resources = ["*"]
  }

  # Isolation swaps every ENI's groups (ModifyNetworkInterfaceAttribute, not
  # ModifyInstanceAttribute, which changes the primary ENI only) after recording them in tags.
  # Snapshots have no account in their ARN (arn:aws:ec2:region::snapshot/id).
  statement {
    sid = "IsolateInstances"
    actions = [
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
    sid       = "ContainUrlWritesOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.contain_url.arn}:*"]
  }
}

resource "aws_iam_role_policy" "contain_url" {
  name   = "runwatch-contain-url"
  role   = aws_iam_role.contain_url.id
  policy = data.aws_iam_policy_document.contain_url.json
}

# ------------------------------------------------------------ guard against direct invokes
#
# Not attached by this module: a Deny for an SCP or a permissions boundary (README.md, "Residual
# risk"). Lambda resource policies cannot hold a Deny, so a principal whose own identity policy
# allows lambda:InvokeFunction on contain-url could otherwise invoke it directly with a forged
# function URL event. BoolIfExists also denies when the key is absent (a plain Bool would not).
data "aws_iam_policy_document" "contain_url_direct_invoke_guard" {
  statement {
    sid     = "RunwatchContainUrlOnlyThroughItsUrl"
    effect  = "Deny"
    actions = ["lambda:InvokeFunction"]
    resources = [
      aws_lambda_function.contain_url.arn,
      "${aws_lambda_function.contain_url.arn}:*",
    ]
    condition {
      test     = "BoolIfExists"
      variable = "lambda:InvokedViaFunctionUrl"
      values   = ["false"]
    }
  }
}
