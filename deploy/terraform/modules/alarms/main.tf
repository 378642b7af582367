# Ops topic, alarms and dashboard.
#
# The worker publishes to namespace "AppointmentReminders" with exactly one dimension, Environment = <environment>;
# metric names are the worker's MetricNames constants. A test holds every metric below to them.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  namespace = "AppointmentReminders"
  dimension = "Environment"

  alarm_actions = [aws_sns_topic.ops.arn]
}

# ---------------------------------------------------------------------------------------------------------------------
# Ops topic
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "topic_key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; CloudWatch may only encrypt alarm notifications with it.
  #checkov:skip=CKV_AWS_356:A key policy's Resource "*" means this key only, so it cannot be narrowed further.
  statement {
    sid       = "AccountAdministersThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  # CloudWatch alarms of this account publish to the encrypted topic (and no other account's alarms through it).
  statement {
    sid       = "CloudWatchPublishesAlarms"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:*"]
    }
  }
}

resource "aws_kms_key" "topic" {
  description             = "Encrypts the ${var.name} ops alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.topic_key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "topic" {
  name          = "alias/${var.name}-ops"
  target_key_id = aws_kms_key.topic.key_id
}

resource "aws_sns_topic" "ops" {
  name              = "${var.name}-ops"
  kms_master_key_id = aws_kms_key.topic.arn
  tags              = var.tags
}

data "aws_iam_policy_document" "topic" {
  statement {
    sid = "AccountManagesTopic"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.ops.arn]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.ops.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:*"]
    }
  }
}

