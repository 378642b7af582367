# Every output is empty ("" or []) when the loop is not enabled, so that the service module leaves the worker's keys
# at their defaults (no receipts, no replies, no EHR events).

output "configuration_set_name" {
  description = "The configuration set every text is sent with (reminders.sms.configuration-set)."
  value       = local.enabled ? aws_pinpointsmsvoicev2_configuration_set.this[0].name : ""
}

output "configuration_set_arn" {
  description = "ARN of the configuration set."
  value       = local.enabled ? aws_pinpointsmsvoicev2_configuration_set.this[0].arn : ""
}

output "origination_identity_arn" {
  description = "ARN of the phone number texts go out from (reminders.sms.origination-identity)."
  value       = local.enabled ? local.phone_number_arn : ""
}

output "receipts_queue_url" {
  description = "URL of the delivery receipts queue (reminders.delivery-receipts.queue-url)."
  value       = contains(keys(local.active), "events") ? aws_sqs_queue.main["events"].url : ""
}

output "receipts_queue_arn" {
  description = "ARN of the delivery receipts queue."
  value       = contains(keys(local.active), "events") ? aws_sqs_queue.main["events"].arn : ""
}

output "receipts_dead_letter_queue_url" {
  description = "URL of the receipts' dead-letter queue (reminders.delivery-receipts.dead-letter-url)."
  value       = contains(keys(local.active), "events") ? aws_sqs_queue.dead_letter["events"].url : ""
}

output "receipts_dead_letter_queue_arn" {
  description = "ARN of the receipts' dead-letter queue."
  value       = contains(keys(local.active), "events") ? aws_sqs_queue.dead_letter["events"].arn : ""
}

output "replies_queue_url" {
  description = "URL of the replies queue (reminders.replies.queue-url); empty without two-way SMS."
  value       = contains(keys(local.active), "replies") ? aws_sqs_queue.main["replies"].url : ""
}

output "replies_queue_arn" {
  description = "ARN of the replies queue."
  value       = contains(keys(local.active), "replies") ? aws_sqs_queue.main["replies"].arn : ""
}

output "replies_dead_letter_queue_url" {
  description = "URL of the replies' dead-letter queue (reminders.replies.dead-letter-url)."
  value       = contains(keys(local.active), "replies") ? aws_sqs_queue.dead_letter["replies"].url : ""
}

output "replies_dead_letter_queue_arn" {
  description = "ARN of the replies' dead-letter queue."
  value       = contains(keys(local.active), "replies") ? aws_sqs_queue.dead_letter["replies"].arn : ""
}

output "ehr_events_topic_arn" {
  description = "The topic the worker publishes reminder events for the EHR to (reminders.ehr-events.topic-arn)."
  value       = contains(keys(local.active), "ehr") ? aws_sns_topic.stream["ehr"].arn : ""
}

output "ehr_events_queue_url" {
  description = "URL of the EHR integration's events queue: give it to the EHR integration."
  value       = contains(keys(local.active), "ehr") ? aws_sqs_queue.main["ehr"].url : ""
}

output "loop_kms_key_arn" {
  description = "Key of the receipts and replies topics and queues."
  value       = local.enabled ? aws_kms_key.loop[0].arn : ""
}

output "ehr_kms_key_arn" {
  description = "Key of the EHR events topic and queues."
  value       = local.enabled ? aws_kms_key.ehr[0].arn : ""
}

output "dead_letter_queue_names" {
  description = "Dead-letter queues of the receipts and replies the worker reads, by stream (for their alarms)."
  value       = { for stream in ["events", "replies"] : stream => aws_sqs_queue.dead_letter[stream].name if contains(keys(local.active), stream) }
}

output "manual_steps" {
  description = "The AWS CLI calls the provider cannot make (README: End User Messaging SMS); empty when nothing is needed."
  value = compact([
    local.enabled ? join(" ", [
      "aws pinpoint-sms-voice-v2 create-event-destination --region ${local.region}",
      "--configuration-set-name ${local.configuration_set_name} --event-destination-name ${var.name}-receipts",
      "--matching-event-types TEXT_ALL --sns-destination TopicArn=${aws_sns_topic.stream["events"].arn}",
    ]) : "",
    contains(keys(local.active), "replies") ? join(" ", [
      "aws pinpoint-sms-voice-v2 update-phone-number --region ${local.region} --phone-number-id ${local.phone_number_id}",
      "--two-way-enabled --two-way-channel-arn ${aws_sns_topic.stream["replies"].arn}",
    ]) : "",
  ])
}
