"""The side of scripts/deploy-check that talks to local AWS (every service on the emulator front, LOCALAWS_FRONT_URL).

  deploy_check.py account --out DIR ENV...       what a first-time user makes before `terraform init`, as the README
                                                 says: a state bucket per environment, a VPC with private subnets,
                                                 a DNS zone for the email domain, the EHR integration's role (and
                                                 the SMS log groups SNS makes itself in a used account); writes
                                                 DIR/<env>.tfvars (this account's values for the placeholders of the
                                                 committed terraform.tfvars) and DIR/<env>.backend.hcl
  deploy_check.py plan-count PLAN_JSON           what a saved plan creates, changes, destroys (`terraform show -json`)
  deploy_check.py inventory FILE                 what exists in the account, to compare before apply and after destroy
  deploy_check.py leftovers BEFORE AFTER         exit 1, listing them, when AFTER holds anything BEFORE did not
  deploy_check.py round --outputs FILE --work DIR --worker-jar JAR --cli-jar JAR
                                                 the real worker and CLI on the stack Terraform made (see round())
"""

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import boto3
from botocore.config import Config

FRONT = os.environ.get("LOCALAWS_FRONT_URL", "")
REGION = os.environ.get("AWS_REGION", "us-east-1")
TERRAFORM_ENVS = Path(__file__).resolve().parents[2] / "deploy" / "terraform" / "envs"


def client(service: str) -> Any:
    return boto3.client(service, endpoint_url=FRONT, region_name=REGION,
                        config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard"}))


def say(text: str) -> None:
    print(f"deploy-check:       {text}", flush=True)


class CheckFailed(Exception):
    pass


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


# ---------------------------------------------------------------------------------------------------------------------
# The account before the first apply
# ---------------------------------------------------------------------------------------------------------------------

def account(out: Path, envs: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    account_id = client("sts").get_caller_identity()["Account"]
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")
               ["Subnet"]["SubnetId"] for i, zone in enumerate("ab", start=1)]
    s3, iam, route53 = client("s3"), client("iam"), client("route53")
    # An account that has sent SMS with delivery logging on already has the log groups SNS made itself (untagged).
    for group in ("", "/Failure"):
        client("logs").create_log_group(logGroupName=f"sns/{REGION}/{account_id}/DirectPublishToPhoneNumber{group}")
    for env in envs:
        committed = (TERRAFORM_ENVS / env / "terraform.tfvars").read_text()
        bucket = f"{account_id}-appointment-reminders-{env}-tfstate"
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        domain = re.search(r'^email_identity\s*=\s*"([^"]+)"', committed, re.M).group(1)
        zone = route53.create_hosted_zone(Name=domain, CallerReference=f"deploy-check-{env}")["HostedZone"]["Id"]
        principals = []
        if re.search(r"^ehr_sender_principal_arns\s*=\s*\[\s*\"", committed, re.M):
            role = iam.create_role(RoleName=f"ehr-integration-engine-{env}", AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                        "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"}}]}))
            principals.append(role["Role"]["Arn"])
        values = {
            "image": f"{account_id}.dkr.ecr.{REGION}.amazonaws.com/appointment-reminders-worker:local",
            "vpc_id": vpc,
            "subnet_ids": subnets,
            "ehr_sender_principal_arns": principals,
            "dns_zone_id": zone.split("/")[-1],
        }
        # A phone number is bought outside Terraform; a plan only names it (in the task role and the topics' policies).
        if re.search(r'^sms_channel\s*=\s*"end-user-messaging"', committed, re.M):
            values["sms_phone_number"] = "phone-" + "0123456789abcdef" * 2
        if env == "dev":
            values["ses_sandbox_recipients"] = sorted({case.email for case in ROUND if case.email})
        (out / f"{env}.tfvars").write_text("".join(f"{name} = {json.dumps(value)}\n" for name, value in values.items()))
        (out / f"{env}.backend.hcl").write_text(
            f'bucket         = "{bucket}"\n'
            f'use_path_style = true\n'
            f'endpoints      = {{ s3 = "{FRONT}", sts = "{FRONT}" }}\n')
    say(f"account {account_id}: VPC {vpc} with subnets {', '.join(subnets)}; the SMS delivery log groups SNS makes; "
        f"per environment a versioned, encrypted state bucket and a DNS zone for its email domain; EHR roles where "
        f"the environment lists principals")


