# The reminder queue and its dead-letter queue, encrypted with a customer-managed key.
#
# The visibility timeout is derived from the worker's per-message budget: the worker refuses to start when the
# visibility timeout is not longer than the budget, and sizes its in-flight limit from the difference.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  # 2 x budget, and never less than budget + 10 s.
  visibility_timeout_seconds = max(2 * var.message_budget_seconds, var.message_budget_seconds + 10)

  dead_letter_retention_seconds = 1209600 # 14 days, the SQS maximum
  receive_wait_time_seconds     = 20
}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; write access is granted to the account (delegated to IAM) and, through SQS only, to the listed senders.
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

  # EHR integrations in other accounts need the key to send to an encrypted queue, and only through SQS.
  dynamic "statement" {
    for_each = length(var.sender_principal_arns) > 0 ? [1] : []
    content {
      sid       = "SendersEncryptThroughSqs"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.sender_principal_arns
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${data.aws_region.current.name}.amazonaws.com"]
      }
    }
  }
}

resource "aws_kms_key" "queue" {
  description             = "Encrypts the ${var.name} reminder queue and its dead-letter queue"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "queue" {
  name          = "alias/${var.name}-queue"
  target_key_id = aws_kms_key.queue.key_id
}

resource "aws_sqs_queue" "dead_letter" {
  name                              = "${var.name}-dlq"
  message_retention_seconds         = local.dead_letter_retention_seconds
  receive_wait_time_seconds         = local.receive_wait_time_seconds
  kms_master_key_id                 = aws_kms_key.queue.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = var.tags
}

resource "aws_sqs_queue" "main" {
  name                              = var.name
  visibility_timeout_seconds        = local.visibility_timeout_seconds
  receive_wait_time_seconds         = local.receive_wait_time_seconds
  message_retention_seconds         = var.message_retention_seconds
  kms_master_key_id                 = aws_kms_key.queue.arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only the reminder queue may use the dead-letter queue; this is also what lets the console's
# "Start DLQ redrive" send messages back to their source queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main.arn]
  })
}

data "aws_iam_policy_document" "main" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.main.arn]

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

  dynamic "statement" {
    for_each = length(var.sender_principal_arns) > 0 ? [1] : []
    content {
      sid = "EhrIntegrationsSend"
      # GetQueueUrl lets JMS clients look the queue up by name; it reveals nothing but the URL.
      actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
      resources = [aws_sqs_queue.main.arn]

      principals {
        type        = "AWS"
        identifiers = var.sender_principal_arns
      }
    }
  }
}

resource "aws_sqs_queue_policy" "main" {
  queue_url = aws_sqs_queue.main.id
  policy    = data.aws_iam_policy_document.main.json
}

data "aws_iam_policy_document" "dead_letter" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dead_letter.arn]

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
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter.json
}
