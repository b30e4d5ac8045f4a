output "topic_arn" {
  description = "Add this topic to Amazon Q Developer in chat applications (Slack / Teams)."
  value       = module.runwatch.topic_arn
}

output "contain_function_url" {
  description = "IAM-authenticated URL of the contain function."
  value       = module.runwatch.contain_function_url
}

output "function_names" {
  description = "Function names (for `aws logs tail /aws/lambda/<name>`)."
  value       = module.runwatch.function_names
}

output "events_dlq_url" {
  description = "Dead-letter queue of undeliverable events."
  value       = module.runwatch.events_dlq_url
}