# ---------------------------------------------------------------------------------------------------------------------
# Plans and inventories
# ---------------------------------------------------------------------------------------------------------------------

def plan_count(plan_json: Path) -> None:
    plan = json.loads(plan_json.read_text())
    counts = {"create": 0, "update": 0, "delete": 0}
    for change in plan.get("resource_changes", []):
        for action in change["change"]["actions"]:
            if action in counts:
                counts[action] += 1
    imports = sum(1 for change in plan.get("resource_changes", []) if change["change"].get("importing"))
    print(f"{counts['create']} to add, {counts['update']} to change, {counts['delete']} to destroy"
          + (f", {imports} to import" if imports else ""))


def inventory() -> dict[str, list[str]]:
    """Names of everything a stack of ours could leave behind. Customer managed KMS keys count until they are
    scheduled for deletion (AWS waits out a window before it deletes one); AWS managed keys (alias/aws/..., which
    services make on first use, as moto does, though it calls them customer managed) are the account's."""
    kms, ecs, logs = client("kms"), client("ecs"), client("logs")
    aliases = kms.list_aliases()["Aliases"]
    aws_managed = {a.get("TargetKeyId") for a in aliases if a["AliasName"].startswith("alias/aws/")}
    keys = [meta["KeyId"] for meta in (kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
                                       for key in kms.list_keys()["Keys"])
            if meta["KeyManager"] == "CUSTOMER" and meta["KeyState"] != "PendingDeletion"
            and meta["KeyId"] not in aws_managed]
    clusters = [c["clusterName"] for c in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])
                .get("clusters", []) if c["status"] == "ACTIVE"]
    zones = client("route53").list_hosted_zones()["HostedZones"]
    autoscaling = client("application-autoscaling")
    return {
        "sqs queues": client("sqs").list_queues().get("QueueUrls", []),
        "dynamodb tables": client("dynamodb").list_tables()["TableNames"],
        "kms keys": keys,
        "kms aliases": [a["AliasName"] for a in aliases if not a["AliasName"].startswith("alias/aws/")],
        "iam roles": [r["RoleName"] for r in client("iam").list_roles()["Roles"]],
        "log groups": [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]],
        "ecs clusters": clusters,
        "ecs task definitions": ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"],
        "ses identities": client("ses").list_identities()["Identities"],
        "ses templates": [t["Name"] for t in client("ses").list_templates()["TemplatesMetadata"]],
        "sns topics": [t["TopicArn"] for t in client("sns").list_topics()["Topics"]],
        "cloudwatch alarms": [a["AlarmName"] for a in client("cloudwatch").describe_alarms()["MetricAlarms"]],
        "cloudwatch dashboards": [d["DashboardName"] for d in client("cloudwatch").list_dashboards()["DashboardEntries"]],
        "scalable targets": [t["ResourceId"] for t in autoscaling.describe_scalable_targets(ServiceNamespace="ecs")
                             ["ScalableTargets"]],
        "security groups": [g["GroupName"] for g in client("ec2").describe_security_groups()["SecurityGroups"]],
        "dns records": [f"{r['Type']} {r['Name']}" for z in zones
                        for r in client("route53").list_resource_record_sets(HostedZoneId=z["Id"])["ResourceRecordSets"]],
    }


