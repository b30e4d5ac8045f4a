# Optional SQS-buffered variant (buffer_with_sqs = true): rules -> buffer queue -> detect-sqs
# through an event source mapping that reports partial batch failures, so one bad event is
# retried alone and, after maxReceiveCount attempts, parked in the buffer DLQ.

resource "aws_sqs_queue" "buffer_dlq" {
  count = var.buffer_with_sqs ? 1 : 0

  name                      = "${var.name_prefix}-buffer-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.this.arn
  tags                      = local.tags
}

resource "aws_sqs_queue" "buffer" {
  count = var.buffer_with_sqs ? 1 : 0

  name                       = "${var.name_prefix}-buffer"
  message_retention_seconds  = 345600 # 4 days
  visibility_timeout_seconds = 6 * var.timeout_seconds # AWS guidance: at least 6x the function timeout
  kms_master_key_id          = aws_kms_key.this.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.buffer_dlq[0].arn
    maxReceiveCount     = 5
  })
  tags = local.tags
}

resource "aws_sqs_queue_policy" "buffer" {
  count = var.buffer_with_sqs ? 1 : 0

  queue_url = aws_sqs_queue.buffer[0].id
  policy    = data.aws_iam_policy_document.buffer[0].json
}

data "aws_iam_policy_document" "buffer" {
  count = var.buffer_with_sqs ? 1 : 0

  statement {
    sid = "EventBridgeRulesFillBuffer"
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.buffer[0].arn]
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for rule in aws_cloudwatch_event_rule.this : rule.arn]
    }
  }
}

resource "aws_cloudwatch_event_target" "buffer" {
  for_each = var.buffer_with_sqs ? local.event_rules : {}

  rule           = aws_cloudwatch_event_rule.this[each.key].name
  event_bus_name = "default"
  target_id      = "runwatch-buffer"
  arn            = aws_sqs_queue.buffer[0].arn

  retry_policy {
    maximum_event_age_in_seconds = var.event_max_age_seconds
    maximum_retry_attempts       = var.event_max_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.events_dlq.arn
  }
}

resource "aws_lambda_event_source_mapping" "buffer" {
  count = var.buffer_with_sqs ? 1 : 0

  event_source_arn                   = aws_sqs_queue.buffer[0].arn
  function_name                      = aws_lambda_alias.detect_sqs[0].arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]
}
