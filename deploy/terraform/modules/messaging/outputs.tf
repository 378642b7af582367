output "template_prefix" {
  description = "SES template name prefix (reminders.email.template-prefix)."
  value       = var.template_prefix
}

output "languages" {
  description = "Languages with an email template, from the worker's template directories."
  value       = sort(tolist(local.languages))
}

output "template_names" {
  description = "SES template name per language."
  value       = { for lang, template in aws_ses_template.reminder : lang => template.name }
}

output "template_arns" {
  description = "ARNs of the SES templates."
  value       = [for template in aws_ses_template.reminder : template.arn]
}

output "identity_arn" {
  description = "ARN of the SES identity the fallback email is sent from."
  value       = local.identity_arn
}

output "email_sender" {
  description = "From address of the fallback email (reminders.email.sender)."
  value       = var.email_sender
}

output "sandbox_recipient_arns" {
  description = "ARNs of the verified SES sandbox recipients."
  value       = [for identity in aws_ses_email_identity.sandbox_recipient : identity.arn]
}

output "dns_records" {
  description = "For a domain identity: the DNS records SES verifies it by (published by Terraform when dns_zone_id is set)."
  value = local.identity_is_address ? [] : concat(
    [{ name = "_amazonses.${var.email_identity}", type = "TXT", value = aws_ses_domain_identity.sender[0].verification_token }],
    [for token in aws_ses_domain_dkim.sender[0].dkim_tokens :
    { name = "${token}._domainkey.${var.email_identity}", type = "CNAME", value = "${token}.dkim.amazonses.com" }],
  )
}

output "dkim_tokens" {
  description = "For a domain identity: publish each token as a CNAME <token>._domainkey.<domain> -> <token>.dkim.amazonses.com."
  value       = local.identity_is_address ? [] : aws_ses_domain_dkim.sender[0].dkim_tokens
}