def leftovers(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [f"{kind}: {name}" for kind, names in after.items() for name in names if name not in before.get(kind, [])]


# ---------------------------------------------------------------------------------------------------------------------
# The round
# ---------------------------------------------------------------------------------------------------------------------

NEW_YORK = ZoneInfo("America/New_York")


class Case:
    """One reminder of the round, with what must become of it."""

    def __init__(self, reminder_id: str, name: str, phone: str, email: str | None, expect: str,
                 sms: int, emails: int, dead_letter: str | None = None, fault: dict | None = None,
                 raw: bool = False):
        self.reminder_id, self.name, self.phone, self.email = reminder_id, name, phone, email
        self.expect, self.sms, self.emails, self.dead_letter, self.fault, self.raw = (
            expect, sms, emails, dead_letter, fault, raw)

    def body(self) -> dict[str, Any]:
        start = (datetime.now(NEW_YORK) + timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)
        patient = {"id": "P-" + self.reminder_id[5:9], "givenName": self.name, "phone": self.phone, "language": "en"}
        if self.email:
            patient["email"] = self.email
        return {"schemaVersion": 1, "reminderId": self.reminder_id,
                "appointment": {"id": self.reminder_id.split("/")[0], "start": start.isoformat(),
                                "timeZone": NEW_YORK.key, "clinicName": "Riverside Clinic",
                                "location": "Riverside Clinic, 2nd floor", "clinicPhone": "+12025550123"},
                "patient": patient}


def refuse(phone: str, error: str, count: int | None = None, status: int = 400) -> dict[str, Any]:
    rule = {"service": "sns", "operation": "Publish", "match": {"PhoneNumber": phone}, "error": error,
            "status": status, "message": f"{error} (injected by the deploy check)"}
    if count is not None:
        rule["count"] = count
    return rule


# The reason of a message SQS moved itself: the worker's reason attributes are on those it dead-letters.
MOVED_BY_SQS = "(moved by the redrive policy)"

# Names, numbers and addresses no log line may show (the PHI scan looks for them).
ROUND = [
    Case("appt-7101/24h", "Zofia", "+14155557101", "zofia.k@example.org", "SMS_SENT", sms=1, emails=0),
    Case("appt-7102/24h", "Quentin", "+14155557102", "quentin.r@example.org", "EMAIL_SENT", sms=0, emails=1,
         fault=refuse("+14155557102", "InvalidParameter")),
    Case("appt-7103/24h", "Ingrid", "+14155557103", None, "SMS_SENT", sms=1, emails=0,
         fault=refuse("+14155557103", "Throttling", count=1)),
    Case("appt-7104/24h", "Bartholomew", "555-0104", None, "REJECTED", sms=0, emails=0, dead_letter="invalid_phone",
         raw=True),
    # SNS fails for this number through the final receive and there is no email to fall back to: the worker leaves
    # the message, and the queue's redrive policy (Terraform's) moves it to the dead-letter queue.
    Case("appt-7105/24h", "Yevgenia", "+14155557105", None, "FAILED", sms=0, emails=0,
         dead_letter=MOVED_BY_SQS, fault=refuse("+14155557105", "ServiceUnavailable", status=503)),
]
TEXTED, FALLBACK, RETRIED, INVALID, UNREACHABLE = ROUND
# The same reminder again, as an EHR feed that sends twice would: texted once, recorded as a duplicate.
DUPLICATE_OF = TEXTED


def front(method: str, path: str, payload: Any = None) -> Any:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(FRONT + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


class Stack:
    """The stack as `terraform output -json` describes it, and the environment its worker and CLI run with."""

    def __init__(self, outputs: dict[str, Any]):
        self.outputs = {name: value["value"] for name, value in outputs.items()}
        self.worker_environment: dict[str, str] = self.outputs["worker_environment"]
        self.queue_url = self.worker_environment["REMINDERS_QUEUE_URL"]
        self.dead_letter_url = self.worker_environment["REMINDERS_QUEUE_DEAD_LETTER_URL"]
        self.table = self.worker_environment["REMINDERS_LEDGER_TABLE"]
        self.environment = self.worker_environment["REMINDERS_ENVIRONMENT"]
        # The worker dead-letters what it rejects to its dead-letter URL, SQS moves what it gives up on to the redrive
        # policy's target: one queue, or `dlq redrive` would see half of them.
        sqs = client("sqs")
        redrive = sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["RedrivePolicy"]).get(
            "Attributes", {})
        expect("RedrivePolicy" in redrive, f"the worker's queue {self.queue_url} has no redrive policy: it is not "
                                          "the reminder queue")
        policy = json.loads(redrive["RedrivePolicy"])
        dead_letter_arn = sqs.get_queue_attributes(QueueUrl=self.dead_letter_url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        expect(policy["deadLetterTargetArn"] == dead_letter_arn,
               f"the worker dead-letters to {dead_letter_arn}, its queue's redrive policy to "
               f"{policy['deadLetterTargetArn']}")
        self.max_receive_count = int(policy["maxReceiveCount"])

    def process_environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("REMINDERS_", "AWS_ENDPOINT_URL"))}
        env.update(self.worker_environment)
        env.update({f"AWS_ENDPOINT_URL_{service}": FRONT for service in ("SQS", "SNS", "SES", "DYNAMODB", "CLOUDWATCH")})
        env["AWS_REGION"] = REGION
        env.update(LOCAL_ONLY)
        return env


