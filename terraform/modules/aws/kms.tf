# One customer managed key encrypts the tables, the topic, the queues, the log groups and the
# Lambda jar in S3 (artifacts.tf).

resource "aws_kms_key" "this" {
  description             = "runwatch (${var.name_prefix}): DynamoDB tables, SNS topic, SQS queues, Lambda log groups, Lambda code in S3"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.this.key_id
}

data "aws_iam_policy_document" "kms" {
  # Resource "*": in a key policy "*" means this key and nothing else. The account statement
  # lists actions instead of kms:* (no service wildcard in any Allow of this module); it also
  # lets IAM policies in this account grant use of the key: the function roles get
  # GenerateDataKey and Decrypt through DynamoDB, SNS and SQS only (kms:ViaService), see iam.tf;
  # the principal running Terraform needs GenerateDataKey (upload) and Decrypt (Lambda reads the
  # jar from S3 with the caller's credentials at CreateFunction / UpdateFunctionCode) from its
  # own IAM policy, see artifacts.tf. No statement for lambda.amazonaws.com is needed.
  statement {
    sid = "AccountAdministersAndDelegates"
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account}:root"]
    }
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:CreateGrant",
      "kms:Decrypt",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:RetireGrant",
      "kms:RevokeGrant",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    resources = ["*"]
  }

  # Resource "*": key policy, "*" is this key. CloudWatch Logs encrypts the function log groups
  # with its own service principal, limited to runwatch's /aws/lambda/<prefix>-* groups.
  statement {
    sid = "CloudWatchLogsEncryptsFunctionLogs"
    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:DescribeKey",
    ]
    resources = ["*"]
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${var.name_prefix}-*"]
    }
  }

  # Resource "*": key policy, "*" is this key. EventBridge sends undeliverable events to the
  # KMS-encrypted dead-letter queue (and, buffered, to the encrypted buffer queue) as
  # events.amazonaws.com, so it needs a data key; only for rules of this account.
  statement {
    sid = "EventBridgeWritesEncryptedQueues"
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }

  # Resource "*": key policy, "*" is this key. SNS delivers from the encrypted topic to
  # encrypted subscriptions (e.g. an SQS queue using this key) as sns.amazonaws.com.
  statement {
    sid = "SnsDeliversEncryptedTopic"
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}
