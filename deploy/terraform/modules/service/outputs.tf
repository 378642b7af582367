output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "Name of the worker service."
  value       = aws_ecs_service.worker.name
}

output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.worker.arn
}

output "task_role_arn" {
  description = "ARN of the worker's task role."
  value       = aws_iam_role.task.arn
}

output "log_group_name" {
  description = "Log group of the worker."
  value       = aws_cloudwatch_log_group.worker.name
}

output "security_group_id" {
  description = "Security group of the worker tasks (for VPC endpoint policies)."
  value       = aws_security_group.worker.id
}

output "worker_environment" {
  description = "Configuration variables given to the worker container."
  value       = { for name, value in local.worker_environment : name => value if value != "" }
}

output "sms_rate_per_task" {
  description = "SMS messages per second each task sends when max_tasks run (the smallest share of the rate)."
  value       = local.sms_rate_per_task
}

output "backlog_per_task_target" {
  description = "Visible reminders per task that auto scaling aims for."
  value       = local.backlog_per_task_target
}