# Set here, not by Terraform: what makes one round take seconds on one machine instead of the production pace.
LOCAL_ONLY = {
    "REMINDERS_HEALTH_PORT": "0",  # several checks may share this machine
    "REMINDERS_QUEUE_WAIT_TIME": "1s",
    "REMINDERS_RETRY_MIN_DELAY": "1s",
    "REMINDERS_RETRY_BASE_DELAY": "1s",
    "REMINDERS_METRICS_INTERVAL": "5s",
    # The round runs at any hour: outside the send window (08:00 to 21:00 in the appointment's zone) its reminders
    # would wait for the morning, and the check with them.
    "REMINDERS_SEND_WINDOW_OPENS": "00:00",
    "REMINDERS_SEND_WINDOW_CLOSES": "23:59:59",
}


OUTPUT: list[str] = []  # everything the worker and the CLI printed, for the PHI scan


def run(command: list[str], env: dict[str, str], log: Path, timeout: int, what: str) -> str:
    """Runs a process; returns its stdout (its stderr goes to LOG.err)."""
    errors = log.with_suffix(".err")
    with log.open("w") as out, errors.open("w") as err:
        finished = subprocess.run(command, env=env, stdout=out, stderr=err, timeout=timeout)
    text = log.read_text()
    OUTPUT.extend([text, errors.read_text()])
    if finished.returncode != 0:
        sys.stdout.write((text + errors.read_text())[-3000:])
        raise CheckFailed(f"{what} exited with {finished.returncode} (log: {log})")
    return text


def round_(outputs: Path, work: Path, worker_jar: str, cli_jar: str) -> None:
    """Texted, email fallback, throttled, invalid -> DLQ, unreachable -> DLQ, duplicate; reconciled from the ledger, the
    emulators' SMS and email records, the queues and the metrics; the calls the worker made held to its task role;
    then `reminders dlq redrive` through the Terraform-made redrive allow policy, and a second reconciliation."""
    work.mkdir(parents=True, exist_ok=True)
    stack = Stack(json.loads(outputs.read_text()))
    say(f"the worker's queue and dead-letter queue are the redrive pair Terraform made "
        f"(maxReceiveCount {stack.max_receive_count})")
    env = stack.process_environment()
    say("worker and CLI configured from `terraform output worker_environment`: "
        + ", ".join(f"{k}={v}" for k, v in sorted(stack.worker_environment.items()) if k in (
            "REMINDERS_QUEUE_URL", "REMINDERS_QUEUE_DEAD_LETTER_URL", "REMINDERS_LEDGER_TABLE",
            "REMINDERS_EMAIL_SENDER", "REMINDERS_EMAIL_TEMPLATE_PREFIX")))
    say("set locally for speed: " + ", ".join(f"{k}={v}" for k, v in LOCAL_ONLY.items()))
    cli = ["java", "-jar", cli_jar]
    sqs = client("sqs")

    front("DELETE", "/_front/faults")
    for case in ROUND:
        if case.fault:
            front("POST", "/_front/faults", case.fault)
    valid = [case for case in ROUND if not case.raw]
    (work / "reminders.jsonl").write_text("".join(json.dumps(case.body()) + "\n" for case in valid))
    (work / "again.jsonl").write_text(json.dumps(DUPLICATE_OF.body()) + "\n")
    run(cli + ["enqueue", str(work / "reminders.jsonl")], env, work / "cli-enqueue.log", 120, "reminders enqueue")
    run(cli + ["enqueue", str(work / "again.jsonl")], env, work / "cli-enqueue-again.log", 120,
        "reminders enqueue (the same reminder again)")
    # A careless EHR feed bypasses the CLI's validation: the worker must dead-letter what it cannot read.
    for case in ROUND:
        if case.raw:
            sqs.send_message(QueueUrl=stack.queue_url, MessageBody=json.dumps(case.body()))
    say(f"enqueued {len(valid)} reminders with `reminders enqueue`, {TEXTED.reminder_id} a second time, and "
        f"{sum(c.raw for c in ROUND)} invalid one(s) straight to SQS")

    front("DELETE", "/_front/calls")
    started = time.monotonic()
    run(["java", "-jar", worker_jar, "--drain"], env, work / "worker-1.log", 300, "the worker")
    needed = front("GET", "/_front/actions")
    say(f"worker drained the queue in {time.monotonic() - started:.0f} s")

    reconcile(stack, expected={c.reminder_id: c.expect for c in ROUND},
              sms={c.phone: c.sms for c in ROUND}, emails={c.email: c.emails for c in ROUND if c.email},
              dead_letters={c.reminder_id: c.dead_letter for c in ROUND if c.dead_letter},
              metrics={"SmsSent": 2, "EmailSent": 1, "Rejected": 1, "Failed": 1, "Duplicate": 1})
    hold_to_task_role(stack, needed)

    # The cause is fixed (the number now takes texts); move everything back through an SQS move task, which the
    # dead-letter queue's redrive allow policy must admit. The invalid reminder is only rejected again.
    front("DELETE", "/_front/faults")
    run(cli + ["dlq", "list"], env, work / "cli-dlq-list.log", 120, "reminders dlq list")
    moved = run(cli + ["dlq", "redrive", "--include-rejected"], env, work / "cli-dlq-redrive.log", 300,
                "reminders dlq redrive")
    expect("(SQS move task)" in moved, f"dlq redrive did not use an SQS move task:\n{moved}")
    status = run(cli + ["dlq", "redrive", "--status"], env, work / "cli-dlq-status.log", 120, "reminders dlq redrive --status")
    expect("COMPLETED" in status, f"the move task is not listed as COMPLETED:\n{status}")
    say("`reminders dlq redrive --include-rejected`: " + moved.strip().splitlines()[-1])
    run(["java", "-jar", worker_jar, "--drain"], env, work / "worker-2.log", 300, "the worker (after redrive)")

    reconcile(stack, expected={**{c.reminder_id: c.expect for c in ROUND}, UNREACHABLE.reminder_id: "SMS_SENT"},
              sms={**{c.phone: c.sms for c in ROUND}, UNREACHABLE.phone: 1},
              emails={c.email: c.emails for c in ROUND if c.email},
              dead_letters={INVALID.reminder_id: INVALID.dead_letter}, metrics={"SmsSent": 3})
    scan_for_phi(OUTPUT)
    say("round reconciled: ledger, SMS and email records, queues and metrics agree, before and after the redrive")


