# The read-only support role: what `reminders show`, `reminders history` and `reminders report` need, and nothing
# else. These commands read PHI-linked records (a patient's id, their reminders, a masked phone), so the role is
# separate from the worker's and grants reads only: GetItem on the ledger table, Query on the three indexes the
# commands use, and the table key's Decrypt through DynamoDB. No Scan, no write, no other table, queue or topic.
#
# Who may take it on is decided in the account's IAM (a support group or permission set allowed sts:AssumeRole on
# it); the role trusts the account and nothing outside it. worker/service's TerraformConsistencyTest holds these
# actions and indexes to the ones the CLI declares (LedgerLookup, ReportReader), and ShowHistoryReportIT holds those
# to the actions the commands' calls needed on the emulators.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }
}

resource "aws_iam_role" "support" {
  name                 = "${var.name}-support"
  description          = "Read-only: reminders show, history and report on the ${var.name} ledger"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

data "aws_iam_policy_document" "support" {
  # show: one reminder by its key; history --appointment: the appointment's own item.
  statement {
    sid       = "ReadReminder"
    actions   = ["dynamodb:GetItem"]
    resources = [var.ledger_table_arn]
  }

  # history --patient, history --appointment, report: one Query per lookup or per day, never a Scan.
  statement {
    sid     = "QueryLedgerIndexes"
    actions = ["dynamodb:Query"]
    resources = [
      "${var.ledger_table_arn}/index/patient-index",
      "${var.ledger_table_arn}/index/appointment-index",
      "${var.ledger_table_arn}/index/report-index",
    ]
  }

  statement {
    sid       = "UseLedgerKeyThroughDynamoDb"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = [var.ledger_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["dynamodb.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "support" {
  name   = "${var.name}-support"
  role   = aws_iam_role.support.id
  policy = data.aws_iam_policy_document.support.json
}