resource "aws_sns_topic_policy" "ops" {
  arn    = aws_sns_topic.ops.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "ops_email" {
  count = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.ops.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# ---------------------------------------------------------------------------------------------------------------------
# Alarms
# ---------------------------------------------------------------------------------------------------------------------

# Failed publishes over all publishes, by metric math on the two counts (not the average of a count). Periods with
# fewer than sms_failure_min_attempts publishes count as 0 %.
resource "aws_cloudwatch_metric_alarm" "sms_failure_rate" {
  alarm_name          = "${var.name}-sms-failure-rate"
  alarm_description   = "More than ${var.sms_failure_rate_threshold_percent}% of SMS publishes failed in two consecutive 5-minute periods (${var.environment})."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.sms_failure_rate_threshold_percent
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "rate"
    label       = "SMS failure rate (%)"
    expression  = "IF(sent + failures >= ${var.sms_failure_min_attempts}, 100 * failures / (sent + failures), 0)"
    return_data = true
  }

  metric_query {
    id = "sent"

    metric {
      namespace   = local.namespace
      metric_name = "SmsSent"
      dimensions  = { Environment = var.environment }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "failures"

    metric {
      namespace   = local.namespace
      metric_name = "SmsFailures"
      dimensions  = { Environment = var.environment }
      period      = 300
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_not_empty" {
  alarm_name          = "${var.name}-dlq-not-empty"
  alarm_description   = "Reminders are waiting in the dead-letter queue ${var.dead_letter_queue_name}: fix the cause, then redrive them (console: Start DLQ redrive)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dead_letter_queue_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  alarm_name          = "${var.name}-oldest-message-age"
  alarm_description   = "The oldest reminder on ${var.queue_name} is older than ${var.oldest_message_age_threshold_seconds} s: workers are down, too few, or retrying an outage."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = var.queue_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_age_threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "email_failures" {
  alarm_name          = "${var.name}-email-fallback-failures"
  alarm_description   = "SES calls of the email fallback failed (${var.environment})."
  namespace           = local.namespace
  metric_name         = "EmailFailures"
  dimensions          = { Environment = var.environment }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Every worker sends Heartbeat = 1 once per metrics interval; no data at all means no worker is alive.
resource "aws_cloudwatch_metric_alarm" "heartbeat" {
  alarm_name          = "${var.name}-no-worker-heartbeat"
  alarm_description   = "No reminder worker has sent a heartbeat for ${var.heartbeat_evaluation_periods * var.heartbeat_period_seconds} s (${var.environment})."
  namespace           = local.namespace
  metric_name         = "Heartbeat"
  dimensions          = { Environment = var.environment }
  statistic           = "Sum"
  period              = var.heartbeat_period_seconds
  evaluation_periods  = var.heartbeat_evaluation_periods
  datapoints_to_alarm = var.heartbeat_evaluation_periods
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "sms_spend" {
  alarm_name          = "${var.name}-sms-spend"
  alarm_description   = "The account's SMS spend this month passed ${var.sms_spend_threshold_usd} USD; SNS stops sending SMS at the monthly spend limit."
  namespace           = "AWS/SNS"
  metric_name         = "SMSMonthToDateSpentUSD"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.sms_spend_threshold_usd
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Receipts and replies the worker could not read, and what SNS could not deliver to their queues.
resource "aws_cloudwatch_metric_alarm" "loop_dead_letter_not_empty" {
  for_each = var.loop_dead_letter_queue_names

  alarm_name          = "${var.name}-${each.key}-dlq-not-empty"
  alarm_description   = "${each.key == "events" ? "Delivery receipts" : "Patients' replies"} are waiting in the dead-letter queue ${each.value}: the ledger lacks what they tell. Fix the cause, then redrive them (console: Start DLQ redrive)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Delivered over texted, by metric math on the two counts. Periods with fewer than delivery_rate_min_texts texts
# count as 100 %, and so do periods without data.
resource "aws_cloudwatch_metric_alarm" "delivery_rate" {
  count = var.delivery_rate_alarm ? 1 : 0

  alarm_name          = "${var.name}-delivery-rate"
  alarm_description   = "Fewer than ${var.delivery_rate_threshold_percent}% of texts were reported delivered by the carriers in two consecutive periods of ${var.delivery_rate_period_seconds} s (${var.environment}): see the Undeliverable metric and the ledger's deliveryEvent."
  comparison_operator = "LessThanThreshold"
  threshold           = var.delivery_rate_threshold_percent
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "rate"
    label       = "Delivery rate (%)"
    expression  = "IF(texted >= ${var.delivery_rate_min_texts}, 100 * delivered / texted, 100)"
    return_data = true
  }

  metric_query {
    id = "delivered"

    metric {
      namespace   = local.namespace
      metric_name = "Delivered"
      dimensions  = { Environment = var.environment }
      period      = var.delivery_rate_period_seconds
      stat        = "Sum"
    }
  }

  metric_query {
    id = "texted"

    metric {
      namespace   = local.namespace
      metric_name = "SmsSent"
      dimensions  = { Environment = var.environment }
      period      = var.delivery_rate_period_seconds
      stat        = "Sum"
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------------------

locals {
  alarm_arns = [
    aws_cloudwatch_metric_alarm.sms_failure_rate.arn,
    aws_cloudwatch_metric_alarm.dead_letter_not_empty.arn,
    aws_cloudwatch_metric_alarm.oldest_message_age.arn,
    aws_cloudwatch_metric_alarm.email_failures.arn,
    aws_cloudwatch_metric_alarm.heartbeat.arn,
    aws_cloudwatch_metric_alarm.sms_spend.arn,
  ]
  loop_alarm_arns = concat([for alarm in aws_cloudwatch_metric_alarm.loop_dead_letter_not_empty : alarm.arn],
  aws_cloudwatch_metric_alarm.delivery_rate[*].arn)

  dashboard_widgets = [
    {
      type   = "alarm"
      x      = 0
      y      = 0
      width  = 24
      height = 3
      properties = {
        title  = "Alarms"
        alarms = concat(local.alarm_arns, local.loop_alarm_arns)
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 3
      width  = 12
      height = 6
      properties = {
        title  = "Reminder outcomes (per 5 min)"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 300
        metrics = [
          [local.namespace, "SmsSent", local.dimension, var.environment],
          [local.namespace, "EmailSent", local.dimension, var.environment],
          [local.namespace, "Expired", local.dimension, var.environment],
          [local.namespace, "Rejected", local.dimension, var.environment],
          [local.namespace, "Failed", local.dimension, var.environment],
          [local.namespace, "Duplicate", local.dimension, var.environment],
          [local.namespace, "Cancelled", local.dimension, var.environment],
          [local.namespace, "Stale", local.dimension, var.environment],
          [local.namespace, "Capped", local.dimension, var.environment],
          [local.namespace, "AppointmentChanges", local.dimension, var.environment],
          [local.namespace, "AppointmentChangesSuperseded", local.dimension, var.environment],
        ]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = 3
      width  = 12
      height = 6
      properties = {
        title  = "SMS failure rate (%)"
        region = local.region
        view   = "timeSeries"
        period = 300
        yAxis  = { left = { min = 0, max = 100 } }
        metrics = [
          [{ id = "rate", label = "Failure rate (%)", expression = "IF(sent + failures > 0, 100 * failures / (sent + failures), 0)" }],
          [local.namespace, "SmsSent", local.dimension, var.environment, { id = "sent", stat = "Sum", visible = false }],
          [local.namespace, "SmsFailures", local.dimension, var.environment, { id = "failures", stat = "Sum", visible = false }],
        ]
        annotations = {
          horizontal = [{ label = "Alarm", value = var.sms_failure_rate_threshold_percent }]
        }
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 9
      width  = 12
      height = 6
      properties = {
        title  = "Delivery attempts (per 5 min)"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 300
        metrics = [
          [local.namespace, "SmsAttempts", local.dimension, var.environment],
          [local.namespace, "SmsFailures", local.dimension, var.environment],
          [local.namespace, "SmsRetries", local.dimension, var.environment],
          [local.namespace, "EmailFailures", local.dimension, var.environment],
        ]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = 9
      width  = 12
      height = 6
      properties = {
        title  = "End-to-end latency, enqueue to outcome (ms)"
        region = local.region
        view   = "timeSeries"
        period = 300
        metrics = [
          [local.namespace, "EndToEndLatency", local.dimension, var.environment, { stat = "p50", label = "p50" }],
          [local.namespace, "EndToEndLatency", local.dimension, var.environment, { stat = "p90", label = "p90" }],
          [local.namespace, "EndToEndLatency", local.dimension, var.environment, { stat = "p99", label = "p99" }],
        ]
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 15
      width  = 8
      height = 6
      properties = {
        title  = "Queue backlog"
        region = local.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = 60
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.queue_name, { label = "Waiting" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", var.queue_name, { label = "In flight or backing off" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name, { label = "Dead-letter queue" }],
        ]
      }
    },
    {
      type   = "metric"
      x      = 8
      y      = 15
      width  = 8
      height = 6
      properties = {
        title  = "Oldest reminder on the queue (s)"
        region = local.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = 60
        metrics = [
          ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.queue_name],
        ]
        annotations = {
          horizontal = [{ label = "Alarm", value = var.oldest_message_age_threshold_seconds }]
        }
      }
    },
    {
      type   = "metric"
      x      = 16
      y      = 15
      width  = 8
      height = 6
      properties = {
        title  = "Workers"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          [local.namespace, "Heartbeat", local.dimension, var.environment, { stat = "Sum", label = "Heartbeats per minute" }],
          ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", var.ecs_cluster_name, "ServiceName", var.ecs_service_name, { stat = "Average", label = "Running tasks" }],
        ]
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 21
      width  = 8
      height = 6
      properties = {
        title  = "SMS spend this month (USD, whole account)"
        region = local.region
        view   = "singleValue"
        stat   = "Maximum"
        period = 300
        metrics = [
          ["AWS/SNS", "SMSMonthToDateSpentUSD"],
        ]
      }
    },
    {
      type   = "metric"
      x      = 8
      y      = 21
      width  = 8
      height = 6
      properties = {
        # The rates of `reminders report`, hour by hour: delivered of texted (End User Messaging receipts),
        # confirmed of sent, emailed of sent.
        title  = "Rates (%): delivery, confirmation, email fallback"
        region = local.region
        view   = "timeSeries"
        period = 3600
        yAxis  = { left = { min = 0, max = 100 } }
        metrics = [
          [{ id = "rate", label = "Delivered of texted (%)", expression = "IF(texted > 0, 100 * delivered / texted, 0)" }],
          [{ id = "confirmation", label = "Confirmed of sent (%)", expression = "IF(texted + emailed > 0, 100 * confirmed / (texted + emailed), 0)" }],
          [{ id = "emailshare", label = "Emailed of sent (%)", expression = "IF(texted + emailed > 0, 100 * emailed / (texted + emailed), 0)" }],
          [local.namespace, "Delivered", local.dimension, var.environment, { id = "delivered", stat = "Sum", visible = false }],
          [local.namespace, "SmsSent", local.dimension, var.environment, { id = "texted", stat = "Sum", visible = false }],
          [local.namespace, "EmailSent", local.dimension, var.environment, { id = "emailed", stat = "Sum", visible = false }],
          [local.namespace, "RepliesConfirmed", local.dimension, var.environment, { id = "confirmed", stat = "Sum", visible = false }],
        ]
      }
    },
    {
      type   = "metric"
      x      = 16
      y      = 21
      width  = 8
      height = 6
      properties = {
        title  = "Receipts, replies and EHR events (per 5 min)"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 300
        metrics = [
          [local.namespace, "Undeliverable", local.dimension, var.environment],
          [local.namespace, "ReceiptsIgnored", local.dimension, var.environment],
          [local.namespace, "RepliesConfirmed", local.dimension, var.environment],
          [local.namespace, "RepliesReschedule", local.dimension, var.environment],
          [local.namespace, "RepliesOptedOut", local.dimension, var.environment],
          [local.namespace, "RepliesOther", local.dimension, var.environment],
          [local.namespace, "RepliesUnmatched", local.dimension, var.environment],
          [local.namespace, "EhrEvents", local.dimension, var.environment],
          [local.namespace, "EhrEventFailures", local.dimension, var.environment],
        ]
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "reminders" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