def reconcile(stack: Stack, expected: dict[str, str], sms: dict[str, int], emails: dict[str, int],
              dead_letters: dict[str, str], metrics: dict[str, int]) -> None:
    items = client("dynamodb").scan(TableName=stack.table)["Items"]
    # Keys starting with '#' are the workers' own items (the fleet's share of the SMS rate), not reminders.
    ledger = {item["reminderId"]["S"]: item["status"]["S"] for item in items
              if not item["reminderId"]["S"].startswith("#")}
    expect(ledger == expected, f"ledger {ledger}, expected {expected}")

    sent = front("GET", "/_front/sms")
    texted = {phone: sum(1 for m in sent if m["phoneNumber"] == phone) for phone in sms}
    expect(texted == sms and len(sent) == sum(sms.values()), f"SMS per number {texted} (of {len(sent)}), expected {sms}")
    expect(len(sent) == list(ledger.values()).count("SMS_SENT"), "SMS sent and SMS_SENT in the ledger differ")

    mail = front("GET", "/_front/emails")
    per_address = {address: sum(1 for m in mail if address in m["destinations"]) for address in emails}
    expect(per_address == emails and len(mail) == sum(emails.values()), f"emails {per_address}, expected {emails}")
    sender, template = stack.worker_environment["REMINDERS_EMAIL_SENDER"], stack.outputs["email_templates"]["en"]
    for message in mail:
        expect(message["source"] == sender and message["template"] == template and not message.get("renderError"),
               f"email from {message['source']} with template {message['template']}: "
               f"{message.get('renderError') or 'ok'}; expected {sender} and {template}")

    sqs = client("sqs")
    depth = sqs.get_queue_attributes(QueueUrl=stack.queue_url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])
    expect(all(value == "0" for value in depth["Attributes"].values()), f"reminder queue not empty: {depth['Attributes']}")
    held = sqs.receive_message(QueueUrl=stack.dead_letter_url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                               MessageAttributeNames=["All"]).get("Messages", [])
    found = {json.loads(m["Body"])["reminderId"]: m.get("MessageAttributes", {}).get("reminders.reason", {})
             .get("StringValue", MOVED_BY_SQS) for m in held}
    expect(found == dead_letters, f"dead-letter queue holds {found}, expected {dead_letters}")

    cloudwatch = client("cloudwatch")
    now = datetime.now(timezone.utc)
    for name, want in metrics.items():
        points = cloudwatch.get_metric_statistics(
            Namespace="AppointmentReminders", MetricName=name, StartTime=now - timedelta(hours=1),
            EndTime=now + timedelta(minutes=5), Period=3600, Statistics=["Sum"],
            Dimensions=[{"Name": "Environment", "Value": stack.environment}])["Datapoints"]
        got = sum(point["Sum"] for point in points)
        expect(got == want, f"metric {name} = {got:g}, expected {want}")
    say(f"reconciled: ledger {dict(sorted(ledger.items()))}; {len(sent)} SMS, {len(mail)} email(s); "
        f"reminder queue empty; dead-letter queue {found}; metrics "
        + ", ".join(f"{n}={v}" for n, v in metrics.items()))


