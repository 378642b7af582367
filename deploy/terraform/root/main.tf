# One environment of the reminder service. Each envs/<environment> root links these files (main, variables, outputs,
# versions) and adds only its own terraform.tfvars and backend.tf, so the environments cannot drift apart.

locals {
  # Naming scheme shared with the local provisioning: queue <name>, dead-letter queue <name>-dlq, table
  # <name>-ledger, SES templates <name>-<lang>.
  name = "appointment-reminders-${var.environment}"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# SNS creates its SMS delivery log groups itself on the first delivery log. When they exist already, the environment
# that manages the SMS preferences adopts them (import), unless another environment's tag says they are its own: the
# messaging module then stops the plan with what to do.
locals {
  sms_log_group_prefix = "sns/${data.aws_region.current.name}/${data.aws_caller_identity.current.account_id}/DirectPublishToPhoneNumber"
  sms_log_group_keys   = { (local.sms_log_group_prefix) = "success", "${local.sms_log_group_prefix}/Failure" = "failure" }
  existing_sms_log_groups = var.manage_sms_preferences ? {
    for name in data.aws_cloudwatch_log_groups.sms.log_group_names : name => local.sms_log_group_keys[name]
    if contains(keys(local.sms_log_group_keys), name)
  } : {}
}

data "aws_cloudwatch_log_groups" "sms" {
  log_group_name_prefix = local.sms_log_group_prefix
}

data "aws_cloudwatch_log_group" "sms" {
  for_each = local.existing_sms_log_groups
  name     = each.key
}

import {
  for_each = { for name, key in local.existing_sms_log_groups : name => key if lookup(data.aws_cloudwatch_log_group.sms[name].tags, "Environment", var.environment) == var.environment }
  to       = module.messaging.aws_cloudwatch_log_group.sms_delivery[each.value]
  id       = each.key
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "appointment-reminders"
      Environment = var.environment
    }
  }
}

module "queue" {
  source = "../../modules/queue"

  name                   = local.name
  message_budget_seconds = var.message_budget_seconds
  max_receive_count      = var.max_receive_count
  sender_principal_arns  = var.ehr_sender_principal_arns
}

module "ledger" {
  source = "../../modules/ledger"

  name                = "${local.name}-ledger"
  deletion_protection = var.deletion_protection
}

module "messaging" {
  source = "../../modules/messaging"

  name                        = local.name
  template_prefix             = local.name
  email_identity              = var.email_identity
  email_sender                = var.email_sender
  environment                 = var.environment
  dns_zone_id                 = var.dns_zone_id
  ses_sandbox_recipients      = var.ses_sandbox_recipients
  sms_log_group_owners        = { for name, group in data.aws_cloudwatch_log_group.sms : name => lookup(group.tags, "Environment", "") }
  manage_sms_preferences      = var.manage_sms_preferences
  sms_monthly_spend_limit_usd = var.sms_monthly_spend_limit_usd
  sms_default_sender_id       = var.sms_sender_id
  log_retention_days          = var.log_retention_days
}

# The closed loop with the patient: with End User Messaging SMS only (sms_channel); with SNS it makes nothing.
module "patient_loop" {
  source = "../../modules/patient_loop"

  name                      = local.name
  enabled                   = var.sms_channel == "end-user-messaging"
  phone_number              = var.sms_channel == "end-user-messaging" ? var.sms_phone_number : ""
  two_way_enabled           = var.sms_two_way_enabled
  message_budget_seconds    = var.message_budget_seconds
  max_receive_count         = var.max_receive_count
  publisher_role_arn        = module.service.task_role_arn
  ehr_reader_principal_arns = var.ehr_sender_principal_arns
}

# Read-only access for support and managers: reminders show, history and report.
module "support" {
  source = "../../modules/support"

  name               = local.name
  ledger_table_arn   = module.ledger.table_arn
  ledger_kms_key_arn = module.ledger.kms_key_arn
}

module "service" {
  source = "../../modules/service"

  name               = local.name
  environment        = var.environment
  image              = var.image
  cpu                = var.cpu
  memory             = var.memory
  min_tasks          = var.min_tasks
  max_tasks          = var.max_tasks
  vpc_id             = var.vpc_id
  subnet_ids         = var.subnet_ids
  egress_cidr_blocks = var.egress_cidr_blocks

  queue_url             = module.queue.queue_url
  queue_arn             = module.queue.queue_arn
  queue_name            = module.queue.queue_name
  dead_letter_queue_url = module.queue.dead_letter_queue_url
  dead_letter_queue_arn = module.queue.dead_letter_queue_arn
  queue_kms_key_arn     = module.queue.kms_key_arn

  ledger_table_name  = module.ledger.table_name
  ledger_table_arn   = module.ledger.table_arn
  ledger_kms_key_arn = module.ledger.kms_key_arn
  ledger_retention   = var.ledger_retention

  ses_identity_arn           = module.messaging.identity_arn
  ses_sandbox_recipient_arns = module.messaging.sandbox_recipient_arns
  ses_template_arns          = module.messaging.template_arns
  email_sender               = module.messaging.email_sender
  email_template_prefix      = module.messaging.template_prefix

  sms_channel                    = var.sms_channel
  sms_configuration_set_name     = module.patient_loop.configuration_set_name
  sms_configuration_set_arn      = module.patient_loop.configuration_set_arn
  sms_origination_identity_arn   = module.patient_loop.origination_identity_arn
  receipts_queue_url             = module.patient_loop.receipts_queue_url
  receipts_queue_arn             = module.patient_loop.receipts_queue_arn
  receipts_dead_letter_queue_url = module.patient_loop.receipts_dead_letter_queue_url
  receipts_dead_letter_queue_arn = module.patient_loop.receipts_dead_letter_queue_arn
  replies_enabled                = var.sms_two_way_enabled
  replies_queue_url              = module.patient_loop.replies_queue_url
  replies_queue_arn              = module.patient_loop.replies_queue_arn
  replies_dead_letter_queue_url  = module.patient_loop.replies_dead_letter_queue_url
  replies_dead_letter_queue_arn  = module.patient_loop.replies_dead_letter_queue_arn
  answer_unknown_replies         = var.sms_answer_unknown_replies
  ehr_events_topic_arn           = module.patient_loop.ehr_events_topic_arn
  loop_kms_key_arn               = module.patient_loop.loop_kms_key_arn
  ehr_kms_key_arn                = module.patient_loop.ehr_kms_key_arn

  sms_rate_per_second_total = var.sms_rate_per_second_total
  sms_origination_number    = var.sms_origination_number
  sms_sender_id             = var.sms_sender_id
  sms_max_price_usd         = var.sms_max_price_usd
  message_budget_seconds    = var.message_budget_seconds

  log_retention_days = var.log_retention_days
}

module "alarms" {
  source = "../../modules/alarms"

  name                    = local.name
  environment             = var.environment
  queue_name              = module.queue.queue_name
  dead_letter_queue_name  = module.queue.dead_letter_queue_name
  ecs_cluster_name        = module.service.cluster_name
  ecs_service_name        = module.service.service_name
  alarm_email             = var.alarm_email
  sms_spend_threshold_usd = var.sms_spend_alarm_threshold_usd

  loop_dead_letter_queue_names    = module.patient_loop.dead_letter_queue_names
  delivery_rate_alarm             = var.sms_channel == "end-user-messaging"
  delivery_rate_threshold_percent = var.delivery_rate_alarm_threshold_percent
}
