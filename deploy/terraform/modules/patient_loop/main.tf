# The closed loop with the patient, for environments that text through AWS End User Messaging SMS:
#
#   configuration set --(event destination: one CLI call, README)--> events topic  --> receipts queue (+ DLQ) --> worker
#   phone number      --(two-way channel:   one CLI call, README)--> inbound topic --> replies queue  (+ DLQ) --> worker
#   worker --> EHR events topic --> the EHR integration's queue (+ DLQ)
#
# Every topic and queue is encrypted with a customer managed key and refuses requests without TLS. A topic takes
# publishes only from the service that publishes to it (End User Messaging, or the worker's task role); a queue takes
# messages only from its own topic (aws:SourceArn). Subscriptions deliver raw messages, and what SNS cannot deliver
# goes to the queue's dead-letter queue, as does what the worker gives up on. With enabled = false nothing is made.
#
# hashicorp/aws 5.100 has the configuration set but no resource for its event destinations, and sets a phone
# number's two-way channel only on a number it buys (and releases on destroy): both are left to one CLI call each,
# printed by the manual_steps output.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  enabled = var.enabled

  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  phone_number_id  = element(split("/", var.phone_number), length(split("/", var.phone_number)) - 1)
  phone_number_arn = startswith(var.phone_number, "arn:") ? var.phone_number : "arn:${local.partition}:sms-voice:${local.region}:${local.account_id}:phone-number/${var.phone_number}"

  configuration_set_name = var.name
  configuration_set_arn  = "arn:${local.partition}:sms-voice:${local.region}:${local.account_id}:configuration-set/${local.configuration_set_name}"
  # What End User Messaging sends as aws:SourceArn: the configuration set for its events; for inbound texts AWS
  # documents only the account's sms-voice resources as a whole.
  sms_voice_resources = "arn:${local.partition}:sms-voice:${local.region}:${local.account_id}:*"

  # As the reminder queue's: 2 x budget, and never less than budget + 10 s (the worker reads it at start-up).
  visibility_timeout_seconds    = max(2 * var.message_budget_seconds, var.message_budget_seconds + 10)
  receive_wait_time_seconds     = 20
  message_retention_seconds     = 345600  # 4 days
  dead_letter_retention_seconds = 1209600 # 14 days, the SQS maximum

  # Each stream: a topic, the queue subscribed to it and that queue's dead-letter queue, under one key.
  streams = {
    # Delivery receipts: the configuration set's events.
    events = {
      enabled = local.enabled
      topic   = "${var.name}-sms-events"
      queue   = "${var.name}-sms-events"
      key     = "loop"
    }
    # Patients' replies: the phone number's two-way SMS.
    replies = {
      enabled = local.enabled && var.two_way_enabled
      topic   = "${var.name}-sms-inbound"
      queue   = "${var.name}-sms-replies"
      key     = "loop"
    }
    # Reminder events for the EHR, published by the worker, read by the EHR integration.
    ehr = {
      enabled = local.enabled
      topic   = "${var.name}-ehr-events"
      queue   = "${var.name}-ehr-events"
      key     = "ehr"
    }
  }
  active = { for stream, spec in local.streams : stream => spec if spec.enabled }

  # Topic ARNs are known before the topics exist, so the key policies can name them without a cycle.
  topic_arns = { for stream, spec in local.streams : stream => "arn:${local.partition}:sns:${local.region}:${local.account_id}:${spec.topic}" }

  key_arns = local.enabled ? { loop = aws_kms_key.loop[0].arn, ehr = aws_kms_key.ehr[0].arn } : {}
}

