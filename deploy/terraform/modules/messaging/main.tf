# SMS account preferences with delivery-status logging, the SES sender identity, and one SES template per language.
#
# The templates are built from the very files the worker ships (worker/service/src/main/resources/templates/<lang>/), so a
# new language directory becomes a new template on the next apply.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  templates_dir = "${path.module}/../../../../worker/service/src/main/resources/templates"
  languages     = toset([for subject in fileset(local.templates_dir, "*/email-subject.txt") : dirname(subject)])

  identity_is_address = length(regexall("@", var.email_identity)) > 0

  # SNS names these log groups itself; they are created here so that they get a retention and a key.
  sms_log_group_prefix = "sns/${local.region}/${local.account_id}/DirectPublishToPhoneNumber"
  sms_log_groups = {
    success = local.sms_log_group_prefix
    failure = "${local.sms_log_group_prefix}/Failure"
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# SES: identity and templates
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ses_domain_identity" "sender" {
  count  = local.identity_is_address ? 0 : 1
  domain = var.email_identity
}

resource "aws_ses_domain_dkim" "sender" {
  count  = local.identity_is_address ? 0 : 1
  domain = aws_ses_domain_identity.sender[0].domain
}

resource "aws_ses_email_identity" "sender" {
  count = local.identity_is_address ? 1 : 0
  email = var.email_identity
}

locals {
  identity_arn = local.identity_is_address ? aws_ses_email_identity.sender[0].arn : aws_ses_domain_identity.sender[0].arn
}

resource "aws_ses_template" "reminder" {
  for_each = local.languages

  name = "${var.template_prefix}-${each.key}"
  # The subject file ends with a newline; a subject is one line.
  subject = trimspace(file("${local.templates_dir}/${each.key}/email-subject.txt"))
  text    = file("${local.templates_dir}/${each.key}/email.txt")
  html    = file("${local.templates_dir}/${each.key}/email.html")

  lifecycle {
    precondition {
      condition     = lower(var.email_sender) == lower(var.email_identity) || endswith(lower(var.email_sender), "@${lower(var.email_identity)}")
      error_message = "email_sender must be the SES identity itself or an address in the identity's domain."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# SNS SMS: account preferences and delivery-status logs
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
  count = var.manage_sms_preferences ? 1 : 0

  description             = "Encrypts the SMS delivery-status logs of ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.logs_key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "logs" {
  count = var.manage_sms_preferences ? 1 : 0

  name          = "alias/${var.name}-sms-logs"
  target_key_id = aws_kms_key.logs[0].key_id
}

resource "aws_cloudwatch_log_group" "sms_delivery" {
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days); delivery-status logs hold phone numbers, so they are kept no longer than needed to investigate a delivery.
  for_each = var.manage_sms_preferences ? local.sms_log_groups : {}

  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs[0].arn
  tags              = var.tags
}

data "aws_iam_policy_document" "sns_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "sns_delivery_logs" {
  statement {
    sid = "WriteSmsDeliveryStatus"
    actions = [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:PutMetricFilter",
      "logs:PutRetentionPolicy",
    ]
    resources = [
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.sms_log_group_prefix}",
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.sms_log_group_prefix}:*",
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.sms_log_group_prefix}/Failure",
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.sms_log_group_prefix}/Failure:*",
    ]
  }
}

resource "aws_iam_role" "sns_delivery_logs" {
  count = var.manage_sms_preferences ? 1 : 0

  name               = "${var.name}-sns-sms-delivery-logs"
  description        = "Lets SNS write SMS delivery status to CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.sns_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "sns_delivery_logs" {
  count = var.manage_sms_preferences ? 1 : 0

  name   = "sms-delivery-status-logs"
  role   = aws_iam_role.sns_delivery_logs[0].id
  policy = data.aws_iam_policy_document.sns_delivery_logs.json
}

resource "aws_sns_sms_preferences" "account" {
  count = var.manage_sms_preferences ? 1 : 0

  default_sms_type                      = "Transactional"
  monthly_spend_limit                   = var.sms_monthly_spend_limit_usd
  default_sender_id                     = var.sms_default_sender_id == "" ? null : var.sms_default_sender_id
  delivery_status_iam_role_arn          = aws_iam_role.sns_delivery_logs[0].arn
  delivery_status_success_sampling_rate = tostring(var.sms_delivery_success_sampling_percent)

  depends_on = [aws_cloudwatch_log_group.sms_delivery, aws_iam_role_policy.sns_delivery_logs]
}
