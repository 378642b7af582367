# The reminder worker on ECS Fargate: cluster, task definition, service, roles, logs and backlog-based scaling.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  container_name = "worker"

  # The worker's CloudWatch namespace (MetricNames.NAMESPACE).
  metric_namespace = "AppointmentReminders"

  # The workers share the origination identity's throughput among those alive (each sends the whole rate divided by
  # the workers it sees, through the ledger table); one task's share is smallest when max_tasks run.
  sms_rate_per_task = floor(var.sms_rate_per_second_total * 100 / var.max_tasks) / 100

  # Scaling target: the visible backlog one task sends in backlog_target_seconds at that smallest share.
  backlog_per_task_target = max(1, floor(local.sms_rate_per_task * var.backlog_target_seconds))

  # Worker configuration. Only real keys of config/application.conf: the variable for a key is the key upper-cased
  # with dots and dashes as underscores, and the worker refuses any REMINDERS_* variable that names no key.
  # AWS_REGION is set by ECS. Empty values are left out (the key keeps its default).
  worker_environment = {
    REMINDERS_ENVIRONMENT               = var.environment
    REMINDERS_QUEUE_URL                 = var.queue_url
    REMINDERS_QUEUE_DEAD_LETTER_URL     = var.dead_letter_queue_url
    REMINDERS_LEDGER_TABLE              = var.ledger_table_name
    REMINDERS_LEDGER_RETENTION          = var.ledger_retention
    REMINDERS_EMAIL_SENDER              = var.email_sender
    REMINDERS_EMAIL_TEMPLATE_PREFIX     = var.email_template_prefix
    REMINDERS_SMS_RATE_PER_SECOND       = format("%.2f", var.sms_rate_per_second_total)
    REMINDERS_SMS_ORIGINATION_NUMBER    = var.sms_origination_number
    REMINDERS_SMS_SENDER_ID             = var.sms_sender_id
    REMINDERS_SMS_MAX_PRICE_USD         = var.sms_max_price_usd
    REMINDERS_PROCESSING_MESSAGE_BUDGET = "${var.message_budget_seconds}s"
    REMINDERS_SHUTDOWN_GRACE            = "${var.shutdown_grace_seconds}s"
    REMINDERS_HEALTH_PORT               = tostring(var.health_port)
  }

  # The worker container (a test reads this object: keep it a plain object literal).
  container_definition = {
    name                   = local.container_name
    image                  = var.image
    essential              = true
    user                   = "10001:10001"
    readonlyRootFilesystem = true
    # ECS sends SIGTERM, waits stopTimeout, then SIGKILL; the worker finishes in-flight work within its grace.
    stopTimeout = var.stop_timeout_seconds

    environment = [for name, value in local.worker_environment : { name = name, value = value } if value != ""]

    mountPoints = [
      { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
    ]

    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS http://localhost:${var.health_port}/health/live || exit 1"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.worker.name
        awslogs-region        = local.region
        awslogs-stream-prefix = local.container_name
      }
    }
  }

  # An image in ECR: the execution role may pull from that repository only.
  ecr_image          = try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)", var.image), null)
  ecr_repository_arn = local.ecr_image == null ? null : "arn:${local.partition}:ecr:${local.ecr_image[1]}:${local.ecr_image[0]}:repository/${local.ecr_image[2]}"

  # SES authorizes a send against the identity; when the identity is a domain, the sender address may be checked too.
  # In the SES sandbox it also authorizes against each recipient's identity, so the verified test recipients are
  # listed as well (none once the account has production access).
  ses_identity_arns = distinct(concat([
    var.ses_identity_arn,
    "arn:${local.partition}:ses:${local.region}:${local.account_id}:identity/${var.email_sender}",
  ], var.ses_sandbox_recipient_arns))
}

