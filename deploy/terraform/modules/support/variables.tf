variable "name" {
  description = "Name of the environment's resources (the role is <name>-support)."
  type        = string
}

variable "ledger_table_arn" {
  description = "ARN of the ledger table."
  type        = string
}

variable "ledger_kms_key_arn" {
  description = "ARN of the key that encrypts the ledger table."
  type        = string
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
