output "role_arn" {
  description = "ARN of the read-only support role (reminders show, history, report)."
  value       = aws_iam_role.support.arn
}

output "role_name" {
  description = "Name of the read-only support role."
  value       = aws_iam_role.support.name
}
