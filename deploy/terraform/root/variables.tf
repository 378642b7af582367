variable "environment" {
  description = "Environment name: dev, staging or prod. Also selects config/<environment>.conf inside the worker image."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod (the worker ships config/<environment>.conf for these)."
  }
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
}

variable "image" {
  description = "Worker image URI in ECR (see the Dockerfile at the repository root); prefer an immutable tag or a digest."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the worker tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the worker tasks, with a NAT gateway or VPC endpoints for SQS, SNS, SES, DynamoDB, CloudWatch, Logs, ECR and S3."
  type        = list(string)
}

variable "email_identity" {
  description = "SES identity: a domain or one address."
  type        = string
}

variable "email_sender" {
  description = "From address of the fallback email, in the SES identity."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the ops alarm topic; empty for none."
  type        = string
  default     = ""
}

variable "ehr_sender_principal_arns" {
  description = "IAM role or user ARNs of the EHR integrations allowed to send reminders."
  type        = list(string)
  default     = []
}

variable "manage_sms_preferences" {
  description = "Manage the account-wide SNS SMS preferences from this environment (exactly one environment per account and region)."
  type        = bool
  default     = true
}

variable "sms_monthly_spend_limit_usd" {
  description = "Account-wide SMS spend limit per month, in whole USD."
  type        = number
}

variable "sms_spend_alarm_threshold_usd" {
  description = "Alarm when the month's SMS spend passes this many USD."
  type        = number
}

variable "sms_rate_per_second_total" {
  description = "Throughput of the SMS origination identity (messages per second), shared among the worker tasks."
  type        = number
}

variable "sms_origination_number" {
  description = "E.164 origination number; empty for the account default."
  type        = string
  default     = ""
}

variable "sms_sender_id" {
  description = "SMS sender ID; empty for the account default."
  type        = string
  default     = ""
}

variable "sms_max_price_usd" {
  description = "Most one SMS may cost, in USD."
  type        = string
  default     = "0.50"
}

variable "message_budget_seconds" {
  description = "The worker's per-message budget; the queue's visibility timeout is derived from it."
  type        = number
  default     = 30
}

variable "max_receive_count" {
  description = "Receives before a reminder moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "ledger_retention" {
  description = "How long ledger items are kept (HOCON duration, e.g. 90d)."
  type        = string
  default     = "90d"
}

variable "deletion_protection" {
  description = "Protect the ledger table from deletion."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of the worker and SMS delivery-status logs."
  type        = number
}

variable "min_tasks" {
  description = "Fewest worker tasks."
  type        = number
}

variable "max_tasks" {
  description = "Most worker tasks."
  type        = number
}

variable "cpu" {
  description = "Task CPU units."
  type        = number
}

variable "memory" {
  description = "Task memory (MiB)."
  type        = number
}
