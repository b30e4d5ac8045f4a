# Five functions from one shaded jar (handlers in README.md): detect, detect-sqs (optional),
# recheck, and the containment handler deployed twice, contain (dry runs by direct invoke) and
# contain-url (execute and rollback through its IAM-authenticated function URL). Each publishes a
# version on every change (SnapStart snapshots published versions only) and is called through
# its alias `live`, which always points at the newest published version.
#
# The jar is too large for a direct upload (`filename`: 50 MB zipped at most), so every function
# takes its code from the one S3 object of artifacts.tf; source_code_hash still comes from the
# local file, so a rebuilt jar updates all five in the same apply.

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

resource "aws_cloudwatch_log_group" "contain_url" {
  name              = "/aws/lambda/${local.function_names.contain_url}"
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
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
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
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
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
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
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

# ---------------------------------------------------------------- contain (dry runs, direct invoke)
#
# Lambda does not tell a directly invoked function who invoked it, so this deployment
# (RUNWATCH_CONTAIN_ENTRY=invoke) only ever plans: the handler refuses execute and rollback for
# its unverified caller. Its role can only read (iam.tf), so even a bug there changes nothing.
# No function URL here.

resource "aws_lambda_function" "contain" {
  function_name    = local.function_names.contain
  description      = "runwatch: containment dry runs for responders (direct invoke, read-only)"
  role             = aws_iam_role.contain.arn
  handler          = local.handlers.contain
  runtime          = "java21"
  architectures    = [var.architecture]
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.contain_env, local.policy_env, { RUNWATCH_CONTAIN_ENTRY = "invoke" })
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.contain, aws_iam_role_policy.contain]
}

resource "aws_lambda_alias" "contain" {
  name             = local.alias_name
  function_name    = aws_lambda_function.contain.function_name
  function_version = aws_lambda_function.contain.version
}

# ---------------------------------------------------------------- contain-url (execute, rollback)
#
# RUNWATCH_CONTAIN_ENTRY=function-url: the handler accepts only function URL events and trusts
# requestContext.authorizer.iam.userArn, which Lambda fills in after checking the SigV4
# signature. That is only sound if the URL is the only way in: see the permissions below and
# "Residual risk" in README.md.

resource "aws_lambda_function" "contain_url" {
  function_name    = local.function_names.contain_url
  description      = "runwatch: containment execute/rollback for responders (IAM-authenticated function URL)"
  role             = aws_iam_role.contain_url.arn
  handler          = local.handlers.contain_url
  runtime          = "java21"
  architectures    = [var.architecture]
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(local.contain_env, local.policy_env, { RUNWATCH_CONTAIN_ENTRY = "function-url" })
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.contain_url, aws_iam_role_policy.contain_url]
}

resource "aws_lambda_alias" "contain_url" {
  name             = local.alias_name
  function_name    = aws_lambda_function.contain_url.function_name
  function_version = aws_lambda_function.contain_url.version
}

# Callers sign with SigV4 (service "lambda"); only the responder roles below may invoke.
resource "aws_lambda_function_url" "contain_url" {
  function_name      = aws_lambda_function.contain_url.function_name
  qualifier          = aws_lambda_alias.contain_url.name
  authorization_type = "AWS_IAM"
}

# ---------------------------------------------------------------- responder permissions
#
# Resource policies (AddPermission) can only allow. Per responder role:
# - contain:live      lambda:InvokeFunction (the dry run);
# - contain-url:live  lambda:InvokeFunctionUrl when the URL's auth type is AWS_IAM, and
#                     lambda:InvokeFunction only for invocations through the function URL
#                     (condition lambda:InvokedViaFunctionUrl; function URLs created since
#                     October 2025 need both actions). No plain InvokeFunction: a responder
#                     cannot hand contain-url a forged function URL event.

locals {
  responders = { for index, arn in var.responder_role_arns : tostring(index) => arn }
}

resource "aws_lambda_permission" "responder_invoke" {
  for_each = local.responders

  statement_id  = "responder-invoke-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.contain.function_name
  qualifier     = aws_lambda_alias.contain.name
  principal     = each.value
}

resource "aws_lambda_permission" "responder_url" {
  for_each = local.responders

  statement_id           = "responder-url-${each.key}"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.contain_url.function_name
  qualifier              = aws_lambda_alias.contain_url.name
  principal              = each.value
  function_url_auth_type = "AWS_IAM"
}

resource "aws_lambda_permission" "responder_url_invoke" {
  for_each = local.responders

  statement_id             = "responder-url-invoke-${each.key}"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.contain_url.function_name
  qualifier                = aws_lambda_alias.contain_url.name
  principal                = each.value
  invoked_via_function_url = true
}
