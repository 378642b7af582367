"""SNS subscriptions of SQS queues, delivered to the SQS that tests use (ElasticMQ), not to moto's own SQS.

moto delivers a topic's messages to an `sqs` subscription through its in-process SQS backend, where the project's
queues do not exist: they live in ElasticMQ. This replaces that one step. Everything else stays moto's: which
subscriptions a topic has, their filter policies, RawMessageDelivery, and the SNS notification envelope around the
message when raw delivery is off. A delivery that fails (no such queue, SQS down) is logged and dropped, as SNS drops
what it cannot deliver; the Publish that caused it still succeeds.
"""

import base64
import json
import logging
import threading
from typing import Any

import boto3
import botocore.config
from moto.sns.models import Subscription

from phi import scrub

log = logging.getLogger("sns_to_sqs")

# Credentials ElasticMQ accepts (it checks none); the same the Java side uses for local endpoints.
LOCAL_KEY = "localaws"


class SqsDelivery:
    """Sends SNS deliveries to queues of one SQS endpoint, found by the name in the subscription's queue ARN."""

    def __init__(self, endpoint: str, region: str):
        self._sqs = boto3.client(
            "sqs", endpoint_url=endpoint, region_name=region, aws_access_key_id=LOCAL_KEY,
            aws_secret_access_key=LOCAL_KEY,
            config=botocore.config.Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=5,
                                          read_timeout=10, max_pool_connections=16))
        self._urls: dict[str, str] = {}
        self._lock = threading.Lock()
        self.delivered = 0
        self.dropped = 0

    def send(self, queue_arn: str, body: str, attributes: dict[str, Any], group_id: str | None,
             deduplication_id: str | None) -> bool:
        name = queue_arn.split(":")[-1]
        try:
            request: dict[str, Any] = {"QueueUrl": self._url(name), "MessageBody": body}
            if attributes:
                request["MessageAttributes"] = attributes
            if name.endswith(".fifo"):
                request["MessageGroupId"] = group_id or "default"
                if deduplication_id:
                    request["MessageDeduplicationId"] = deduplication_id
            self._sqs.send_message(**request)
        except Exception as error:  # botocore's ClientError and connection errors alike: SNS drops, and says so
            with self._lock:
                self.dropped += 1
                self._urls.pop(name, None)
            log.warning("SNS could not deliver to %s: %s", queue_arn, scrub(error))
            return False
        with self._lock:
            self.delivered += 1
        return True

    def _url(self, name: str) -> str:
        with self._lock:
            url = self._urls.get(name)
        if url is None:
            url = self._sqs.get_queue_url(QueueName=name)["QueueUrl"]
            with self._lock:
                self._urls[name] = url
        return url


def install(endpoint: str, region: str) -> SqsDelivery:
    """From now on, moto's SNS delivers to SQS subscriptions through `endpoint`."""
    delivery = SqsDelivery(endpoint, region)
    original = Subscription.publish

    def publish(self: Subscription, message: str, message_id: str, subject: str | None = None,
                message_attributes: dict[str, Any] | None = None, group_id: str | None = None,
                deduplication_id: str | None = None, message_structure: str | None = None) -> None:
        if self.protocol != "sqs":
            original(self, message, message_id, subject=subject, message_attributes=message_attributes,
                     group_id=group_id, deduplication_id=deduplication_id, message_structure=message_structure)
            return
        if self._filter_policy_matcher is not None and not self._filter_policy_matcher.matches(
                message_attributes, message):
            return
        if message_structure == "json":
            message = self._parse_message_structure(message, self.protocol)
        if _true(self.attributes.get("RawMessageDelivery")):
            delivery.send(self.endpoint, message, _sqs_attributes(message_attributes), group_id, deduplication_id)
        else:
            envelope = self.get_post_data(message, message_id, subject, message_attributes=message_attributes)
            delivery.send(self.endpoint, json.dumps(envelope), {}, group_id, deduplication_id)

    Subscription.publish = publish
    return delivery


def _true(value: Any) -> bool:
    """moto keeps RawMessageDelivery as given: a bool from SetSubscriptionAttributes, a string from Subscribe."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _sqs_attributes(message_attributes: dict[str, Any] | None) -> dict[str, Any]:
    """SNS message attributes ({"Type", "Value"}) as the SQS message attributes raw delivery gives a queue."""
    attributes = {}
    for name, value in (message_attributes or {}).items():
        kind = str(value.get("Type", "String"))
        if kind.startswith("Binary"):
            binary = value["Value"]
            attributes[name] = {"DataType": kind,
                                "BinaryValue": base64.b64decode(binary) if isinstance(binary, str) else binary}
        else:
            attributes[name] = {"DataType": kind, "StringValue": str(value["Value"])}
    return attributes
