# Four functions from one shaded jar (handlers in notes/aws-contract.md). Each publishes a
# version on every change (SnapStart snapshots published versions only) and is called through
# its alias `live`, which always points at the newest published version.

# ---------------------------------------------------------------- log groups (created first,
# so the function never creates an unencrypted group with infinite retention itself)

resource "aws_cloudwatch_log_group" "detect" {
  name              = "/aws/lambda/${local.function_names.detect}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  name              = "/aws/lambda/${local.function_names.detect_sqs}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "recheck" {
  name              = "/aws/lambda/${local.function_names.recheck}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "contain" {
  name              = "/aws/lambda/${local.function_names.contain}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

# ---------------------------------------------------------------- detect (EventBridge target)

resource "aws_lambda_function" "detect" {
  function_name    = local.function_names.detect
  description      = "runwatch: detect cloud admin command execution from SSM/IAM events"
  role             = aws_iam_role.detect.arn
  handler          = local.handlers.detect
  runtime          = "java21"
  architectures    = [var.architecture]
  filename         = var.lambda_jar
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.detection_env, local.policy_env)
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.detect, aws_iam_role_policy.detect]
}

resource "aws_lambda_alias" "detect" {
  name             = local.alias_name
  function_name    = aws_lambda_function.detect.function_name
  function_version = aws_lambda_function.detect.version
}

# ---------------------------------------------------------------- detect-sqs (buffered variant)

resource "aws_lambda_function" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  function_name    = local.function_names.detect_sqs
  description      = "runwatch: detect from SQS-buffered EventBridge events (partial batch failures)"
  role             = aws_iam_role.detect_sqs[0].arn
  handler          = local.handlers.detect_sqs
  runtime          = "java21"
  architectures    = [var.architecture]
  filename         = var.lambda_jar
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.detection_env, local.policy_env)
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.detect_sqs, aws_iam_role_policy.detect_sqs]
}

resource "aws_lambda_alias" "detect_sqs" {
  count = var.buffer_with_sqs ? 1 : 0

  name             = local.alias_name
  function_name    = aws_lambda_function.detect_sqs[0].function_name
  function_version = aws_lambda_function.detect_sqs[0].version
}

# ---------------------------------------------------------------- recheck (scheduler target)

resource "aws_lambda_function" "recheck" {
  function_name    = local.function_names.recheck
  description      = "runwatch: re-evaluate pending correlations once telemetry or command output arrives"
  role             = aws_iam_role.recheck.arn
  handler          = local.handlers.recheck
  runtime          = "java21"
  architectures    = [var.architecture]
  filename         = var.lambda_jar
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.recheck_timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.detection_env, local.policy_env)
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.recheck, aws_iam_role_policy.recheck]
}

resource "aws_lambda_alias" "recheck" {
  name             = local.alias_name
  function_name    = aws_lambda_function.recheck.function_name
  function_version = aws_lambda_function.recheck.version
}

# ---------------------------------------------------------------- contain (responders only)

resource "aws_lambda_function" "contain" {
  function_name    = local.function_names.contain
  description      = "runwatch: containment actions requested by responders (IAM-authenticated)"
  role             = aws_iam_role.contain.arn
  handler          = local.handlers.contain
  runtime          = "java21"
  architectures    = [var.architecture]
  filename         = var.lambda_jar
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.contain_env, local.policy_env)
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.contain, aws_iam_role_policy.contain]
}

resource "aws_lambda_alias" "contain" {
  name             = local.alias_name
  function_name    = aws_lambda_function.contain.function_name
  function_version = aws_lambda_function.contain.version
}

# Callers sign with SigV4 (service "lambda"); only the responder roles below may invoke.
resource "aws_lambda_function_url" "contain" {
  function_name      = aws_lambda_function.contain.function_name
  qualifier          = aws_lambda_alias.contain.name
  authorization_type = "AWS_IAM"
}

locals {
  responders = { for index, arn in var.responder_role_arns : tostring(index) => arn }
}

# Function URLs created since October 2025 need both lambda:InvokeFunctionUrl and
# lambda:InvokeFunction; the second one also allows a direct (SDK/CLI) invoke of the alias.
resource "aws_lambda_permission" "responder_url" {
  for_each = local.responders

  statement_id           = "responder-url-${each.key}"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.contain.function_name
  qualifier              = aws_lambda_alias.contain.name
  principal              = each.value
  function_url_auth_type = "AWS_IAM"
}

resource "aws_lambda_permission" "responder_invoke" {
  for_each = local.responders

  statement_id  = "responder-invoke-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.contain.function_name
  qualifier     = aws_lambda_alias.contain.name
  principal     = each.value
}
