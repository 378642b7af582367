output "queue_name" {
  description = "Name of the reminder queue."
  value       = aws_sqs_queue.main.name
}

output "queue_url" {
  description = "URL of the reminder queue (reminders.queue.url)."
  value       = aws_sqs_queue.main.url
}

output "queue_arn" {
  description = "ARN of the reminder queue."
  value       = aws_sqs_queue.main.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.name
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue (reminders.queue.dead-letter-url)."
  value       = aws_sqs_queue.dead_letter.url
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "kms_key_arn" {
  description = "ARN of the key that encrypts both queues."
  value       = aws_kms_key.queue.arn
}

output "visibility_timeout_seconds" {
  description = "The reminder queue's visibility timeout, derived from the message budget."
  value       = local.visibility_timeout_seconds
}

output "max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue."
  value       = var.max_receive_count
}
