output "topic_arn" {
  description = "SNS topic of findings: subscribe e-mail, or add it to an Amazon Q Developer in chat applications (AWS Chatbot) channel configuration."
  value       = aws_sns_topic.findings.arn
}

output "kms_key_arn" {
  description = "Customer managed key of the tables, topic, queues, log groups and the jar in S3."
  value       = aws_kms_key.this.arn
}

output "artifact_bucket" {
  description = "S3 bucket holding the Lambda jar (artifact_bucket, or the bucket the module created)."
  value       = aws_s3_object.lambda_jar.bucket
}

output "artifact_key" {
  description = "S3 key of the jar every function runs: <name_prefix>/aws-function-<md5 of the jar>.jar."
  value       = aws_s3_object.lambda_jar.key
}

output "function_names" {
  description = "Lambda function names by role (detect_sqs only when buffer_with_sqs)."
  value = {
    detect      = aws_lambda_function.detect.function_name
    detect_sqs  = one(aws_lambda_function.detect_sqs[*].function_name)
    recheck     = aws_lambda_function.recheck.function_name
    contain     = aws_lambda_function.contain.function_name
    contain_url = aws_lambda_function.contain_url.function_name
  }
}

output "alias_arns" {
  description = "ARNs of the `live` aliases every trigger invokes."
  value = {
    detect      = aws_lambda_alias.detect.arn
    detect_sqs  = one(aws_lambda_alias.detect_sqs[*].arn)
    recheck     = aws_lambda_alias.recheck.arn
    contain     = aws_lambda_alias.contain.arn
    contain_url = aws_lambda_alias.contain_url.arn
  }
}

output "contain_function_name" {
  description = "Dry runs: responders call `aws lambda invoke --function-name <this>:live` (RUNWATCH_CONTAIN_ENTRY=invoke, read-only role)."
  value       = aws_lambda_function.contain.function_name
}

output "contain_url_function_name" {
  description = "The function behind contain_url (RUNWATCH_CONTAIN_ENTRY=function-url): execute and rollback."
  value       = aws_lambda_function.contain_url.function_name
}

output "contain_url" {
  description = "IAM-authenticated (SigV4, service lambda) function URL of contain-url:live, for the responder roles: dry run, execute, rollback."
  value       = aws_lambda_function_url.contain_url.function_url
}

output "contain_url_function_arn" {
  description = "Unqualified ARN of contain-url, for the SCP or permissions boundary that denies direct invokes (Resource: this ARN and this ARN + \":*\")."
  value       = aws_lambda_function.contain_url.arn
}

output "contain_url_direct_invoke_guard" {
  description = "Ready-made policy JSON (one Deny statement) for that SCP or permissions boundary: lambda:InvokeFunction on contain-url unless lambda:InvokedViaFunctionUrl is true."
  value       = data.aws_iam_policy_document.contain_url_direct_invoke_guard.json
}

output "role_arns" {
  description = "Execution role of each function, and the scheduler's role."
  value = {
    detect      = aws_iam_role.detect.arn
    detect_sqs  = one(aws_iam_role.detect_sqs[*].arn)
    recheck     = aws_iam_role.recheck.arn
    contain     = aws_iam_role.contain.arn
    contain_url = aws_iam_role.contain_url.arn
    scheduler   = aws_iam_role.scheduler.arn
  }
}

output "table_names" {
  description = "DynamoDB tables by contract name."
  value = {
    baselines = aws_dynamodb_table.baselines.name
    findings  = aws_dynamodb_table.findings.name
    pending   = aws_dynamodb_table.pending.name
    journal   = aws_dynamodb_table.journal.name
    audit     = aws_dynamodb_table.audit.name
  }
}

output "event_rule_arns" {
  description = "EventBridge rules by name (ssm_api, ssm_status, identity)."
  value       = { for name, rule in aws_cloudwatch_event_rule.this : name => rule.arn }
}

output "events_dlq_url" {
  description = "Dead-letter queue of events EventBridge could not deliver: alarm on its depth."
  value       = aws_sqs_queue.events_dlq.id
}

output "buffer_queue_url" {
  description = "SQS buffer queue (buffer_with_sqs only)."
  value       = one(aws_sqs_queue.buffer[*].id)
}

output "quarantine_security_group_id" {
  description = "Quarantine security group (only when vpc_id is set)."
  value       = one(aws_security_group.quarantine[*].id)
}
