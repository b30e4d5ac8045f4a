# The deployable jar, uploaded once to S3 and shared by every function (lambda.tf).
#
# Why S3: the shaded jar is ~64 MB zipped (~197 MB unzipped). Lambda accepts at most 50 MB
# zipped when the package is uploaded directly (`filename`, CreateFunction's ZipFile); from S3
# the limit is 250 MB unzipped (README.md, "Deployment package in S3").
#
# Lambda copies the object at CreateFunction / UpdateFunctionCode time with the credentials of
# the caller, i.e. whoever runs `terraform apply`: that principal needs s3:GetObject on the
# object and kms:Decrypt on the module key (the key policy's account statement lets IAM
# policies of this account grant it, kms.tf). The function roles need nothing for their code.

locals {
  # Content-addressed key: a new jar is a new object, so every function sees a changed s3_key
  # and source_code_hash in the same plan. Terraform then deletes the replaced object (in a
  # versioned bucket the provider deletes all its versions); that is harmless, Lambda keeps its
  # own copy of every published version's code, and rolling back means pointing `live` at an
  # older version, not re-reading S3.
  artifact_key    = "${var.name_prefix}/aws-function-${filemd5(var.lambda_jar)}.jar"
  artifact_bucket = var.artifact_bucket != null ? var.artifact_bucket : one(aws_s3_bucket.artifacts[*].id)
}

resource "aws_s3_object" "lambda_jar" {
  bucket = local.artifact_bucket
  key    = local.artifact_key
  source = var.lambda_jar
  # Not `etag`: with SSE-KMS the object's ETag is not the MD5 of its content, so an etag
  # argument would show a change on every plan. source_hash triggers the upload the same way
  # and is kept in state only.
  source_hash            = filemd5(var.lambda_jar)
  content_type           = "application/java-archive"
  server_side_encryption = "aws:kms"
  kms_key_id             = aws_kms_key.this.arn
  bucket_key_enabled     = true
  tags                   = local.tags

  # In a bucket this module creates, upload only once it is private, encrypted and TLS-only.
  depends_on = [
    aws_s3_bucket_public_access_block.artifacts,
    aws_s3_bucket_ownership_controls.artifacts,
    aws_s3_bucket_server_side_encryption_configuration.artifacts,
    aws_s3_bucket_versioning.artifacts,
    aws_s3_bucket_policy.artifacts,
  ]
}

# ---------------------------------------------------------------- the artifact bucket (only
# when artifact_bucket is null; an existing bucket is used as it is, its settings are yours)

resource "aws_s3_bucket" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  # bucket_prefix: at most 37 characters, name_prefix is at most 31.
  bucket_prefix = "${var.name_prefix}-code-"
  force_destroy = var.artifact_bucket_force_destroy
  tags          = local.tags
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket                  = aws_s3_bucket.artifacts[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket = aws_s3_bucket.artifacts[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket = aws_s3_bucket.artifacts[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket = aws_s3_bucket.artifacts[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

# Housekeeping: noncurrent versions only appear when something overwrites a key outside
# Terraform; an interrupted multipart upload leaves its parts behind.
resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket = aws_s3_bucket.artifacts[0].id
  rule {
    id     = "expire-leftovers"
    status = "Enabled"
    # No filter: provider 6.x applies the rule to every object (same as an empty filter).
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.artifacts]
}

resource "aws_s3_bucket_policy" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  bucket = aws_s3_bucket.artifacts[0].id
  policy = data.aws_iam_policy_document.artifacts[0].json

  # PutBucketPolicy after the public access block, so the block is in force first.
  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

data "aws_iam_policy_document" "artifacts" {
  count = var.artifact_bucket == null ? 1 : 0

  # A Deny: s3:* here denies more, it grants nothing (AWS Security Hub S3.5 expects s3:*).
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [
      aws_s3_bucket.artifacts[0].arn,
      "${aws_s3_bucket.artifacts[0].arn}/*",
    ]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
