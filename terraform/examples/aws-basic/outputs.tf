output "topic_arn" {
  description = "Add this topic to Amazon Q Developer in chat applications (Slack / Teams)."
  value       = module.runwatch.topic_arn
}

output "contain_function_name" {
  description = "Dry runs: aws lambda invoke --function-name <this>:live."
  value       = module.runwatch.contain_function_name
}

output "contain_url" {
  description = "IAM-authenticated function URL of contain-url: execute and rollback (SigV4, service lambda)."
  value       = module.runwatch.contain_url
}

output "contain_url_direct_invoke_guard" {
  description = "Deny statement for an SCP or permissions boundary: no direct invoke of contain-url."
  value       = module.runwatch.contain_url_direct_invoke_guard
}

output "function_names" {
  description = "Function names (for `aws logs tail /aws/lambda/<name>`)."
  value       = module.runwatch.function_names
}

output "events_dlq_url" {
  description = "Dead-letter queue of undeliverable events."
  value       = module.runwatch.events_dlq_url
}
