output "queue_url" {
  description = "URL of the reminder queue: give it to the EHR integrations."
  value       = module.queue.queue_url
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = module.queue.dead_letter_queue_url
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout of the reminder queue."
  value       = module.queue.visibility_timeout_seconds
}

output "ledger_table_name" {
  description = "Name of the ledger table."
  value       = module.ledger.table_name
}

output "ehr_events_queue_url" {
  description = "end-user-messaging: URL of the queue the reminder events for the EHR reach (raw JSON, contracts/README.md): give it to the EHR integration."
  value       = module.patient_loop.ehr_events_queue_url
}

output "sms_manual_steps" {
  description = "end-user-messaging: the AWS CLI calls Terraform cannot make (the configuration set's event destination, the phone number's two-way channel); run them once after the first apply (README)."
  value       = module.patient_loop.manual_steps
}

output "support_role_arn" {
  description = "Read-only role for reminders show, history and report: grant sts:AssumeRole on it to the support group."
  value       = module.support.role_arn
}

output "email_templates" {
  description = "SES template name per language."
  value       = module.messaging.template_names
}

output "ses_dns_records" {
  description = "DNS records that verify the SES domain and sign its mail (DKIM); Terraform publishes them itself when dns_zone_id is set."
  value       = module.messaging.dns_records
}

output "cluster_name" {
  description = "ECS cluster."
  value       = module.service.cluster_name
}

output "service_name" {
  description = "ECS service of the worker."
  value       = module.service.service_name
}

output "worker_task_role_arn" {
  description = "The worker's task role (for VPC endpoint and key policies)."
  value       = module.service.task_role_arn
}

output "worker_environment" {
  description = "Configuration variables of the worker container."
  value       = module.service.worker_environment
}

output "ops_topic_arn" {
  description = "Ops alarm topic."
  value       = module.alarms.ops_topic_arn
}

output "dashboard_url" {
  description = "CloudWatch dashboard."
  value       = module.alarms.dashboard_url
}
