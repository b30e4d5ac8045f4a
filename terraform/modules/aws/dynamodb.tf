# Tables exactly as notes/aws-contract.md lists them. Only key attributes are declared
# (DynamoDB is schemaless for the rest): baselines, findings, pending, journal, audit.

resource "aws_dynamodb_table" "baselines" {
  name                        = "${var.name_prefix}-baselines"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "scope"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "scope"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = local.tags
}

resource "aws_dynamodb_table" "findings" {
  name                        = "${var.name_prefix}-findings"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  # storedAt + 400 days, epoch seconds.
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = local.tags
}

resource "aws_dynamodb_table" "pending" {
  name                        = "${var.name_prefix}-pending"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "commandId"
    type = "S"
  }

  # Status-change events carry only the command id: find the pending correlation by it.
  # ALL keeps the item in the index, so a lookup needs no second GetItem (the table is small).
  global_secondary_index {
    name            = "byCommandId"
    hash_key        = "commandId"
    projection_type = "ALL"
  }

  # deadline + 1 day, epoch seconds.
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = local.tags
}

resource "aws_dynamodb_table" "journal" {
  name                        = "${var.name_prefix}-journal"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "scope"
  range_key                   = "at"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "scope"
    type = "S"
  }

  # ISO-8601 instant + "#" + key: sorts by time, unique per event.
  attribute {
    name = "at"
    type = "S"
  }

  # event time + 2 days, epoch seconds.
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = local.tags
}

# Containment audit records are kept: no TTL.
resource "aws_dynamodb_table" "audit" {
  name                        = "${var.name_prefix}-audit"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = local.tags
}
