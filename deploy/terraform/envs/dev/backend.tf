# State of the dev environment, in its account's state bucket. Bucket names are global, so the bucket is named at
# init, not here: terraform init -backend-config="bucket=<state bucket>" (deploy/terraform/README.md). S3 itself locks
# the state (use_lockfile); no lock table.
terraform {
  backend "s3" {
    key          = "appointment-reminders/dev/terraform.tfstate"
    region       = "us-east-1"
    use_lockfile = true
    encrypt      = true
  }
}