# ---------------------------------------------------------------------------------------------------------------------
# End User Messaging SMS: the configuration set every text is sent with
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_pinpointsmsvoicev2_configuration_set" "this" {
  count = local.enabled ? 1 : 0

  name                 = local.configuration_set_name
  default_message_type = "TRANSACTIONAL"
  tags                 = var.tags

  lifecycle {
    precondition {
      condition     = var.phone_number != ""
      error_message = "The closed loop needs the origination phone number (phone_number: its id or ARN), bought outside Terraform (README)."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------------------------------

# Receipts and replies: End User Messaging encrypts into the topics, SNS into the queues, the worker (through IAM,
# below the account root) decrypts what it receives.
data "aws_iam_policy_document" "loop_key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; End User Messaging and SNS may use it only for this account's resources (source conditions).
  #checkov:skip=CKV_AWS_356:A key policy's Resource "*" means this key only, so it cannot be narrowed further.
  count = local.enabled ? 1 : 0

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
    sid       = "EndUserMessagingPublishesToEncryptedTopics"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["sms-voice.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.sms_voice_resources]
    }
  }

  statement {
    sid       = "SnsDeliversToEncryptedQueues"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for stream, arn in local.topic_arns : arn if local.streams[stream].key == "loop"]
    }
  }
}

resource "aws_kms_key" "loop" {
  count = local.enabled ? 1 : 0

  description             = "Encrypts the ${var.name} SMS receipts and replies (topics and queues)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.loop_key[0].json
  tags                    = var.tags
}

resource "aws_kms_alias" "loop" {
  count = local.enabled ? 1 : 0

  name          = "alias/${var.name}-sms-loop"
  target_key_id = aws_kms_key.loop[0].key_id
}

# Events for the EHR: the worker encrypts into the topic (through IAM), SNS into the EHR's queue, and the EHR
# integration decrypts what it receives, through SQS only.
data "aws_iam_policy_document" "ehr_key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; SNS may use it only for the EHR topic, the EHR integration only through SQS.
  #checkov:skip=CKV_AWS_356:A key policy's Resource "*" means this key only, so it cannot be narrowed further.
  count = local.enabled ? 1 : 0

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
    sid       = "SnsDeliversToEncryptedQueues"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.topic_arns["ehr"]]
    }
  }

  dynamic "statement" {
    for_each = length(var.ehr_reader_principal_arns) > 0 ? [1] : []
    content {
      sid       = "EhrIntegrationsDecryptThroughSqs"
      actions   = ["kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.ehr_reader_principal_arns
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_kms_key" "ehr" {
  count = local.enabled ? 1 : 0

  description             = "Encrypts the ${var.name} reminder events for the EHR (topic and queues)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.ehr_key[0].json
  tags                    = var.tags
}

resource "aws_kms_alias" "ehr" {
  count = local.enabled ? 1 : 0

  name          = "alias/${var.name}-ehr-events"
  target_key_id = aws_kms_key.ehr[0].key_id
}

# ---------------------------------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_sns_topic" "stream" {
  for_each = local.active

  name              = each.value.topic
  kms_master_key_id = local.key_arns[each.value.key]
  tags              = var.tags
}

data "aws_iam_policy_document" "topic" {
  for_each = local.active

  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    # SNS topic policies take SNS actions only, not "sns:*".
    actions   = ["sns:Publish", "sns:Subscribe"]
    resources = [aws_sns_topic.stream[each.key].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # The account manages the topic and its subscriptions, but does not publish: only the publisher below does.
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
    ]
    resources = [aws_sns_topic.stream[each.key].arn]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  # Receipts and replies: End User Messaging SMS publishes, for this account's configuration set or phone number.
  dynamic "statement" {
    for_each = each.key == "ehr" ? [] : [1]
    content {
      sid       = "EndUserMessagingPublishes"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.stream[each.key].arn]

      principals {
        type        = "Service"
        identifiers = ["sms-voice.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = [each.key == "events" ? local.configuration_set_arn : local.sms_voice_resources]
      }
    }
  }

  # ... and nobody else: a receipt or reply published by anyone but End User Messaging would be a forged one.
  dynamic "statement" {
    for_each = each.key == "ehr" ? [] : [1]
    content {
      sid       = "OnlyEndUserMessagingPublishes"
      effect    = "Deny"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.stream[each.key].arn]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEquals"
        variable = "aws:PrincipalServiceName"
        values   = ["sms-voice.amazonaws.com"]
      }
    }
  }

  # Events for the EHR: the worker's task role publishes, and nobody else.
  dynamic "statement" {
    for_each = each.key == "ehr" ? [1] : []
    content {
      sid       = "WorkerPublishes"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.stream[each.key].arn]

      principals {
        type        = "AWS"
        identifiers = [var.publisher_role_arn]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "ehr" ? [1] : []
    content {
      sid       = "OnlyTheWorkerPublishes"
      effect    = "Deny"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.stream[each.key].arn]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = [var.publisher_role_arn]
      }
    }
  }
}