# Allowed for a path no round of distinct phones takes: the worker reads a reminder's own item only when the frequency
# cap refuses a slot (OutcomeLedger.heldByThisClaim). TerraformConsistencyTest holds the grant to that call.
RARE_PATH_ACTIONS = {"dynamodb:getitem"}


def hold_to_task_role(stack: Stack, needed: dict[str, int]) -> None:
    """Every IAM action the worker's calls needed (as the front counts them: a transaction needs the actions of its
    parts) is one its task role allows, and the role allows nothing the worker never needed (KMS is called by SQS
    and DynamoDB on its behalf, so it is not counted here)."""
    iam = client("iam")
    role = stack.outputs["worker_task_role_arn"].split("/")[-1]
    allowed, denied = [], []
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        document = json.loads(document) if isinstance(document, str) else document
        for statement in document["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if statement["Effect"] == "Allow":
                allowed.extend(a.lower() for a in actions)
            elif "*" in resources:
                # A deny on named resources (the SNS topics) does not concern publishes to phone numbers.
                denied.extend(a.lower() for a in actions)
    made = sorted(action.lower() for action in needed)
    refused = [a for a in made if not any(fnmatch.fnmatch(a, p) for p in allowed)
               or any(fnmatch.fnmatch(a, p) for p in denied)]
    unused = sorted({p for p in allowed if not p.startswith("kms:") and p not in RARE_PATH_ACTIONS
                     and not any(fnmatch.fnmatch(a, p) for a in made)})
    expect(not refused, f"the worker called {refused}, which its task role {role} does not allow")
    expect(not unused, f"the task role {role} allows {unused}, which the worker never called: least privilege")
    say(f"task role {role} allows exactly the {len(made)} actions the worker's calls needed: {', '.join(made)}"
        f" (and {', '.join(sorted(RARE_PATH_ACTIONS))}, for the frequency cap's refusals)")


def scan_for_phi(logs: list[str]) -> None:
    text = "\n".join(logs)
    secrets = [c.phone for c in ROUND if c.phone.startswith("+")] + [c.email for c in ROUND if c.email] \
        + [c.name for c in ROUND]
    found = sorted({s for s in secrets if re.search(rf"(?<![\w+]){re.escape(s)}(?!\w)", text)})
    expect(not found, f"worker or CLI output shows patient data: {found}")
    say(f"PHI scan: no phone number, email address or name of the round in {len(text.splitlines())} log lines")


# ---------------------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    account_cmd = commands.add_parser("account")
    account_cmd.add_argument("--out", type=Path, required=True)
    account_cmd.add_argument("envs", nargs="+")
    commands.add_parser("plan-count").add_argument("plan", type=Path)
    commands.add_parser("inventory").add_argument("file", type=Path)
    left = commands.add_parser("leftovers")
    left.add_argument("before", type=Path)
    left.add_argument("after", type=Path)
    round_cmd = commands.add_parser("round")
    round_cmd.add_argument("--outputs", type=Path, required=True)
    round_cmd.add_argument("--work", type=Path, required=True)
    round_cmd.add_argument("--worker-jar", required=True)
    round_cmd.add_argument("--cli-jar", required=True)
    args = parser.parse_args()
    try:
        if args.command == "account":
            account(args.out, args.envs)
        elif args.command == "plan-count":
            plan_count(args.plan)
        elif args.command == "inventory":
            args.file.write_text(json.dumps(inventory(), indent=1))
        elif args.command == "leftovers":
            left_behind = leftovers(json.loads(args.before.read_text()), json.loads(args.after.read_text()))
            for item in left_behind:
                say(f"left behind: {item}")
            sys.exit(1 if left_behind else 0)
        else:
            round_(args.outputs, args.work, args.worker_jar, args.cli_jar)
    except CheckFailed as failure:
        print(f"deploy-check: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
