# dev: cheapest; one small task (two at most), two weeks of logs, a low SMS spend limit, no deletion protection.
# Replace the account-specific values (image, network, email, principals) before the first apply.

environment = "dev"
region      = "us-east-1"

image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/appointment-reminders-worker:0.1.0"
vpc_id     = "vpc-0123456789abcdef0"
subnet_ids = ["subnet-0123456789abcdef0"]

email_identity = "dev.reminders.example.org"
email_sender   = "no-reply@dev.reminders.example.org"
alarm_email    = "dev-team@example.org"

ehr_sender_principal_arns = []

manage_sms_preferences        = true
sms_monthly_spend_limit_usd   = 10
sms_spend_alarm_threshold_usd = 8
sms_rate_per_second_total     = 5

deletion_protection = false
log_retention_days  = 14
min_tasks           = 1
max_tasks           = 2
cpu                 = 256
memory              = 1024
