# prod: deletion protection, a year of logs, two to ten tasks, the highest SMS spend limit.
# Replace the account-specific values (image, network, email, principals) before the first apply.

environment = "prod"
region      = "us-east-1"

image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0"
vpc_id     = "vpc-0123456789abcdef0"
subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]

email_identity = "reminders.example.org"
email_sender   = "no-reply@reminders.example.org"
alarm_email    = "oncall@example.org"

ehr_sender_principal_arns = [
  "arn:aws:iam::210987654321:role/ehr-integration-engine",
]

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
