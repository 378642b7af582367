# dev: cheapest; one small task (two at most), two weeks of logs, a low SMS spend limit, no deletion protection.
# The account-specific values are placeholders (REPLACE-ME) that a plan refuses: replace them, and the email
# domain and alarm address, before the first plan (deploy/terraform/README.md, "Before the first apply").

environment = "dev"
region      = "us-east-1"

image      = "REPLACE-ME.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0"
vpc_id     = "vpc-REPLACE-ME"
subnet_ids = ["subnet-REPLACE-ME"]

# HTTPS only to the VPC's interface endpoints and the S3/DynamoDB gateway endpoints; add "0.0.0.0/0" when the
# subnets reach some AWS API through a NAT gateway instead (the README lists the endpoints the worker needs).
egress_cidr_blocks = []

# With the domain's Route 53 zone, Terraform publishes the SES records and waits for verification.
dns_zone_id = ""

email_identity = "dev.reminders.example.org"
email_sender   = "no-reply@dev.reminders.example.org"
alarm_email    = "dev-team@example.org"

# While the account is in the SES sandbox, the only addresses the email fallback may reach.
ses_sandbox_recipients = []

ehr_sender_principal_arns = []

# A new account's SMS spend quota is 1 USD a month, and SNS refuses a higher limit: raise the quota first (README).
manage_sms_preferences        = true
sms_monthly_spend_limit_usd   = 1
sms_spend_alarm_threshold_usd = 0.8
sms_rate_per_second_total     = 5

deletion_protection = false
log_retention_days  = 14
min_tasks           = 1
max_tasks           = 2
cpu                 = 256
memory              = 1024
