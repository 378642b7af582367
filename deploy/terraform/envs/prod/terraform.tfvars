# prod: deletion protection, a year of logs, two to ten tasks, the highest SMS spend limit.
# The account-specific values are placeholders (REPLACE-ME) that a plan refuses: replace them, and the email
# domain and alarm address, before the first plan (deploy/terraform/README.md, "Before the first apply").

environment = "prod"
region      = "us-east-1"

image      = "REPLACE-ME.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0"
vpc_id     = "vpc-REPLACE-ME"
subnet_ids = ["subnet-REPLACE-ME-a", "subnet-REPLACE-ME-b"]

# HTTPS only to the VPC's interface endpoints and the S3/DynamoDB gateway endpoints; add "0.0.0.0/0" when the
# subnets reach some AWS API through a NAT gateway instead (the README lists the endpoints the worker needs).
egress_cidr_blocks = []

# With the domain's Route 53 zone, Terraform publishes the SES records and waits for verification.
dns_zone_id = ""

email_identity = "reminders.example.org"
email_sender   = "no-reply@reminders.example.org"
alarm_email    = "oncall@example.org"

ehr_sender_principal_arns = [
  "arn:aws:iam::REPLACE-ME:role/ehr-integration-engine",
]

# Above 1 USD, the SMS spend limit needs a quota increase from AWS Support first (README).
manage_sms_preferences        = true
sms_monthly_spend_limit_usd   = 1000
sms_spend_alarm_threshold_usd = 800
sms_rate_per_second_total     = 20

deletion_protection = true
log_retention_days  = 400
min_tasks           = 2
max_tasks           = 10
cpu                 = 1024
memory              = 2048
