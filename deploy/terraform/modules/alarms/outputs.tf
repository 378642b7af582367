output "ops_topic_arn" {
  description = "ARN of the ops topic every alarm notifies."
  value       = aws_sns_topic.ops.arn
}

output "alarm_names" {
  description = "Names of the alarms."
  value = concat([
    aws_cloudwatch_metric_alarm.sms_failure_rate.alarm_name,
    aws_cloudwatch_metric_alarm.dead_letter_not_empty.alarm_name,
    aws_cloudwatch_metric_alarm.oldest_message_age.alarm_name,
    aws_cloudwatch_metric_alarm.email_failures.alarm_name,
    aws_cloudwatch_metric_alarm.heartbeat.alarm_name,
    aws_cloudwatch_metric_alarm.sms_spend.alarm_name,
    ], [for alarm in aws_cloudwatch_metric_alarm.loop_dead_letter_not_empty : alarm.alarm_name],
  aws_cloudwatch_metric_alarm.delivery_rate[*].alarm_name)
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.reminders.dashboard_name
}

output "dashboard_url" {
  description = "Console URL of the dashboard."
  value       = "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards:name=${aws_cloudwatch_dashboard.reminders.dashboard_name}"
}
