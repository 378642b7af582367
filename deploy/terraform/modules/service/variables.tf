variable "name" {
  description = "Name of the cluster, service and task family (\"appointment-reminders-<env>\")."
  type        = string
}

variable "environment" {
  description = "Environment name (reminders.environment): selects config/<environment>.conf in the image and is the Environment dimension of every metric."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.environment))
    error_message = "environment must be a lower-case name like prod."
  }
}

# --- image and size ---------------------------------------------------------------------------------------------------

variable "image" {
  description = "Worker image URI, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:1.4.0 (prefer an immutable tag or a digest)."
  type        = string
}

variable "cpu" {
  description = "Task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory in MiB; the JVM takes 75 % of it as heap."
  type        = number
  default     = 1024
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64; the image must be built for it."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "min_tasks" {
  description = "Fewest worker tasks. At least 1: a stopped worker sends no heartbeat, and the heartbeat alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.min_tasks >= 1
    error_message = "min_tasks must be at least 1."
  }
}

variable "max_tasks" {
  description = "Most worker tasks. The workers share sms_rate_per_second_total among those alive; the scaling target assumes the smallest share (sms_rate_per_second_total / max_tasks)."
  type        = number
  default     = 4
}

variable "backlog_target_seconds" {
  description = "Scaling target: seconds of sending that the visible backlog per task should amount to (target backlog per task = per-task SMS rate x this)."
  type        = number
  default     = 60
}

variable "scale_out_cooldown_seconds" {
  description = "Wait after a scale-out before the next one."
  type        = number
  default     = 60
}

variable "scale_in_cooldown_seconds" {
  description = "Wait after a scale-in before the next one."
  type        = number
  default     = 300
}

# --- network ------------------------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "VPC of the worker tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the worker tasks, with a route to the AWS APIs (NAT gateway or VPC endpoints)."
  type        = list(string)
}

variable "egress_cidr_blocks" {
  description = "Where else the tasks may open HTTPS connections, besides the VPC's interface endpoints and the S3 and DynamoDB gateway endpoints: [\"0.0.0.0/0\"] for AWS APIs reached through a NAT gateway. Empty by default."
  type        = list(string)
  default     = []
}

# --- what the worker uses -----------------------------------------------------------------------------------------------

variable "queue_url" {
  description = "URL of the reminder queue."
  type        = string
}

variable "queue_arn" {
  description = "ARN of the reminder queue."
  type        = string
}

variable "queue_name" {
  description = "Name of the reminder queue (scaling metric)."
  type        = string
}

variable "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  type        = string
}

variable "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  type        = string
}

variable "queue_kms_key_arn" {
  description = "ARN of the key that encrypts both queues."
  type        = string
}

variable "ledger_table_name" {
  description = "Name of the ledger table."
  type        = string
}

variable "ledger_table_arn" {
  description = "ARN of the ledger table."
  type        = string
}

variable "ledger_kms_key_arn" {
  description = "ARN of the key that encrypts the ledger table."
  type        = string
}

variable "ledger_retention" {
  description = "How long ledger items are kept after their last update (reminders.ledger.retention, HOCON duration such as 90d)."
  type        = string
  default     = "90d"
}

variable "ses_identity_arn" {
  description = "ARN of the SES identity the fallback email is sent from."
  type        = string
}

variable "ses_sandbox_recipient_arns" {
  description = "While the account is in the SES sandbox: ARNs of the verified recipient identities the worker may send to (SES authorizes a sandbox send against them too)."
  type        = list(string)
  default     = []
}

variable "ses_template_arns" {
  description = "ARNs of the SES templates the worker may use."
  type        = list(string)
}

variable "email_sender" {
  description = "From address of the fallback email (reminders.email.sender)."
  type        = string
}

variable "email_template_prefix" {
  description = "SES template prefix (reminders.email.template-prefix)."
  type        = string
}

variable "sms_rate_per_second_total" {
  description = "Messages per second of the SMS origination identity, shared among max_tasks workers."
  type        = number
  default     = 20
}

variable "sms_origination_number" {
  description = "E.164 origination number (reminders.sms.origination-number); empty for the account default."
  type        = string
  default     = ""
}

variable "sms_sender_id" {
  description = "Sender ID (reminders.sms.sender-id); empty for the account default."
  type        = string
  default     = ""
}

variable "sms_max_price_usd" {
  description = "Most one SMS may cost (reminders.sms.max-price-usd)."
  type        = string
  default     = "0.50"
}

variable "message_budget_seconds" {
  description = "Longest time one message may take (reminders.processing.message-budget); the queue's visibility timeout is derived from the same value."
  type        = number
  default     = 30

  validation {
    condition     = var.message_budget_seconds >= 1 && var.message_budget_seconds < 120
    error_message = "message_budget_seconds must be between 1 and 119: the claim lease (reminders.ledger.lease, 2m) must be longer."
  }
}

variable "shutdown_grace_seconds" {
  description = "Time in-flight messages get after SIGTERM (reminders.shutdown.grace); below stop_timeout_seconds."
  type        = number
  default     = 25
}

variable "stop_timeout_seconds" {
  description = "ECS waits this long after SIGTERM before SIGKILL (container stopTimeout; Fargate allows up to 120)."
  type        = number
  default     = 30

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120
    error_message = "stop_timeout_seconds must be between 2 and 120."
  }
}

variable "health_port" {
  description = "Port of /health/live and /health/ready inside the task (reminders.health.port)."
  type        = number
  default     = 8080
}

# --- logs ---------------------------------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the worker's log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the log key is deleted after it is scheduled for deletion."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
