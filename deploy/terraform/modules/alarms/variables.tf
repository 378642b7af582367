variable "name" {
  description = "Name prefix of the alarms, topic and dashboard (\"appointment-reminders-<env>\")."
  type        = string
}

variable "environment" {
  description = "Value of the Environment dimension of the worker's metrics (reminders.environment)."
  type        = string
}

variable "queue_name" {
  description = "Name of the reminder queue."
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter queue."
  type        = string
}

variable "ecs_cluster_name" {
  description = "ECS cluster of the worker service (dashboard)."
  type        = string
}

variable "ecs_service_name" {
  description = "ECS service of the worker (dashboard)."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the ops topic (it must confirm the subscription); empty for none."
  type        = string
  default     = ""
}

variable "sms_failure_rate_threshold_percent" {
  description = "Alarm when more than this percentage of SMS publishes fail."
  type        = number
  default     = 10
}

variable "sms_failure_min_attempts" {
  description = "Publishes (sent + failed) a 5-minute period needs before its failure rate counts, so that one failure among two messages pages nobody."
  type        = number
  default     = 20
}

variable "oldest_message_age_threshold_seconds" {
  description = "Alarm when the oldest reminder on the queue is older than this."
  type        = number
  default     = 900
}

variable "heartbeat_period_seconds" {
  description = "Period of the heartbeat alarm; the worker sends one Heartbeat per metrics interval (reminders.metrics.interval, 60 s)."
  type        = number
  default     = 60
}

variable "heartbeat_evaluation_periods" {
  description = "Consecutive periods without a heartbeat before the alarm fires."
  type        = number
  default     = 3
}

variable "sms_spend_threshold_usd" {
  description = "Alarm when the account's SMS spend this month exceeds this many USD (keep it below the monthly spend limit)."
  type        = number
}

variable "loop_dead_letter_queue_names" {
  description = "Dead-letter queues of the delivery receipts and replies the worker reads, by stream (events, replies); empty without End User Messaging."
  type        = map(string)
  default     = {}
}

variable "delivery_rate_alarm" {
  description = "Alarm on the delivery rate (Delivered / SmsSent): only texts sent through End User Messaging have receipts."
  type        = bool
  default     = false
}

variable "delivery_rate_threshold_percent" {
  description = "Alarm when fewer than this percentage of texts are reported delivered."
  type        = number
  default     = 90

  validation {
    condition     = var.delivery_rate_threshold_percent > 0 && var.delivery_rate_threshold_percent <= 100
    error_message = "delivery_rate_threshold_percent must be above 0 and at most 100."
  }
}

variable "delivery_rate_min_texts" {
  description = "Texts a period needs before its delivery rate counts, so that one undelivered text among three pages nobody."
  type        = number
  default     = 20
}

variable "delivery_rate_period_seconds" {
  description = "Period of the delivery-rate alarm. Carriers report most deliveries within seconds, some after hours: a long period lets a receipt fall in the period of its text."
  type        = number
  default     = 3600
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the topic key is deleted after it is scheduled for deletion."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
