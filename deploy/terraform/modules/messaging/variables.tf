variable "name" {
  description = "Name prefix of the module's IAM role and key alias (\"appointment-reminders-<env>\")."
  type        = string
}

variable "template_prefix" {
  description = "SES template name prefix (reminders.email.template-prefix); each language's template is \"<prefix>-<lang>\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,58}$", var.template_prefix))
    error_message = "The template prefix must be 1-58 letters, digits, dashes or underscores (SES names are at most 64 characters)."
  }
}

variable "email_identity" {
  description = "SES identity to verify: a domain (example.org, verified through the DKIM records in the outputs) or one address."
  type        = string
}

variable "email_sender" {
  description = "From address of the fallback email (reminders.email.sender): the identity itself, or an address in the identity's domain."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+$", var.email_sender))
    error_message = "email_sender must be an email address."
  }
}

variable "environment" {
  description = "Environment name; the Environment tag that marks the SMS log groups as this environment's."
  type        = string
}

variable "dns_zone_id" {
  description = "Route 53 hosted zone of the email domain: Terraform then publishes the SES verification and DKIM records and waits for SES to verify the domain. Empty: publish the ses_dns_records output yourself."
  type        = string
  default     = ""
}

variable "ses_verification_timeout" {
  description = "How long an apply waits for SES to verify the domain once the records are published."
  type        = string
  default     = "45m"
}

variable "ses_sandbox_recipients" {
  description = "While the account is in the SES sandbox: addresses the fallback may send to (each must click the link SES sends it). Empty once the account has production access."
  type        = list(string)
  default     = []
}

variable "sms_log_group_owners" {
  description = "Environment tag of each SMS delivery log group that already exists in the account (\"\" when SNS made it); keyed by log group name."
  type        = map(string)
  default     = {}
}

variable "manage_sms_preferences" {
  description = "Set the account's SNS SMS preferences and delivery-status logging. They are one setting per account and region: when several environments share an account, let exactly one of them manage it."
  type        = bool
  default     = true
}

variable "sms_monthly_spend_limit_usd" {
  description = "Account-wide SMS spend limit per month in USD. SNS stops sending SMS when it is reached; above 1 USD needs a quota increase from AWS Support."
  type        = number

  validation {
    condition     = var.sms_monthly_spend_limit_usd >= 0 && floor(var.sms_monthly_spend_limit_usd) == var.sms_monthly_spend_limit_usd
    error_message = "sms_monthly_spend_limit_usd must be a whole number of dollars."
  }
}

variable "sms_default_sender_id" {
  description = "Default sender ID shown where the destination country supports it; empty for none."
  type        = string
  default     = ""
}

variable "sms_delivery_success_sampling_percent" {
  description = "Percentage of successful SMS deliveries that SNS logs to CloudWatch Logs (failures are always logged)."
  type        = number
  default     = 10

  validation {
    condition     = var.sms_delivery_success_sampling_percent >= 0 && var.sms_delivery_success_sampling_percent <= 100
    error_message = "sms_delivery_success_sampling_percent must be between 0 and 100."
  }
}

variable "log_retention_days" {
  description = "Retention of the SMS delivery-status log groups."
  type        = number
  default     = 90

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
