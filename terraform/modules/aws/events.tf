# EventBridge rules on the default bus (patterns in main.tf, local.event_patterns). Each rule
# targets the detect alias directly, or the SQS buffer when buffer_with_sqs (buffer.tf).
# Events EventBridge cannot deliver after the retry policy land in a KMS-encrypted DLQ.

resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.event_rules

  name           = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  description    = "runwatch: ${each.key} events to the detection function"
  event_bus_name = "default"
  event_pattern  = jsonencode(each.value)
  tags           = local.tags
}

resource "aws_sqs_queue" "events_dlq" {
  name                      = "${var.name_prefix}-events-dlq"
  message_retention_seconds = 1209600 # 14 days, the SQS maximum
  kms_master_key_id         = aws_kms_key.this.arn
  tags                      = local.tags
}

resource "aws_sqs_queue_policy" "events_dlq" {
  queue_url = aws_sqs_queue.events_dlq.id
  policy    = data.aws_iam_policy_document.events_dlq.json
}

data "aws_iam_policy_document" "events_dlq" {
  statement {
    sid = "EventBridgeRulesSendUndeliverable"
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events_dlq.arn]
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for rule in aws_cloudwatch_event_rule.this : rule.arn]
    }
  }
}

resource "aws_cloudwatch_event_target" "detect" {
  for_each = var.buffer_with_sqs ? {} : local.event_rules

  rule           = aws_cloudwatch_event_rule.this[each.key].name
  event_bus_name = "default"
  target_id      = "runwatch-detect"
  arn            = aws_lambda_alias.detect.arn

  retry_policy {
    maximum_event_age_in_seconds = var.event_max_age_seconds
    maximum_retry_attempts       = var.event_max_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.events_dlq.arn
  }
}

resource "aws_lambda_permission" "events" {
  for_each = var.buffer_with_sqs ? {} : local.event_rules

  statement_id  = "events-${replace(each.key, "_", "-")}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.detect.function_name
  qualifier     = aws_lambda_alias.detect.name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this[each.key].arn
}
