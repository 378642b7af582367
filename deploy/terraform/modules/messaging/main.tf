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

  # SNS names these log groups itself, and creates them on its first delivery log when they do not exist. They are
  # made (or, when SNS made them first, adopted by the import blocks of the root) here so that they get a retention
  # and a key: they hold phone numbers.
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

# With the domain's Route 53 zone, Terraform publishes the verification and DKIM records itself and waits until SES
# has verified the domain, so no worker starts before the email fallback can send. Without it, the records are in
# the ses_dns_records output and the ses_identity_verified check warns on every plan until SES has seen them.
locals {
  publish_dns = !local.identity_is_address && var.dns_zone_id != ""
}

resource "aws_route53_record" "ses_verification" {
  count = local.publish_dns ? 1 : 0

  zone_id = var.dns_zone_id
  name    = "_amazonses.${var.email_identity}"
  type    = "TXT"
  ttl     = 600
  records = [aws_ses_domain_identity.sender[0].verification_token]
}

resource "aws_route53_record" "ses_dkim" {
  # Easy DKIM always gives three tokens; their values are known only after the apply, their number before it.
  count = local.publish_dns ? 3 : 0

  zone_id = var.dns_zone_id
  name    = "${aws_ses_domain_dkim.sender[0].dkim_tokens[count.index]}._domainkey.${var.email_identity}"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.sender[0].dkim_tokens[count.index]}.dkim.amazonses.com"]
}

resource "aws_ses_domain_identity_verification" "sender" {
  count = local.publish_dns ? 1 : 0

  domain     = aws_ses_domain_identity.sender[0].domain
  depends_on = [aws_route53_record.ses_verification, aws_route53_record.ses_dkim]

  timeouts {
    create = var.ses_verification_timeout
  }
}

# Warns (on every plan and apply) while SES has not verified the sender: the email fallback fails until it has.
check "ses_identity_verified" {
  data "aws_sesv2_email_identity" "sender" {
    # The name, not the resource: a check's data source that depends on a resource is read again at every apply.
    email_identity = var.email_identity
  }

  assert {
    condition     = data.aws_sesv2_email_identity.sender.verified_for_sending_status
    error_message = "SES has not verified ${var.email_identity} yet, so the email fallback cannot send: ${local.identity_is_address ? "open the link SES mailed to that address" : "publish the records in the ses_dns_records output (or set dns_zone_id)"}."
  }
}

resource "aws_ses_email_identity" "sender" {
  count = local.identity_is_address ? 1 : 0
  email = var.email_identity
}

# In the SES sandbox, mail goes only to verified addresses: each gets a verification link from SES.
resource "aws_ses_email_identity" "sandbox_recipient" {
  for_each = toset(var.ses_sandbox_recipients)
  email    = each.value
}

locals {
  # Through the verification resource when there is one, so that whatever uses the identity waits for it.
  identity_arn = (local.identity_is_address ? aws_ses_email_identity.sender[0].arn
  : local.publish_dns ? aws_ses_domain_identity_verification.sender[0].arn : aws_ses_domain_identity.sender[0].arn)
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

  lifecycle {
    # Account-wide: a second environment in the same account must not take them over.
    precondition {
      condition     = contains(["", var.environment], lookup(var.sms_log_group_owners, each.value, ""))
      error_message = "The SMS delivery log group ${each.value} belongs to the ${lookup(var.sms_log_group_owners, each.value, "")} environment of this account. SMS preferences and their logs exist once per account and region: set manage_sms_preferences = false in every environment of this account but one."
    }
  }
}

# SNS documents no aws:SourceAccount or aws:SourceArn for the role it assumes to log SMS deliveries, and a condition
# on a key that is not sent would silently stop the delivery logs. The role may only write the two SMS log groups.
data "aws_iam_policy_document" "sns_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
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