# ---------------------------------------------------------------------------------------------------------------------
# Logs
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "logs_key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; CloudWatch Logs may use it only for this account's log groups (encryption context condition).
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

  statement {
    sid       = "CloudWatchLogsEncryptsThisAccountsLogGroups"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description             = "Encrypts the ${var.name} worker logs"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.logs_key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

resource "aws_cloudwatch_log_group" "worker" {
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days: a year or more in prod, less in dev and staging on purpose); the ledger table is the durable record of outcomes.
  name              = "/ecs/${var.name}/worker"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
  tags              = var.tags
}

# ECS Exec is off for the service; if it is ever turned on, sessions are encrypted and logged here.
resource "aws_cloudwatch_log_group" "exec" {
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days: a year or more in prod, less in dev and staging on purpose).
  name              = "/ecs/${var.name}/exec"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
  tags              = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_key.logs.arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
      }
    }
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------------------------------

# The task role: ECS documents aws:SourceAccount and aws:SourceArn for it (confused deputy prevention).
data "aws_iam_policy_document" "task_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

# The execution role: ECS documents no source keys for the agent that assumes it, and a condition on a key that is
# not sent denies the assumption, so the task would never start. What the role may do is narrow instead: one log
# group, one image repository; iam:PassRole decides who may hand it to a task.
data "aws_iam_policy_document" "execution_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: what ECS needs to start the task (pull the image, write the log stream).
resource "aws_iam_role" "execution" {
  name               = "${var.name}-worker-execution"
  description        = "Starts the ${var.name} worker task: image pull and logs"
  assume_role_policy = data.aws_iam_policy_document.execution_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "WriteWorkerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.worker.arn}:*"]
  }

  dynamic "statement" {
    for_each = local.ecr_repository_arn == null ? [] : [1]
    content {
      sid = "PullWorkerImage"
      # ecr:GetAuthorizationToken authorizes no resource: it must be "*".
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = local.ecr_repository_arn == null ? [] : [1]
    content {
      sid       = "PullWorkerImageLayers"
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
      resources = [local.ecr_repository_arn]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-worker-task"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: what the worker itself calls, and nothing more. The deploy check (scripts/deploy-check) runs the worker
# on a stack made from this file and fails when it makes a call this policy does not allow, or when an action here
# is one the worker never calls.
resource "aws_iam_role" "task" {
  name               = "${var.name}-worker"
  description        = "The ${var.name} reminder worker: queue, ledger, SMS, email fallback, metrics"
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "task" {
  statement {
    sid = "ConsumeReminders"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [var.queue_arn]
  }

  # Invalid and undeliverable messages go to the dead-letter queue at once.
  statement {
    sid       = "ForwardToDeadLetter"
    actions   = ["sqs:SendMessage"]
    resources = [var.dead_letter_queue_arn]
  }

  statement {
    sid       = "UseQueueKeyThroughSqs"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.queue_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }

  # Every ledger write is a conditional UpdateItem, alone or in a transaction whose ConditionCheck makes sure the
  # appointment is still as reminded (DynamoDB authorizes a transaction by the actions of its parts). The worker
  # never reads the table or its indexes (the patient index projects every attribute: reading it would be reading
  # the whole ledger).
  statement {
    sid       = "WriteLedger"
    actions   = ["dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
    resources = [var.ledger_table_arn]
  }

  statement {
    sid       = "UseLedgerKeyThroughDynamoDb"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.ledger_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["dynamodb.${local.region}.amazonaws.com"]
    }
  }

  # Publishing straight to a phone number has no resource ARN.
  statement {
    sid       = "SendSms"
    actions   = ["sns:Publish"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = [local.region]
    }
  }

  # ... and the worker publishes to phone numbers only: never to a topic or a platform endpoint.
  statement {
    sid       = "NoPublishToTopicsOrEndpoints"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = ["arn:${local.partition}:sns:*:*:*"]
  }

  statement {
    sid       = "ReadSmsOptOuts"
    actions   = ["sns:ListPhoneNumbersOptedOut"]
    resources = ["*"]
  }

  statement {
    sid       = "SendFallbackEmail"
    actions   = ["ses:SendTemplatedEmail"]
    resources = concat(local.ses_identity_arns, var.ses_template_arns)

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.email_sender]
    }
  }

  statement {
    sid       = "PublishWorkerMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [local.metric_namespace]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "reminder-worker"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# ---------------------------------------------------------------------------------------------------------------------
# Task definition and service
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # The root file system is read-only; the JVM's scratch space is this task-local volume.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([local.container_definition])

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.shutdown_grace_seconds < var.stop_timeout_seconds
      error_message = "shutdown_grace_seconds must be shorter than stop_timeout_seconds, or ECS kills the worker before it has settled its messages."
    }

    precondition {
      condition     = local.sms_rate_per_task >= 0.01
      error_message = "sms_rate_per_second_total / max_tasks must be at least 0.01 messages per second."
    }

    precondition {
      condition     = var.min_tasks <= var.max_tasks
      error_message = "min_tasks must not exceed max_tasks."
    }
  }
}

# Where the tasks may connect: HTTPS only, to the VPC's own addresses (its interface endpoints) and to the S3 and
# DynamoDB gateway endpoints' prefix lists (ECR image layers live in S3). egress_cidr_blocks adds more, e.g.
# 0.0.0.0/0 through a NAT gateway for a service the VPC has no endpoint for: a documented choice, not the default.
data "aws_vpc" "worker" {
  id = var.vpc_id
}

data "aws_ec2_managed_prefix_list" "gateway_endpoint" {
  for_each = toset(["s3", "dynamodb"])

  name = "com.amazonaws.${local.region}.${each.key}"
}

resource "aws_security_group" "worker" {
  name        = "${var.name}-worker"
  description = "Reminder worker tasks: no inbound traffic, HTTPS out to the AWS APIs"
  vpc_id      = var.vpc_id

  egress {
    description = "HTTPS to the interface endpoints in the VPC (SQS, SNS, DynamoDB, CloudWatch, Logs, ECR)"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [data.aws_vpc.worker.cidr_block]
  }

  egress {
    description     = "HTTPS to the S3 and DynamoDB gateway endpoints"
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    prefix_list_ids = [for list in data.aws_ec2_managed_prefix_list.gateway_endpoint : list.id]
  }

  dynamic "egress" {
    for_each = length(var.egress_cidr_blocks) > 0 ? [1] : []
    content {
      description = "HTTPS to AWS APIs without an endpoint in the VPC (through a NAT gateway)"
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_blocks = var.egress_cidr_blocks
    }
  }

  tags = var.tags
}

resource "aws_ecs_service" "worker" {
  name                               = "${var.name}-worker"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.worker.arn
  desired_count                      = var.min_tasks
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  enable_execute_command             = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  tags = var.tags

  # A task started before its role may do its work would dead-letter reminders it could have sent.
  depends_on = [aws_iam_role_policy.task]

  # Auto scaling owns the task count after the first apply.
  lifecycle {
    ignore_changes = [desired_count]
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Auto scaling on backlog per task
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.worker.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_tasks
  max_capacity       = var.max_tasks
  tags               = var.tags
}

# Target tracking on a metric that falls as tasks are added: visible messages / running tasks. Application Auto
# Scaling creates and owns the alarms; it scales out quickly and in slowly.
resource "aws_appautoscaling_policy" "backlog_per_task" {
  name               = "${var.name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = local.backlog_per_task_target
    scale_out_cooldown = var.scale_out_cooldown_seconds
    scale_in_cooldown  = var.scale_in_cooldown_seconds

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "Reminders waiting"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = var.queue_name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running worker tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.worker.name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Reminders waiting per task"
        expression  = "IF(tasks > 0, visible / tasks, visible)"
        return_data = true
      }
    }
  }
}
