variable "name" {
  description = "Name prefix of the configuration set, topics, queues and keys (\"appointment-reminders-<env>\")."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,52}$", var.name))
    error_message = "name must be 1-52 letters, digits, dashes or underscores (the longest queue name adds \"-sms-replies-dlq\")."
  }
}

variable "enabled" {
  description = "Make the closed loop: true when the environment texts through AWS End User Messaging SMS (sms_channel = \"end-user-messaging\"). False makes nothing."
  type        = bool
  default     = false
}

variable "phone_number" {
  description = "The origination phone number texts go out from and replies come to, bought outside Terraform: its id (phone-...) or its ARN. Empty when enabled is false."
  type        = string
  default     = ""

  validation {
    condition     = var.phone_number == "" || can(regex("^(phone-[A-Za-z0-9]{1,64}|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:[0-9]{12}:phone-number/phone-[A-Za-z0-9]{1,64})$", var.phone_number))
    error_message = "phone_number must be a phone number id (phone-...) or a phone number ARN (arn:aws:sms-voice:<region>:<account>:phone-number/phone-...)."
  }
}

variable "two_way_enabled" {
  description = "Whether the phone number's two-way SMS delivers patients' replies to this environment: makes the inbound topic, the replies queue and its dead-letter queue. Pointing the number at the topic is one CLI call (README)."
  type        = bool
  default     = false
}

variable "message_budget_seconds" {
  description = "The worker's per-message budget (reminders.processing.message-budget): the receipts and replies queues' visibility timeout is derived from it as the reminder queue's is."
  type        = number
  default     = 30
}

variable "max_receive_count" {
  description = "Receives of a receipt, reply or EHR event before SQS moves it to its dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "publisher_role_arn" {
  description = "The worker's task role: the only principal that may publish events for the EHR to their topic."
  type        = string
  default     = ""
}

variable "ehr_reader_principal_arns" {
  description = "IAM role or user ARNs of the EHR integrations that read their events queue (and its dead-letter queue)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.ehr_reader_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "Each EHR reader must be an IAM role or user ARN."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period before a key of the module is deleted after it is scheduled for deletion."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
