variable "name" {
  description = "Name of the reminder queue; the dead-letter queue is \"<name>-dlq\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))
    error_message = "The queue name must be 1-76 letters, digits, dashes or underscores (80 with the \"-dlq\" suffix)."
  }
}

variable "message_budget_seconds" {
  description = "The worker's per-message budget (reminders.processing.message-budget). The visibility timeout is derived from it: 2 x budget, and at least budget + 10 s."
  type        = number
  default     = 30

  validation {
    condition     = var.message_budget_seconds >= 1 && var.message_budget_seconds <= 3600 && floor(var.message_budget_seconds) == var.message_budget_seconds
    error_message = "message_budget_seconds must be a whole number of seconds between 1 and 3600."
  }
}

variable "max_receive_count" {
  description = "Receives before SQS moves a message to the dead-letter queue. The worker reads it from the redrive policy and sends the email fallback on the final receive."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "message_retention_seconds" {
  description = "How long an unsent reminder stays on the main queue. Must be shorter than the dead-letter queue's 14 days, because a standard queue keeps a message's original enqueue time when it is moved."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds < 1209600
    error_message = "message_retention_seconds must be at least 60 and less than 1209600 (14 days, the dead-letter queue's retention)."
  }
}

variable "sender_principal_arns" {
  description = "IAM ARNs of the EHR integration principals (roles or users, any account) allowed to send reminders to the queue."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.sender_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "Each sender principal must be an IAM role or user ARN."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the queue key is deleted after it is scheduled for deletion."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
