# EventBridge Scheduler runs the recheck function every 5 minutes through its own role, which
# may invoke that alias and nothing else. A missed run needs no DLQ: the next run, 5 minutes
# later, picks up every due pending correlation anyway.

resource "aws_scheduler_schedule" "recheck" {
  name                = "${var.name_prefix}-recheck"
  group_name          = "default"
  description         = "runwatch: re-evaluate pending correlations"
  schedule_expression = "rate(5 minutes)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.recheck.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ source = "runwatch.scheduler", action = "recheck" })

    retry_policy {
      maximum_event_age_in_seconds = 240
      maximum_retry_attempts       = 2
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name_prefix}-scheduler"
  description        = "EventBridge Scheduler: invoke the runwatch recheck alias"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    sid     = "SchedulerOfThisAccount"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-recheck"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeRecheckAlias"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.recheck.arn]
  }
}
