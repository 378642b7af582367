output "table_name" {
  description = "Name of the ledger table (reminders.ledger.table)."
  value       = aws_dynamodb_table.ledger.name
}

output "table_arn" {
  description = "ARN of the ledger table."
  value       = aws_dynamodb_table.ledger.arn
}

output "kms_key_arn" {
  description = "ARN of the key that encrypts the table."
  value       = aws_kms_key.ledger.arn
}
