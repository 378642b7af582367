# staging: like prod, smaller; no deletion protection, three months of logs.
# Replace the account-specific values (image, network, email, principals) before the first apply.

environment = "staging"
region      = "us-east-1"

image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0"
vpc_id     = "vpc-0123456789abcdef0"
subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]

email_identity = "staging.reminders.example.org"
email_sender   = "no-reply@staging.reminders.example.org"
alarm_email    = "oncall@example.org"

ehr_sender_principal_arns = [
  "arn:aws:iam::210987654321:role/ehr-integration-engine-test",
]

manage_sms_preferences        = true
sms_monthly_spend_limit_usd   = 50
sms_spend_alarm_threshold_usd = 40
sms_rate_per_second_total     = 20

deletion_protection = false
log_retention_days  = 90
min_tasks           = 1
max_tasks           = 4
cpu                 = 512
memory              = 1024
