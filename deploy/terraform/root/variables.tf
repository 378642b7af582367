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

# The account-specific values below are placeholders (REPLACE-ME) in the committed terraform.tfvars: a plan refuses
# them here, with what to put instead, rather than deep inside an apply (KMS and SQS reject a policy that names a
# principal which does not exist).

variable "image" {
  description = "Worker image URI in ECR (see the Dockerfile at the repository root); prefer an immutable tag or a digest."
  type        = string

  validation {
    condition     = !strcontains(var.image, "REPLACE-ME")
    error_message = "image is still the example (REPLACE-ME): push the worker image to your ECR repository and give its URI, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0."
  }
}

variable "vpc_id" {
  description = "VPC of the worker tasks."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$", var.vpc_id))
    error_message = "vpc_id is still the example (REPLACE-ME): give the ID of your VPC (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the worker tasks, with VPC endpoints (or a NAT gateway, see egress_cidr_blocks) for SQS, SNS, SES, DynamoDB, CloudWatch, Logs, ECR and S3."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8}([0-9a-f]{9})?$", id))])
    error_message = "subnet_ids is still the example (REPLACE-ME): list your private subnets (subnet-...)."
  }
}

variable "egress_cidr_blocks" {
  description = "Where the tasks may open HTTPS connections besides the VPC's interface endpoints and the S3 and DynamoDB gateway endpoints. [\"0.0.0.0/0\"] lets them reach AWS APIs through a NAT gateway; empty (the default) allows only the endpoints."
  type        = list(string)
  default     = []
}

variable "dns_zone_id" {
  description = "Route 53 hosted zone of email_identity (a domain): Terraform publishes the SES verification and DKIM records there and waits until SES has verified the domain. Empty: publish the ses_dns_records output yourself."
  type        = string
  default     = ""
}

variable "ses_sandbox_recipients" {
  description = "While the account is in the SES sandbox: the addresses the email fallback may send to (SES mails each a verification link). Empty once the account has SES production access."
  type        = list(string)
  default     = []
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

  validation {
    condition     = alltrue([for arn in var.ehr_sender_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "ehr_sender_principal_arns is still the example (REPLACE-ME), or not IAM role or user ARNs: list your EHR integrations' roles (arn:aws:iam::<12-digit account>:role/<name>). KMS and SQS refuse a policy naming a principal that does not exist."
  }
}

variable "manage_sms_preferences" {
  description = "Manage the account-wide SNS SMS preferences from this environment (exactly one environment per account and region)."
  type        = bool
  default     = true
}

variable "sms_monthly_spend_limit_usd" {
  description = "Account-wide SMS spend limit per month, in whole USD. SNS refuses a limit above the account's SMS spend quota (1 USD in a new account): raise the quota first (see the README)."
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
