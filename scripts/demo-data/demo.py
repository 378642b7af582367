"""The demo's EHR side: enqueue sample appointments covering every path, then report what became of each.

  demo.py enqueue            put the samples on the queue (as an EHR feed would, invalid ones included), and tell
                             the carrier emulator which texts it cannot deliver
  demo.py replies            once their texts have arrived, answer as three patients would: C, R and a question
  demo.py report LOGFILE     print one row per message from the worker's outcome log lines and the ledger (with what
                             the carrier and the patient answered), then what the patients received and what the EHR
                             was told; exit 1 when an outcome the samples promise is missing

Endpoints and names come from the environment written by scripts/emulators (REMINDERS_QUEUE_URL, ...).
"""
import datetime
import json
import os
import sys
import time
import urllib.request
from zoneinfo import ZoneInfo

import boto3

NEW_YORK = ZoneInfo("America/New_York")
UNREADABLE = "(unreadable)"


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
    """(message body, reminderId as the report shows it, the outcome and detail it must end with)."""
    ok = [(reminder(f"appt-10{i:02d}/24h", name, f"+1415555{1000 + i}", f"{name.lower()}@example.org",
                    location="Riverside Clinic, 2nd floor"), "SMS_SENT", "")
          for i, name in enumerate(["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo"])]
    spanish = [(reminder(f"appt-20{i:02d}/24h", name, f"+1415555{2000 + i}", language="es",
                         location="Clinica Riverside, planta 2"), "SMS_SENT", "")
               for i, name in enumerate(["Lucia", "Mateo", "Sofia"])]
    opted_out = [(reminder("appt-3001/24h", "Ivy", "+14155553001", "ivy@example.org"), "EMAIL_SENT", "opted_out"),
                 (reminder("appt-3002/24h", "Jon", "+14155553002", "jon@example.org", language="es"),
                  "EMAIL_SENT", "opted_out")]
    # The carrier cannot deliver these: Kai has no email, so the EHR is told; Pia's reminder goes by email instead.
    undeliverable = [(reminder("appt-4001/24h", "Kai", "+14155554001"), "SMS_SENT", ""),
                     (reminder("appt-4002/24h", "Pia", "+14155554002", "pia@example.org"), "EMAIL_SENT",
                      "undeliverable:TEXT_BLOCKED")]
    duplicate = [(reminder("appt-1000/24h", "Ana", "+14155551000", "ana@example.org",
                           location="Riverside Clinic, 2nd floor"), "DUPLICATE", "SMS_SENT")]
    expired = [(reminder("appt-5001/24h", "Leo", "+14155555001", days_ahead=-1), "EXPIRED", "")]
    invalid = [
        (reminder("appt-6001/24h", "Mia", "555-0100"), "REJECTED", "invalid_phone"),
        (dict(reminder("appt-6002/24h", "Noor", "+14155556002"), schemaVersion=3), "REJECTED",
         "unsupported_schema_version"),
        # A US 900 number: valid E.164, but premium rate, so the contract refuses it.
        (reminder("appt-6004/24h", "Omar", "+19005550100"), "REJECTED", "unsupported_phone_type"),
    ]
    unreadable = ('{"schemaVersion":1,"reminderId":"appt-6003/24h","appointment":', UNREADABLE, "REJECTED",
                  "malformed_json")
    rows = [(json.dumps(body), body["reminderId"], outcome, detail)
            for body, outcome, detail in ok + spanish + opted_out + undeliverable + duplicate + expired + invalid]
    return rows + [unreadable]


