"""The demo's EHR side: enqueue sample appointments covering every path, then report what became of each.

  demo.py enqueue            put the samples on the queue (as an EHR feed would, invalid ones included)
  demo.py report LOGFILE     print one row per message from the worker's outcome log lines and the ledger

Endpoints and names come from the environment written by scripts/emulators (REMINDERS_QUEUE_URL, ...).
"""
import datetime
import json
import os
import sys
import urllib.request
from zoneinfo import ZoneInfo

import boto3

NEW_YORK = ZoneInfo("America/New_York")


def clients():
    return (boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL_SQS"]),
            boto3.client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"]))


def reminder(reminder_id, given_name, phone, email=None, language="en", days_ahead=2, location=None):
    start = (datetime.datetime.now(NEW_YORK) + datetime.timedelta(days=days_ahead)).replace(
        hour=9, minute=30, second=0, microsecond=0)
    body = {
        "schemaVersion": 1,
        "reminderId": reminder_id,
        "appointment": {"id": reminder_id.split("/")[0], "start": start.isoformat(), "timeZone": NEW_YORK.key,
                        "clinicName": "Riverside Clinic", "clinicPhone": "+12025550123"},
        "patient": {"id": "P-" + reminder_id.split("/")[0][-4:], "givenName": given_name, "phone": phone,
                    "language": language},
    }
    if location:
        body["appointment"]["location"] = location
    if email:
        body["patient"]["email"] = email
    return body


def samples():
    ok = [reminder(f"appt-10{i:02d}/24h", name, f"+1415555{1000 + i}", f"{name.lower()}@example.org",
                   location="Riverside Clinic, 2nd floor")
          for i, name in enumerate(["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo"])]
    spanish = [reminder(f"appt-20{i:02d}/24h", name, f"+1415555{2000 + i}", language="es",
                        location="Clinica Riverside, planta 2")
               for i, name in enumerate(["Lucia", "Mateo", "Sofia"])]
    opted_out = [reminder("appt-3001/24h", "Ivy", "+14155553001", "ivy@example.org"),
                 reminder("appt-3002/24h", "Jon", "+14155553002", "jon@example.org", language="es")]
    refused_no_email = [reminder("appt-4001/24h", "Kai", "+14155554001")]
    duplicate = [reminder("appt-1000/24h", "Ana", "+14155551000", "ana@example.org",
                          location="Riverside Clinic, 2nd floor")]
    expired = [reminder("appt-5001/24h", "Leo", "+14155555001", days_ahead=-1)]
    invalid = [
        json.dumps(dict(reminder("appt-6001/24h", "Mia", "555-0100"))),
        json.dumps(dict(reminder("appt-6002/24h", "Noor", "+14155556002"), schemaVersion=2)),
        '{"schemaVersion":1,"reminderId":"appt-6003/24h","appointment":',
    ]
    bodies = [json.dumps(b) for b in ok + spanish + opted_out + refused_no_email + duplicate + expired] + invalid
    return bodies


def front(path, payload):
    request = urllib.request.Request(os.environ["LOCALAWS_FRONT_URL"] + path, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(request).read()


def enqueue():
    # Two patients replied STOP; one number is refused by the carrier and its patient has no email.
    front("/_front/opt-outs", {"phoneNumber": "+14155553001"})
    front("/_front/opt-outs", {"phoneNumber": "+14155553002"})
    front("/_front/faults", {"service": "sns", "operation": "Publish", "match": {"PhoneNumber": "+14155554001"},
                             "error": "InvalidParameter", "status": 400,
                             "message": "Invalid parameter: PhoneNumber"})
    sqs, _ = clients()
    bodies = samples()
    for i in range(0, len(bodies), 10):
        batch = bodies[i:i + 10]
        sqs.send_message_batch(QueueUrl=os.environ["REMINDERS_QUEUE_URL"],
                               Entries=[{"Id": str(n), "MessageBody": b} for n, b in enumerate(batch)])
    print(f"Enqueued {len(bodies)} appointment reminders (8 English, 3 Spanish, 2 opted out, 1 unreachable"
          f" without email, 1 duplicate, 1 expired, 3 invalid).", file=sys.stderr)


def report(log_file):
    _, dynamodb = clients()
    rows = []
    with open(log_file, encoding="utf-8") as lines:
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if "outcome" not in entry or entry["outcome"] in ("RETRY", "DEFERRED"):
                continue
            key = entry.get("reminderId") or "sqs:" + entry["sqsMessageId"]
            item = dynamodb.get_item(TableName=os.environ["REMINDERS_LEDGER_TABLE"],
                                     Key={"reminderId": {"S": key}}).get("Item", {})
            rows.append((entry.get("reminderId") or "(unreadable)", entry["outcome"],
                         item.get("channel", {}).get("S", "-"), item.get("attempts", {}).get("N", "-"),
                         entry.get("detail") or ""))
    rows.sort()
    header = ("reminderId", "outcome", "channel", "attempts", "detail")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    sqs, _ = clients()
    dlq = sqs.get_queue_attributes(QueueUrl=os.environ["REMINDERS_QUEUE_DEAD_LETTER_URL"],
                                   AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    print(f"\n{len(rows)} messages handled; {dlq['ApproximateNumberOfMessages']} in the dead-letter queue.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["enqueue"]:
        enqueue()
    elif sys.argv[1:2] == ["report"] and len(sys.argv) == 3:
        report(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
