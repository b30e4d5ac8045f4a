# Findings (and containment audit notices) are published here. Subscribe people and chat:
# - e-mail: variable alert_email (filtered on the `severity` message attribute);
# - Amazon Q Developer in chat applications (formerly AWS Chatbot): create a Slack or
#   Microsoft Teams channel configuration in that console (or aws_chatbot_* resources) and add
#   the `topic_arn` output as its SNS topic. SNS decrypts before delivering to e-mail and chat,
#   so the KMS key needs no extra grant for them.

resource "aws_sns_topic" "findings" {
  name              = "${var.name_prefix}-findings"
  kms_master_key_id = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alert_email == null ? 0 : 1

  topic_arn           = aws_sns_topic.findings.arn
  protocol            = "email"
  endpoint            = var.alert_email
  filter_policy_scope = "MessageAttributes"
  filter_policy       = jsonencode({ severity = var.email_min_severity })
}
