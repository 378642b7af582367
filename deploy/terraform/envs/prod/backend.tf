# State of the prod environment. The bucket (versioned, encrypted, public access blocked) and the lock table (hash
# key LockID, type S) are created once per account before the first init; see deploy/terraform/README.md.
terraform {
  backend "s3" {
    bucket         = "example-appointment-reminders-tfstate"
    key            = "appointment-reminders/prod/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "appointment-reminders-tflock"
    encrypt        = true
  }
}