resource "aws_sns_topic_policy" "stream" {
  for_each = local.active

  arn    = aws_sns_topic.stream[each.key].arn
  policy = data.aws_iam_policy_document.topic[each.key].json

  lifecycle {
    precondition {
      condition     = each.key != "ehr" || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.publisher_role_arn))
      error_message = "publisher_role_arn must be the worker's task role ARN: it is the only principal the EHR topic takes events from."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Queues
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.active

  name                              = "${each.value.queue}-dlq"
  message_retention_seconds         = local.dead_letter_retention_seconds
  receive_wait_time_seconds         = local.receive_wait_time_seconds
  kms_master_key_id                 = local.key_arns[each.value.key]
  kms_data_key_reuse_period_seconds = 300
  tags                              = var.tags
}

resource "aws_sqs_queue" "main" {
  for_each = local.active

  name                              = each.value.queue
  visibility_timeout_seconds        = local.visibility_timeout_seconds
  receive_wait_time_seconds         = local.receive_wait_time_seconds
  message_retention_seconds         = local.message_retention_seconds
  kms_master_key_id                 = local.key_arns[each.value.key]
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only its own queue may use a dead-letter queue; this also lets the console's "Start DLQ redrive" send messages back.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  for_each = local.active

  queue_url = aws_sqs_queue.dead_letter[each.key].id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main[each.key].arn]
  })
}

# Both queues of a stream: TLS only; SendMessage from the stream's topic only (into the queue, and into the
# dead-letter queue for what SNS cannot deliver); the EHR's queues are read by the EHR integration.
data "aws_iam_policy_document" "queue" {
  for_each = { for pair in flatten([for stream, spec in local.active : [
    { key = "${stream}/main", stream = stream, arn = aws_sqs_queue.main[stream].arn },
    { key = "${stream}/dead_letter", stream = stream, arn = aws_sqs_queue.dead_letter[stream].arn },
  ]]) : pair.key => pair }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "OwnTopicSends"
    actions   = ["sqs:SendMessage"]
    resources = [each.value.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.stream[each.value.stream].arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.stream == "ehr" && length(var.ehr_reader_principal_arns) > 0 ? [1] : []
    content {
      sid = "EhrIntegrationsRead"
      actions = [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
      ]
      resources = [each.value.arn]

      principals {
        type        = "AWS"
        identifiers = var.ehr_reader_principal_arns
      }
    }
  }
}

resource "aws_sqs_queue_policy" "main" {
  for_each = local.active

  queue_url = aws_sqs_queue.main[each.key].id
  policy    = data.aws_iam_policy_document.queue["${each.key}/main"].json
}

resource "aws_sqs_queue_policy" "dead_letter" {
  for_each = local.active

  queue_url = aws_sqs_queue.dead_letter[each.key].id
  policy    = data.aws_iam_policy_document.queue["${each.key}/dead_letter"].json
}

# ---------------------------------------------------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------------------------------------------------

# Raw delivery: the queue receives the event, reply or EHR event itself, not an SNS envelope around it.
resource "aws_sns_topic_subscription" "stream" {
  for_each = local.active

  topic_arn            = aws_sns_topic.stream[each.key].arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.main[each.key].arn
  raw_message_delivery = true

  # What SNS cannot deliver to the queue (a key or policy broken by hand) is kept, not dropped.
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn
  })

  depends_on = [aws_sqs_queue_policy.main, aws_sqs_queue_policy.dead_letter]
}