def front(path, payload=None):
    request = urllib.request.Request(os.environ["LOCALAWS_FRONT_URL"] + path,
                                     data=None if payload is None else json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"},
                                     method="GET" if payload is None else "POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


# Who answers their text, and with what (matched leniently: "C", "yes", "sí" confirm; "R" asks to reschedule).
REPLIES = {"+14155551001": "C", "+14155551002": "R", "+14155551003": "is parking free?"}
# What the carrier emulator does with texts to these numbers; every other text is delivered.
CARRIER = {"+14155554001": "carrier-unreachable", "+14155554002": "blocked"}


def enqueue():
    # Two patients replied STOP before; two numbers cannot take a text.
    front("/_front/opt-outs", {"phoneNumber": "+14155553001"})
    front("/_front/opt-outs", {"phoneNumber": "+14155553002"})
    for phone, outcome in CARRIER.items():
        front("/_front/sms-voice/outcomes", {"phoneNumber": phone, "outcome": outcome})
    sqs, _ = clients()
    bodies = [body for body, _, _, _ in samples()]
    for i in range(0, len(bodies), 10):
        batch = bodies[i:i + 10]
        sqs.send_message_batch(QueueUrl=os.environ["REMINDERS_QUEUE_URL"],
                               Entries=[{"Id": str(n), "MessageBody": b} for n, b in enumerate(batch)])
    print(f"Enqueued {len(bodies)} appointment reminders (8 English, 3 Spanish, 2 opted out, 2 the carrier cannot"
          f" deliver, 1 duplicate, 1 expired, 4 invalid).", file=sys.stderr)


def replies():
    """Answers as the patients in REPLIES once each one's text has arrived (within two minutes)."""
    waiting = dict(REPLIES)
    deadline = time.monotonic() + 120
    while waiting and time.monotonic() < deadline:
        texted = {sms["phoneNumber"] for sms in front("/_front/sms")}
        for phone in [phone for phone in waiting if phone in texted]:
            front("/_front/sms-voice/replies", {"from": phone, "body": waiting.pop(phone)})
        time.sleep(0.5)
    if waiting:
        sys.exit("error: no text reached " + ", ".join(waiting) + " within two minutes, so they could not reply")
    print(f"{len(REPLIES)} patients replied to their texts.", file=sys.stderr)


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


def mask_email(address):
    """ivy@example.org -> i**@example.org: enough to tell who, as the ledger's masked phone is."""
    local, _, domain = address.partition("@")
    return local[:1] + "*" * (len(local) - 1) + "@" + domain


# What the carrier and the patient must have answered, by reminderId (the delivery the ledger keeps, and the reply).
LOOP_PROMISES = {"appt-1001/24h": ("DELIVERED", "CONFIRMED"), "appt-1002/24h": ("DELIVERED", "RESCHEDULE_REQUESTED"),
                 "appt-1003/24h": ("DELIVERED", "UNKNOWN"), "appt-4001/24h": ("UNDELIVERABLE", "-"),
                 "appt-4002/24h": ("UNDELIVERABLE", "-")}
# Outcome lines of a pass that changed nothing a person would see: a retry, a wait, a delivery check.
NOT_SHOWN = ("RETRY", "DEFERRED", "AWAITING_RECEIPT", "CHECKED")


def report(log_file):
    sqs, dynamodb = clients()
    ledger = {}
    rows = []
    with open(log_file, encoding="utf-8") as lines:
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if "outcome" not in entry or entry["outcome"] in NOT_SHOWN or entry.get("logger_name") != "reminders.outcome":
                continue
            key = entry.get("reminderId") or "sqs:" + entry["sqsMessageId"]
            item = dynamodb.get_item(TableName=os.environ["REMINDERS_LEDGER_TABLE"],
                                     Key={"reminderId": {"S": key}}).get("Item", {})
            ledger[key] = item
            rows.append((entry.get("reminderId") or UNREADABLE, entry["outcome"],
                         item.get("channel", {}).get("S", "-"), item.get("attempts", {}).get("N", "-"),
                         item.get("delivery", {}).get("S", "-"), item.get("reply", {}).get("S", "-"),
                         entry.get("detail") or ""))
    rows.sort()
    table(rows, ("reminderId", "outcome", "channel", "attempts", "delivery", "reply", "detail"))
    dlq = sqs.get_queue_attributes(QueueUrl=os.environ["REMINDERS_QUEUE_DEAD_LETTER_URL"],
                                   AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    print(f"\n{len(rows)} messages handled; {dlq['ApproximateNumberOfMessages']} in the dead-letter queue.")

    print("\nWhat the patients received, as the emulators recorded it:")
    by_sms_id = {item["smsMessageId"]["S"]: (key, item) for key, item in ledger.items() if "smsMessageId" in item}
    by_email_id = {item["emailMessageId"]["S"]: key for key, item in ledger.items() if "emailMessageId" in item}
    received = []
    for sms in front("/_front/sms"):
        key, item = by_sms_id.get(sms["messageId"], (None, {}))
        if key is None:
            # A text that is no reminder's own: the help the worker sends once to a reply it does not understand.
            key = (sms.get("context") or {}).get("reminderId", "(not in the ledger)")
        mask = "+1******" + sms["phoneNumber"][-4:]
        received.append((key, "SMS", mask, sms["message"]))
    for email in front("/_front/emails"):
        received.append((by_email_id.get(email["messageId"], "(not in the ledger)"), "EMAIL",
                         ", ".join(mask_email(address) for address in email["destinations"]),
                         "Subject: " + (email.get("subject") or "(not rendered)")))
    received.sort()
    table(received, ("reminderId", "channel", "to", "text"))

    print("\nWhat the EHR was told (its queue, subscribed to the events topic):")
    told = []
    while True:
        got = sqs.receive_message(QueueUrl=os.environ["LOCALAWS_EHR_SUBSCRIBER_QUEUE_URL"],
                                  MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if not got:
            break
        for message in got:
            event = json.loads(message["Body"])
            told.append((event["reminderId"], event["type"], event.get("reason", "")))
            sqs.delete_message(QueueUrl=os.environ["LOCALAWS_EHR_SUBSCRIBER_QUEUE_URL"],
                               ReceiptHandle=message["ReceiptHandle"])
    told.sort()
    table(told, ("reminderId", "event", "reason"))

    missing = [f"{reminder_id} {outcome} {detail}".rstrip()
               for _, reminder_id, outcome, detail in samples()
               if not any(row[0] == reminder_id and row[1] == outcome and row[6] == detail for row in rows)]
    missing += [f"{reminder_id} delivery {delivery}, reply {reply}"
                for reminder_id, (delivery, reply) in LOOP_PROMISES.items()
                if not any(row[0] == reminder_id and row[4] == delivery and row[5] == reply for row in rows)]
    if missing:
        print("\nerror: outcomes the samples promise are missing from the table:\n  " + "\n  ".join(missing),
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["enqueue"]:
        enqueue()
    elif sys.argv[1:2] == ["replies"]:
        replies()
    elif sys.argv[1:2] == ["report"] and len(sys.argv) == 3:
        report(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
