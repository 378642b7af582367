# The outcome ledger: one item per reminderId, written with conditional updates by the worker.
#
# Attribute and index names are the worker's (LedgerAttributes); a test holds this file to them.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" means this key only; the account root statement delegates key administration to IAM policies, which is the AWS default key policy.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" means this key only; use is granted to the account and delegated to IAM policies.
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
}

resource "aws_kms_key" "ledger" {
  description             = "Encrypts the ${var.name} DynamoDB table"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "ledger" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.ledger.key_id
}

resource "aws_dynamodb_table" "ledger" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "reminderId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "reminderId"
    type = "S"
  }

  attribute {
    name = "patientId"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "N"
  }

  attribute {
    name = "status"
    type = "S"
  }

  attribute {
    name = "updatedAt"
    type = "N"
  }

  attribute {
    name = "smsMessageId"
    type = "S"
  }

  attribute {
    name = "phoneHash"
    type = "S"
  }

  attribute {
    name = "smsSentAt"
    type = "N"
  }

  attribute {
    name = "appointmentId"
    type = "S"
  }

  attribute {
    name = "reportDay"
    type = "S"
  }

  attribute {
    name = "clinicKey"
    type = "S"
  }

  # "Did this patient get a reminder?"
  global_secondary_index {
    name            = "patient-index"
    hash_key        = "patientId"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  # "Which reminders are stuck in CLAIMED / ended FAILED?"
  global_secondary_index {
    name            = "status-index"
    hash_key        = "status"
    range_key       = "updatedAt"
    projection_type = "KEYS_ONLY"
  }

  # A reply's previousPublishedMessageId finds the reminder it answers. Only texted reminders have the attribute
  # (a sparse index); the worker reads the reminderId alone.
  global_secondary_index {
    name            = "sms-message-index"
    hash_key        = "smsMessageId"
    projection_type = "KEYS_ONLY"
  }

  # A reply without that link answers the patient's latest text: by the phone's hash (never the number), newest
  # text first.
  global_secondary_index {
    name            = "phone-index"
    hash_key        = "phoneHash"
    range_key       = "smsSentAt"
    projection_type = "KEYS_ONLY"
  }

  # "What became of this appointment's reminders?" (reminders history --appointment)
  global_secondary_index {
    name            = "appointment-index"
    hash_key        = "appointmentId"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  # "Are reminders working?" (reminders report): a day's reminders of every clinic, or of one, with only what a
  # report counts, so a report reads about 120 bytes per reminder of its days and nothing else.
  global_secondary_index {
    name               = "report-index"
    hash_key           = "reportDay"
    range_key          = "clinicKey"
    projection_type    = "INCLUDE"
    non_key_attributes = ["status", "smsSentAt", "delivery", "reply"]
  }

  # Epoch seconds, set by the worker from reminders.ledger.retention.
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.ledger.arn
  }

  tags = var.tags
}
