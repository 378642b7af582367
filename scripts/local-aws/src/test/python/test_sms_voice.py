"""End User Messaging SMS in the emulator front (sms_voice) over real HTTP, through boto3, as AWS documents it.

  .local-aws/venv/bin/python -m unittest discover -s scripts/local-aws/src/test/python

The carrier's events reach an SQS queue subscribed (raw) to the configuration set's SNS topic, and patients' replies a
queue subscribed to the number's two-way topic, both through moto's own SNS and SQS (the Java tests run the same path
into ElasticMQ).
"""

import json
import logging
import sys
import threading
import time
import unittest
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "main" / "python"))

import boto3  # noqa: E402
import botocore.config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from aws_front import Front, QuietRequestHandler  # noqa: E402
from phi import ScrubbingFormatter, mask_phone, scrub  # noqa: E402

# The keys of the documented SMS event ("SMS example log"), less the carrier's mcc and mnc.
EVENT_KEYS = {"eventType", "eventVersion", "eventTimestamp", "isFinal", "originationPhoneNumber",
              "destinationPhoneNumber", "isInternationalSend", "messageId", "messageRequestTimestamp",
              "messageEncoding", "messageType", "messageStatus", "messageStatusDescription", "totalMessageParts",
              "totalMessagePrice", "totalCarrierFee"}
# The documented two-way payload.
INBOUND_KEYS = {"originationNumber", "destinationNumber", "messageKeyword", "messageBody", "inboundMessageId",
                "previousPublishedMessageId"}


class SmsVoiceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.front = Front(DomainDispatcherApplication(create_backend_app))
        cls.server = make_server("127.0.0.1", 0, cls.front, threaded=True, request_handler=QuietRequestHandler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_port}"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()

    def setUp(self) -> None:
        self.control("POST", "/_front/reset")
        self.sqs, self.sns = self.client("sqs"), self.client("sns")
        self.sms = self.client("pinpoint-sms-voice-v2")
        name = "t-" + uuid.uuid4().hex[:8]
        self.events_queue = self.queue_on_topic(name + "-events", raw=True)
        self.replies_queue = self.queue_on_topic(name + "-replies", raw=False)
        self.sms.create_configuration_set(ConfigurationSetName=name)
        self.sms.create_event_destination(ConfigurationSetName=name, EventDestinationName="receipts",
                                          MatchingEventTypes=["TEXT_ALL"],
                                          SnsDestination={"TopicArn": self.topics[name + "-events"]})
        phone = self.sms.request_phone_number(IsoCountryCode="US", MessageType="TRANSACTIONAL",
                                              NumberCapabilities=["SMS"], NumberType="TOLL_FREE")
        self.sms.update_phone_number(PhoneNumberId=phone["PhoneNumberId"], TwoWayEnabled=True,
                                     TwoWayChannelArn=self.topics[name + "-replies"])
        self.configuration_set, self.phone = name, phone

    topics: dict[str, str] = {}

    def client(self, service: str):
        # No client-side validation: the front must refuse what the Java SDK, which has none, would send.
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1", aws_access_key_id="test",
                            aws_secret_access_key="test",
                            config=botocore.config.Config(parameter_validation=False, retries={"max_attempts": 1}))

    def queue_on_topic(self, name: str, raw: bool) -> str:
        topic = self.sns.create_topic(Name=name)["TopicArn"]
        self.topics[name] = topic
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                           Attributes={"RawMessageDelivery": "true" if raw else "false"})
        return url

    def control(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def outcome(self, phone: str, outcome: str, **timing: object) -> None:
        status, answer = self.control("POST", "/_front/sms-voice/outcomes",
                                      dict({"phoneNumber": phone, "outcome": outcome, "pendingAfterMs": 20,
                                            "finalAfterMs": 100}, **timing))
        self.assertEqual(201, status, answer)

    def send(self, phone: str, reminder: str = "r-1", **more: object) -> str:
        return self.sms.send_text_message(
            DestinationPhoneNumber=phone, MessageBody="Reminder: Dr. Rivera tomorrow 9:00. Reply C or R",
            ConfigurationSetName=self.configuration_set, OriginationIdentity=self.phone["PhoneNumberArn"],
            Context={"reminderId": reminder, "purpose": "reminder"}, TimeToLive=more.pop("TimeToLive", 3600),
            MaxPrice="0.50", MessageType="TRANSACTIONAL", **more)["MessageId"]

    def receive(self, queue: str, count: int, within: float = 10.0) -> list[str]:
        bodies: list[str] = []
        deadline = time.time() + within
        while len(bodies) < count and time.time() < deadline:
            for message in self.sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10,
                                                    WaitTimeSeconds=1).get("Messages", []):
                bodies.append(message["Body"])
                self.sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        return bodies

    def events(self, count: int, within: float = 10.0) -> list[dict]:
        received = [json.loads(body) for body in self.receive(self.events_queue, count, within)]
        self.assertEqual(count, len(received), received)
        self.assertEqual([], self.receive(self.events_queue, 1, 1.0), "no more events than that")
        return received

    # --------------------------------------------------------------------------------------------------------------

    def test_send_text_message_answers_a_message_id_and_is_read_back_with_its_context(self) -> None:
        message_id = self.send("+14155550101", reminder="r-42")

        self.assertRegex(message_id, r"^[0-9a-f-]{36}$")
        _, sent = self.control("GET", "/_front/sms")
        text = next(t for t in sent if t["messageId"] == message_id)
        self.assertEqual("end-user-messaging", text["channel"])
        self.assertEqual({"reminderId": "r-42", "purpose": "reminder"}, text["context"])
        self.assertEqual(self.phone["PhoneNumberArn"], text["originationIdentity"])
        self.assertEqual(self.phone["PhoneNumber"], text["originationNumber"])
        self.assertEqual((3600, "0.50", self.configuration_set), (text["timeToLive"], text["maxPrice"],
                                                                  text["configurationSetName"]))

    def test_a_missing_destination_is_a_validation_exception_with_status_400(self) -> None:
        with self.assertRaises(ClientError) as refused:
            self.sms.send_text_message(MessageBody="x", OriginationIdentity=self.phone["PhoneNumberArn"])

        error = refused.exception.response
        self.assertEqual(400, error["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("ValidationException", error["Error"]["Code"])
        self.assertEqual("FIELD_VALIDATION_FAILED", error["Reason"])
        self.assertEqual("DestinationPhoneNumber", error["Fields"][0]["Name"])
        self.assertEqual("ValidationException", error["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"])

    def test_other_invalid_requests_are_validation_exceptions_too(self) -> None:
        for refused_request, field in (
                ({"DestinationPhoneNumber": "+14155550102"}, "MessageBody"),
                ({"DestinationPhoneNumber": "4155550102", "MessageBody": "x"}, "DestinationPhoneNumber"),
                ({"DestinationPhoneNumber": "+14155550102", "MessageBody": "x", "TimeToLive": 4}, "TimeToLive"),
                ({"DestinationPhoneNumber": "+14155550102", "MessageBody": "x", "MaxPrice": "1"}, "MaxPrice"),
                ({"DestinationPhoneNumber": "+14155550102", "MessageBody": "x", "Context": {"k": " v"}}, "Context")):
            with self.subTest(field), self.assertRaises(ClientError) as refused:
                self.sms.send_text_message(**refused_request)
            self.assertEqual("ValidationException", refused.exception.response["Error"]["Code"])
            self.assertEqual(field, refused.exception.response["Fields"][0]["Name"])
            self.assertNotIn("4155550102", json.dumps(refused.exception.response), "no phone number in an error")

    def test_delivered_is_a_pending_then_a_final_delivered_event_echoing_the_context(self) -> None:
        message_id = self.send("+14155550103", reminder="r-7")

        pending, delivered = self.events(2)
        self.assertEqual(("TEXT_PENDING", False), (pending["eventType"], pending["isFinal"]))
        self.assertEqual(("TEXT_DELIVERED", True, "DELIVERED"), (delivered["eventType"], delivered["isFinal"],
                                                                 delivered["messageStatus"]))
        for event in (pending, delivered):
            self.assertLessEqual(EVENT_KEYS, set(event))
            self.assertEqual(message_id, event["messageId"])
            self.assertEqual({"reminderId": "r-7", "purpose": "reminder"}, event["context"])
            self.assertEqual("+14155550103", event["destinationPhoneNumber"])
            self.assertEqual(self.phone["PhoneNumber"], event["originationPhoneNumber"])
            self.assertEqual(("1.0", "TRANSACTIONAL", "GSM", 1), (event["eventVersion"], event["messageType"],
                                                                  event["messageEncoding"],
                                                                  event["totalMessageParts"]))
        self.assertLess(pending["eventTimestamp"], delivered["eventTimestamp"])

    def test_each_carrier_outcome_ends_with_its_documented_final_event(self) -> None:
        for index, (outcome, expected) in enumerate((("carrier-unreachable", ["TEXT_PENDING", "TEXT_CARRIER_UNREACHABLE"]),
                                  ("blocked", ["TEXT_BLOCKED"]), ("spam", ["TEXT_SPAM"]),
                                  ("ttl-expired", ["TEXT_PENDING", "TEXT_TTL_EXPIRED"]),
                                  ("unknown", ["TEXT_PENDING", "TEXT_UNKNOWN"]))):
            with self.subTest(outcome):
                phone = f"+1415555{2000 + index}"
                self.outcome(phone, outcome)
                self.send(phone)
                events = self.events(len(expected))
                self.assertEqual(expected, [event["eventType"] for event in events])
                self.assertTrue(events[-1]["isFinal"])

    def test_duplicated_receipts_come_twice_each(self) -> None:
        self.outcome("+14155550104", "delivered+duplicated")
        self.send("+14155550104")

        self.assertEqual(["TEXT_PENDING", "TEXT_PENDING", "TEXT_DELIVERED", "TEXT_DELIVERED"],
                         [event["eventType"] for event in self.events(4)])

    def test_out_of_order_receipts_bring_the_final_event_before_the_older_pending_one(self) -> None:
        self.outcome("+14155550105", "carrier-unreachable+out-of-order")
        self.send("+14155550105")

        final, pending = self.events(2)
        self.assertEqual(("TEXT_CARRIER_UNREACHABLE", "TEXT_PENDING"), (final["eventType"], pending["eventType"]))
        self.assertLess(pending["eventTimestamp"], final["eventTimestamp"], "the pending one is older")

    def test_a_delayed_receipt_comes_that_much_later(self) -> None:
        self.outcome("+14155550106", "delivered+delayed", delaySeconds=3)
        sent = time.time()
        self.send("+14155550106")

        self.assertEqual("TEXT_PENDING", self.events(1, within=1.5)[0]["eventType"])
        _, scheduled = self.control("GET", "/_front/sms-voice/events")
        self.assertEqual(1, scheduled["scheduled"])
        delivered = self.events(1, within=6)[0]
        self.assertEqual("TEXT_DELIVERED", delivered["eventType"])
        self.assertEqual(3100, delivered["eventTimestamp"] - delivered["messageRequestTimestamp"])
        self.assertGreaterEqual(time.time() - sent, 3.0)

    def test_a_delivery_later_than_the_time_to_live_expires_when_it_runs_out(self) -> None:
        self.outcome("+14155550107", "delivered+delayed", delaySeconds=30)
        self.send("+14155550107", TimeToLive=5)

        pending, expired = self.events(2, within=9)
        self.assertEqual(("TEXT_PENDING", "TEXT_TTL_EXPIRED"), (pending["eventType"], expired["eventType"]))
        self.assertEqual(5000, expired["eventTimestamp"] - expired["messageRequestTimestamp"])

    def test_a_reply_reaches_the_two_way_topic_in_the_documented_format_linked_to_the_text_it_answers(self) -> None:
        message_id = self.send("+14155550108")

        status, answer = self.control("POST", "/_front/sms-voice/replies", {"from": "+14155550108", "body": " Yes! "})
        self.assertEqual(201, status, answer)
        envelope = json.loads(self.receive(self.replies_queue, 1)[0])
        self.assertEqual(("Notification", self.topics[self.configuration_set + "-replies"]),
                         (envelope["Type"], envelope["TopicArn"]))
        payload = json.loads(envelope["Message"])
        self.assertEqual(INBOUND_KEYS, set(payload))
        self.assertEqual({"originationNumber": "+14155550108", "destinationNumber": self.phone["PhoneNumber"],
                          "messageBody": " Yes! ", "previousPublishedMessageId": message_id},
                         {key: payload[key] for key in INBOUND_KEYS - {"messageKeyword", "inboundMessageId"}})
        self.assertEqual(answer["inboundMessageId"], payload["inboundMessageId"])
        self.assertRegex(payload["messageKeyword"], r"^KEYWORD_[0-9]{12}$")

    def test_a_reply_without_previous_published_message_id_leaves_it_out(self) -> None:
        self.send("+14155550109")

        status, answer = self.control("POST", "/_front/sms-voice/replies", {
            "from": "+14155550109", "to": self.phone["PhoneNumber"], "body": "C", "previousPublishedMessageId": "none"})
        self.assertEqual(201, status, answer)
        payload = json.loads(json.loads(self.receive(self.replies_queue, 1)[0])["Message"])
        self.assertNotIn("previousPublishedMessageId", payload)
        self.assertEqual("C", payload["messageBody"])

    def test_stop_opts_the_patient_out_and_the_next_text_is_refused(self) -> None:
        self.send("+14155550110")

        _, answer = self.control("POST", "/_front/sms-voice/replies", {"from": "+14155550110", "body": "stop"})
        self.assertTrue(answer["optedOut"])
        self.assertEqual("STOP", json.loads(json.loads(self.receive(self.replies_queue, 1)[0])["Message"])
                         ["messageKeyword"])
        with self.assertRaises(ClientError) as refused:
            self.send("+14155550110")
        self.assertEqual("ConflictException", refused.exception.response["Error"]["Code"])
        self.assertEqual("DESTINATION_PHONE_NUMBER_OPTED_OUT", refused.exception.response["Reason"])
        self.assertNotIn("4155550110", json.dumps(refused.exception.response))

    def test_a_reply_that_cannot_be_delivered_says_why_without_the_patients_number(self) -> None:
        status, answer = self.control("POST", "/_front/sms-voice/replies", {"from": "+14155550111", "body": "C"})

        self.assertEqual(400, status)
        self.assertIn("+1******0111", answer["error"])
        self.assertNotIn("4155550111", answer["error"])


class PhiTest(unittest.TestCase):
    def test_phones_are_masked_as_phone_mask_does(self) -> None:
        self.assertEqual("+1******4321", mask_phone("+15557654321"))
        self.assertEqual("+44******0123", mask_phone("+447700900123"))
        self.assertEqual("+34*****6789", mask_phone("+34612346789"))
        self.assertEqual("***", mask_phone("5557654321"))
        self.assertEqual("***", mask_phone(None))

    def test_every_number_in_a_text_is_masked(self) -> None:
        self.assertEqual("from +1******0123 to +44******0123 (id 12345)",
                         scrub("from +14155550123 to +447700900123 (id 12345)"))

    def test_log_lines_and_their_tracebacks_carry_no_phone_number(self) -> None:
        record = logging.LogRecord("sms_voice", logging.WARNING, __file__, 1, "no delivery to %s", ("+14155550123",),
                                   None)
        try:
            raise ValueError("bad number +14155550123")
        except ValueError:
            record.exc_info = sys.exc_info()
        line = ScrubbingFormatter("%(message)s").format(record)
        self.assertIn("+1******0123", line)
        self.assertNotIn("4155550123", line)


if __name__ == "__main__":
    unittest.main()
