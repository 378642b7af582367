"""AWS End User Messaging SMS (API pinpoint-sms-voice-v2), which moto does not have, for tests and the demo.

On the wire as AWS serves it: JSON 1.0, `X-Amz-Target: PinpointSMSVoiceV2.<Operation>`, signed for `sms-voice`; errors
as `{"__type": code, "Message": ..., "Reason": ...}` with x-amzn-ErrorType. Operations: SendTextMessage; configuration
sets and their event destinations (Create/Delete/DescribeConfigurationSets, Create/DeleteEventDestination); phone
numbers (RequestPhoneNumber, DescribePhoneNumbers, UpdatePhoneNumber, ReleasePhoneNumber); and the Default opt-out
list (Put/Delete/DescribeOptedOutNumbers).

What a carrier does with each text is set per destination phone (Outcome): which SMS events the configuration set's SNS
event destinations get, when, twice or out of order. Events are the JSON AWS documents ("SMS example log"), published
with moto's SNS to the destination's topic. A patient's reply (`reply`) is the documented two-way payload, published to
the SNS topic that is the phone number's TwoWayChannelArn.
"""

import heapq
import itertools
import json
import logging
import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from phi import scrub

log = logging.getLogger("sms_voice")

Response = tuple[str, list[tuple[str, str]], bytes]

E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")
PHONE_NUMBER = re.compile(r"^\+?[1-9][0-9]{1,18}$")
MESSAGE_BODY = re.compile(r"^(?!\s*$)[\s\S]+$")
MAX_PRICE = re.compile(r"^[0-9]{0,2}\.[0-9]{1,5}$")
NAME = re.compile(r"^[A-Za-z0-9_-]+$")
NAME_OR_ARN = re.compile(r"^[A-Za-z0-9_:/-]+$")
IDENTITY = re.compile(r"^[A-Za-z0-9_:/+-]+$")
ARN = re.compile(r"^arn:\S+$")
CONTEXT_KEY = re.compile(r"^\S+$")
CONTEXT_VALUE = re.compile(r"^(?!\s)[\s\S]+(?<!\s)$")
ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")

SHORTEST_TTL, LONGEST_TTL = 5, 259_200
MESSAGE_TYPES = ("TRANSACTIONAL", "PROMOTIONAL")
NUMBER_TYPES = ("LONG_CODE", "TOLL_FREE", "TEN_DLC", "SIMULATOR")
NUMBER_CAPABILITIES = ("SMS", "VOICE", "MMS")
TEXT_EVENT_TYPES = ("TEXT_SENT", "TEXT_PENDING", "TEXT_QUEUED", "TEXT_SUCCESSFUL", "TEXT_DELIVERED", "TEXT_INVALID",
                    "TEXT_INVALID_MESSAGE", "TEXT_UNREACHABLE", "TEXT_CARRIER_UNREACHABLE", "TEXT_BLOCKED",
                    "TEXT_CARRIER_BLOCKED", "TEXT_SPAM", "TEXT_UNKNOWN", "TEXT_TTL_EXPIRED", "TEXT_PROTECT_BLOCKED")
EVENT_TYPES = ("ALL", "TEXT_ALL") + TEXT_EVENT_TYPES + ("VOICE_ALL", "MEDIA_ALL")
DEFAULT_OPT_OUT_LIST = "Default"

# The carrier opt-out words AWS acts on for a phone number without self-managed opt-outs.
OPT_OUT_KEYWORDS = {"ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"}
KEYWORDS = OPT_OUT_KEYWORDS | {"HELP"}

STATUS_DESCRIPTIONS = {
    "PENDING": "Message is pending delivery by the phone carrier",
    "SUCCESSFUL": "Message has been accepted by phone carrier",
    "DELIVERED": "Message has been accepted by phone",
    "CARRIER_UNREACHABLE": "Phone carrier is currently unreachable/unavailable",
    "UNREACHABLE": "Phone is currently unreachable/unavailable",
    "BLOCKED": "Phone or carrier has blocked this message",
    "CARRIER_BLOCKED": "Phone carrier has blocked this message",
    "SPAM": "Phone carrier has blocked this message as spam",
    "INVALID": "Destination phone number is invalid",
    "TTL_EXPIRED": "Message has expired: it could not be delivered within its time to live",
    "UNKNOWN": "Unknown error attempting to reach phone",
}

# What the front says each outcome's final event is, and whether a TEXT_PENDING comes before it.
BASE_OUTCOMES: dict[str, tuple[str | None, bool]] = {
    "delivered": ("TEXT_DELIVERED", True),
    "successful": ("TEXT_SUCCESSFUL", True),
    "carrier-unreachable": ("TEXT_CARRIER_UNREACHABLE", True),
    "unreachable": ("TEXT_UNREACHABLE", True),
    "blocked": ("TEXT_BLOCKED", False),
    "carrier-blocked": ("TEXT_CARRIER_BLOCKED", False),
    "spam": ("TEXT_SPAM", False),
    "invalid": ("TEXT_INVALID", False),
    "ttl-expired": ("TEXT_TTL_EXPIRED", True),
    "unknown": ("TEXT_UNKNOWN", True),
    "none": (None, False),
}
MODIFIERS = ("duplicated", "out-of-order", "delayed")
DEFAULT_DELAY_SECONDS = 10.0

# Allocated by RequestPhoneNumber: fictional ranges (US 555-01xx, UK Ofcom drama numbers).
NUMBER_RANGES = {"US": ("+1844555", 4, 100), "CA": ("+1844556", 4, 100), "GB": ("+447700900", 3, 100)}
COUNTRY_PREFIXES = (("+1", "US"), ("+44", "GB"), ("+34", "ES"), ("+52", "MX"), ("+33", "FR"), ("+49", "DE"))
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
           "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = set("^{}\\[~]|€\f")


class ApiError(Exception):
    """An error the service answers with: its code, HTTP status and the members of its shape (Reason, ...). The
    service model gives its errors no status of their own: client errors are 400, as JSON 1.0 services answer them."""

    def __init__(self, code: str, message: str, status: int = 400, **members: Any):
        super().__init__(message)
        self.code, self.message, self.status, self.members = code, message, status, members


class ControlError(Exception):
    """A control call that cannot be done as asked: the front answers it with this status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(scrub(message))
        self.status = status


def _invalid(field: str, message: str, reason: str = "FIELD_VALIDATION_FAILED") -> ApiError:
    return ApiError("ValidationException", message, 400, Reason=reason, Fields=[{"Name": field, "Message": message}])


def _not_found(resource_type: str, resource_id: str) -> ApiError:
    return ApiError("ResourceNotFoundException", f"No {resource_type} {resource_id}", 400,
                    ResourceType=resource_type, ResourceId=resource_id)


def _conflict(reason: str, message: str, resource_type: str, resource_id: str) -> ApiError:
    return ApiError("ConflictException", message, 400, Reason=reason, ResourceType=resource_type,
                    ResourceId=resource_id)


@dataclass(frozen=True)
class Outcome:
    """What the carrier does with a text: its final event (none: no event at all) and how the events come.

    pending_after_ms / final_after_ms: when TEXT_PENDING and the final event happen after the send (their
    eventTimestamp, and when they are published); delayed adds delay_seconds to the final event. duplicated publishes
    every event twice; out_of_order publishes the final event before the TEXT_PENDING, which keeps its earlier
    eventTimestamp (nothing to reorder for an outcome without a TEXT_PENDING). A text sent with a TimeToLive that
    runs out before a carrier outcome's final event (a delayed delivery, say) ends TEXT_TTL_EXPIRED when it runs out.
    """
    base: str = "delivered"
    duplicated: bool = False
    out_of_order: bool = False
    delayed: bool = False
    delay_seconds: float = 0.0
    pending_after_ms: int = 50
    final_after_ms: int = 300

    @property
    def name(self) -> str:
        flags = [flag for flag, on in (("delayed", self.delayed), ("duplicated", self.duplicated),
                                       ("out-of-order", self.out_of_order)) if on]
        return "+".join([self.base] + flags)

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {"outcome": self.name, "pendingAfterMs": self.pending_after_ms,
                                 "finalAfterMs": self.final_after_ms}
        if self.delayed:
            value["delaySeconds"] = self.delay_seconds
        return value


def parse_outcome(spec: dict[str, Any]) -> Outcome:
    """{"outcome": "carrier-unreachable+duplicated", "delaySeconds": 5, "pendingAfterMs": 50, "finalAfterMs": 300}."""
    text = spec.get("outcome")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("outcome is required: one of " + ", ".join(BASE_OUTCOMES) + ", with any of "
                         + ", ".join(MODIFIERS) + " joined by '+'")
    parts = [part.strip().lower() for part in text.split("+") if part.strip()]
    bases = [part for part in parts if part in BASE_OUTCOMES]
    unknown = [part for part in parts if part not in BASE_OUTCOMES and part not in MODIFIERS]
    if unknown:
        raise ValueError(f"unknown outcome {unknown[0]!r}: outcomes are " + ", ".join(BASE_OUTCOMES)
                         + "; modifiers " + ", ".join(MODIFIERS))
    if len(bases) > 1:
        raise ValueError(f"one outcome at a time, got {' and '.join(bases)}")
    delayed = "delayed" in parts
    delay = spec.get("delaySeconds")
    if delay is not None and (not _is_number(delay) or delay < 0):
        raise ValueError("delaySeconds must be a number >= 0")
    if delay is not None and not delayed:
        raise ValueError("delaySeconds goes with the delayed modifier (e.g. \"delivered+delayed\")")
    pending_after = spec.get("pendingAfterMs", Outcome.pending_after_ms)
    final_after = spec.get("finalAfterMs", Outcome.final_after_ms)
    for name, value in (("pendingAfterMs", pending_after), ("finalAfterMs", final_after)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be an integer >= 0")
    if final_after < pending_after:
        raise ValueError("finalAfterMs must not be less than pendingAfterMs")
    unknown_fields = set(spec) - {"outcome", "delaySeconds", "pendingAfterMs", "finalAfterMs", "phoneNumber", "share"}
    if unknown_fields:
        raise ValueError(f"unknown fields: {sorted(unknown_fields)}")
    return Outcome(base=bases[0] if bases else "delivered", duplicated="duplicated" in parts,
                   out_of_order="out-of-order" in parts, delayed=delayed,
                   delay_seconds=float(DEFAULT_DELAY_SECONDS if delayed and delay is None else (delay or 0)),
                   pending_after_ms=pending_after, final_after_ms=final_after)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Scheduler:
    """Runs callables at given times (epoch seconds) on one thread, in time order, then in the order they were given."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def at(self, when: float, task: Callable[[], None]) -> None:
        with self._changed:
            heapq.heappush(self._heap, (when, next(self._order), task))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sms-voice-events", daemon=True)
                self._thread.start()
            self._changed.notify()

    def pending(self) -> int:
        with self._changed:
            return len(self._heap)

    def clear(self) -> None:
        with self._changed:
            self._heap.clear()
            self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._heap:
                    self._changed.wait()
                when, _, task = self._heap[0]
                wait = when - time.time()
                if wait > 0:
                    self._changed.wait(wait)
                    continue
                heapq.heappop(self._heap)
            try:
                task()
            except Exception as error:  # a failed publish must not stop the events of every other text
                log.error("an SMS event could not be published: %s", scrub(f"{type(error).__name__}: {error}"))


@dataclass
class PhoneNumber:
    id: str
    arn: str
    number: str
    iso_country_code: str
    message_type: str
    capabilities: list[str]
    number_type: str
    opt_out_list: str = DEFAULT_OPT_OUT_LIST
    two_way_enabled: bool = False
    two_way_channel_arn: str | None = None
    two_way_channel_role: str | None = None
    self_managed_opt_outs: bool = False
    international_sending: bool = False
    deletion_protection: bool = False
    tags: list[dict[str, str]] | None = None
    created: float = 0.0
    status: str = "ACTIVE"

    def describe(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "PhoneNumberArn": self.arn, "PhoneNumberId": self.id, "PhoneNumber": self.number, "Status": self.status,
            "IsoCountryCode": self.iso_country_code, "MessageType": self.message_type,
            "NumberCapabilities": list(self.capabilities), "NumberType": self.number_type,
            "MonthlyLeasingPrice": "2.00", "TwoWayEnabled": self.two_way_enabled,
            "SelfManagedOptOutsEnabled": self.self_managed_opt_outs, "OptOutListName": self.opt_out_list,
            "InternationalSendingEnabled": self.international_sending,
            "DeletionProtectionEnabled": self.deletion_protection, "CreatedTimestamp": self.created}
        if self.two_way_channel_arn:
            value["TwoWayChannelArn"] = self.two_way_channel_arn
        if self.two_way_channel_role:
            value["TwoWayChannelRole"] = self.two_way_channel_role
        return value


@dataclass
class ConfigurationSet:
    name: str
    arn: str
    created: float
    destinations: dict[str, dict[str, Any]]
    tags: list[dict[str, str]]

    def describe(self) -> dict[str, Any]:
        return {"ConfigurationSetArn": self.arn, "ConfigurationSetName": self.name,
                "EventDestinations": [dict(d) for d in self.destinations.values()], "CreatedTimestamp": self.created}


class SmsVoice:
    """The service's state in one region and account, and the carrier's behavior; thread-safe."""

    def __init__(self, region: str, account_id: str, publish: Callable[[str, str], None], seed: int | None = None):
        self.region, self.account_id = region, account_id
        self._publish = publish
        self._random = random.Random(seed)
        self._lock = threading.RLock()
        self._scheduler = Scheduler()
        self.reset()

    def reset(self) -> None:
        """Forgets everything: resources, texts, events still to come and the outcomes set."""
        with self._lock:
            self._scheduler.clear()
            self._configuration_sets: dict[str, ConfigurationSet] = {}
            self._phones: dict[str, PhoneNumber] = {}
            self._client_tokens: dict[str, str] = {}
            self._opt_outs: dict[str, dict[str, tuple[float, bool]]] = {DEFAULT_OPT_OUT_LIST: {}}
            self._allocated: dict[str, int] = {}
            self._texts: list[dict[str, Any]] = []
            self._latest: dict[tuple[str, str], str] = {}
            self._events: list[dict[str, Any]] = []
            self._default_outcome = Outcome()
            self._outcomes: dict[str, Outcome] = {}
            self._mix: list[tuple[float, Outcome]] = []

    # ------------------------------------------------------------------------------------------------------------
    # The API

    def handle(self, operation: str, params: dict[str, Any]) -> Response:
        handler = OPERATIONS.get(operation)
        if handler is None:
            return _error(ApiError("UnknownOperationException", f"Operation {operation} is not supported here", 400))
        try:
            with self._lock:
                return _answer(200, handler(self, params))
        except ApiError as error:
            return _error(error)

    def _send_text_message(self, p: dict[str, Any]) -> dict[str, Any]:
        destination = _string(p, "DestinationPhoneNumber", PHONE_NUMBER, 1, 20, required=True)
        if not E164.match(destination):
            raise _invalid("DestinationPhoneNumber", "DestinationPhoneNumber is not a phone number in E.164 format",
                           "INVALID_PARAMETER")
        if p.get("MessageBody") is None:
            raise _invalid("MessageBody", "MessageBody is required to send a text message", "MISSING_PARAMETER")
        body = _string(p, "MessageBody", MESSAGE_BODY, 1, 1600)
        message_type = _enum(p, "MessageType", MESSAGE_TYPES) or "TRANSACTIONAL"
        ttl = _integer(p, "TimeToLive", SHORTEST_TTL, LONGEST_TTL)
        max_price = _string(p, "MaxPrice", MAX_PRICE, 2, 8)
        _string(p, "Keyword", re.compile(r"^[ \S]+$"), 1, 30)
        context = _context(p)
        set_name = _string(p, "ConfigurationSetName", NAME_OR_ARN, 1, 256)
        configuration_set = self._configuration_set(set_name) if set_name else None
        identity = _string(p, "OriginationIdentity", IDENTITY, 1, 256)
        phone = self._origination(identity)
        if destination in self._opt_outs.get(phone.opt_out_list, {}):
            raise _conflict("DESTINATION_PHONE_NUMBER_OPTED_OUT", f"{destination} is on opt-out list "
                            f"{phone.opt_out_list}", "opted-out-number", destination)
        message_id = str(uuid.uuid4())
        if p.get("DryRun") is True:
            return {"MessageId": message_id}
        outcome = self._outcome_for(destination)
        sent_at = int(time.time() * 1000)
        text = {"messageId": message_id, "phoneNumber": destination, "message": body,
                "channel": "end-user-messaging", "originationIdentity": identity,
                "originationNumber": phone.number, "configurationSetName": configuration_set.name
                if configuration_set else None, "context": context, "timeToLive": ttl, "messageType": message_type,
                "maxPrice": max_price, "sentAt": sent_at, "outcome": outcome.name}
        self._texts.append(text)
        self._latest[(destination, phone.number)] = message_id
        if configuration_set is not None:
            self._schedule(text, outcome, configuration_set.name)
        return {"MessageId": message_id}

    def _origination(self, identity: str | None) -> PhoneNumber:
        if identity is None:
            active = [phone for phone in self._phones.values()
                      if phone.status == "ACTIVE" and "SMS" in phone.capabilities]
            if not active:
                raise _conflict("NO_ORIGINATION_IDENTITIES_FOUND", "No origination identity can send this text: "
                                "request a phone number first", "account", self.account_id)
            return active[0]
        for phone in self._phones.values():
            if identity in (phone.id, phone.arn, phone.number):
                return phone
        kind = "pool" if identity.startswith("pool-") or ":pool/" in identity else (
            "sender-id" if ":sender-id/" in identity or not re.match(r"^(\+?[0-9]+|phone-|arn:)", identity)
            else "phone-number")
        raise _not_found(kind, identity)

    def _request_phone_number(self, p: dict[str, Any]) -> dict[str, Any]:
        country = _string(p, "IsoCountryCode", ISO_COUNTRY, 2, 2, required=True)
        message_type = _enum(p, "MessageType", MESSAGE_TYPES, required=True)
        capabilities = _list(p, "NumberCapabilities", 1, 4, required=True)
        for capability in capabilities:
            if capability not in NUMBER_CAPABILITIES:
                raise _invalid("NumberCapabilities", f"{capability} is not one of {', '.join(NUMBER_CAPABILITIES)}")
        number_type = _enum(p, "NumberType", NUMBER_TYPES, required=True)
        token = _string(p, "ClientToken", re.compile(r"^[!-~]+$"), 1, 64)
        if token and token in self._client_tokens and self._client_tokens[token] in self._phones:
            return self._phones[self._client_tokens[token]].describe()
        opt_out_list = self._opt_out_list_name(_string(p, "OptOutListName", NAME_OR_ARN, 1, 256)
                                               or DEFAULT_OPT_OUT_LIST)
        if country not in NUMBER_RANGES:
            raise _invalid("IsoCountryCode", f"No phone numbers here for {country}: "
                           + ", ".join(NUMBER_RANGES), "COUNTRY_NOT_ENABLED")
        prefix, digits, first = NUMBER_RANGES[country]
        serial = self._allocated.get(country, first)
        if serial >= 10 ** digits:
            raise ApiError("ServiceQuotaExceededException", "No more phone numbers", 400,
                           Reason="PHONE_NUMBERS_PER_ACCOUNT")
        self._allocated[country] = serial + 1
        phone_id = "phone-" + uuid.uuid4().hex
        phone = PhoneNumber(id=phone_id, arn=self._arn("phone-number", phone_id), number=f"{prefix}{serial:0{digits}d}",
                            iso_country_code=country, message_type=message_type, capabilities=list(capabilities),
                            number_type=number_type, opt_out_list=opt_out_list,
                            international_sending=p.get("InternationalSendingEnabled") is True,
                            deletion_protection=p.get("DeletionProtectionEnabled") is True,
                            tags=list(p.get("Tags") or []), created=time.time())
        self._phones[phone_id] = phone
        if token:
            self._client_tokens[token] = phone_id
        answer = phone.describe()
        answer["Tags"] = phone.tags
        return answer

    def _update_phone_number(self, p: dict[str, Any]) -> dict[str, Any]:
        phone = self._phone(_string(p, "PhoneNumberId", NAME_OR_ARN, 1, 256, required=True))
        changes: dict[str, Any] = {}
        for member, attribute in (("TwoWayEnabled", "two_way_enabled"), ("SelfManagedOptOutsEnabled",
                                                                          "self_managed_opt_outs"),
                                  ("InternationalSendingEnabled", "international_sending"),
                                  ("DeletionProtectionEnabled", "deletion_protection")):
            if p.get(member) is not None:
                if not isinstance(p[member], bool):
                    raise _invalid(member, f"{member} must be a boolean")
                changes[attribute] = p[member]
        channel = _string(p, "TwoWayChannelArn", re.compile(r"^\S+$"), 20, 2048)
        if channel is not None:
            changes["two_way_channel_arn"] = channel
        role = _string(p, "TwoWayChannelRole", ARN, 20, 2048)
        if role is not None:
            changes["two_way_channel_role"] = role
        opt_out_list = _string(p, "OptOutListName", NAME_OR_ARN, 1, 256)
        if opt_out_list is not None:
            changes["opt_out_list"] = self._opt_out_list_name(opt_out_list)
        updated = replace(phone, **changes)
        if updated.two_way_enabled and not updated.two_way_channel_arn:
            raise _invalid("TwoWayChannelArn", "Two-way SMS needs a TwoWayChannelArn", "TWO_WAY_CHANNEL_NOT_PRESENT")
        self._phones[phone.id] = updated
        return updated.describe()

    def _describe_phone_numbers(self, p: dict[str, Any]) -> dict[str, Any]:
        ids = _list(p, "PhoneNumberIds", 0, 5) or []
        phones = [self._phone(phone_id) for phone_id in ids] if ids else list(self._phones.values())
        for spec in _list(p, "Filters", 0, 20) or []:
            name, values = spec.get("Name"), [str(v).lower() for v in spec.get("Values") or []]
            attribute = {"status": "Status", "iso-country-code": "IsoCountryCode", "message-type": "MessageType",
                         "number-type": "NumberType", "two-way-enabled": "TwoWayEnabled",
                         "self-managed-opt-outs-enabled": "SelfManagedOptOutsEnabled",
                         "opt-out-list-name": "OptOutListName", "deletion-protection-enabled":
                         "DeletionProtectionEnabled", "two-way-channel-arn": "TwoWayChannelArn",
                         "number-capability": "NumberCapabilities"}.get(name)
            if attribute is None:
                raise _invalid("Filters", f"Unknown filter {name}", "INVALID_FILTER_VALUES")
            phones = [phone for phone in phones if _matches(phone.describe().get(attribute), values)]
        return {"PhoneNumbers": [phone.describe() for phone in phones]}

    def _release_phone_number(self, p: dict[str, Any]) -> dict[str, Any]:
        phone = self._phone(_string(p, "PhoneNumberId", NAME_OR_ARN, 1, 256, required=True))
        if phone.deletion_protection:
            raise _conflict("DELETION_PROTECTION_ENABLED", f"{phone.id} has deletion protection", "phone-number",
                            phone.id)
        del self._phones[phone.id]
        released = phone.describe()
        released["Status"] = "DELETED"
        return released

    def _phone(self, id_or_arn: str) -> PhoneNumber:
        for phone in self._phones.values():
            if id_or_arn in (phone.id, phone.arn):
                return phone
        raise _not_found("phone-number", id_or_arn)

    def _create_configuration_set(self, p: dict[str, Any]) -> dict[str, Any]:
        name = _string(p, "ConfigurationSetName", NAME, 1, 64, required=True)
        if name in self._configuration_sets:
            raise _conflict("RESOURCE_ALREADY_EXISTS", f"Configuration set {name} already exists",
                            "configuration-set", name)
        created = ConfigurationSet(name, self._arn("configuration-set", name), time.time(), {},
                                   list(p.get("Tags") or []))
        self._configuration_sets[name] = created
        return {"ConfigurationSetArn": created.arn, "ConfigurationSetName": name, "Tags": created.tags,
                "CreatedTimestamp": created.created}

    def _delete_configuration_set(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self._configuration_set(_string(p, "ConfigurationSetName", NAME_OR_ARN, 1, 256, required=True))
        del self._configuration_sets[found.name]
        return found.describe()

    def _describe_configuration_sets(self, p: dict[str, Any]) -> dict[str, Any]:
        names = _list(p, "ConfigurationSetNames", 0, 5) or []
        found = [self._configuration_set(name) for name in names] if names else list(self._configuration_sets.values())
        for spec in _list(p, "Filters", 0, 20) or []:
            name, values = spec.get("Name"), set(spec.get("Values") or [])
            if name == "event-destination-name":
                found = [s for s in found if values & set(s.destinations)]
            elif name == "matching-event-types":
                found = [s for s in found
                         if any(values & set(d["MatchingEventTypes"]) for d in s.destinations.values())]
            elif name == "default-message-type":
                found = [s for s in found if "TRANSACTIONAL" in values]
            else:
                raise _invalid("Filters", f"Filter {name} is not supported here", "INVALID_FILTER_VALUES")
        return {"ConfigurationSets": [s.describe() for s in found]}

    def _create_event_destination(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self._configuration_set(_string(p, "ConfigurationSetName", NAME_OR_ARN, 1, 256, required=True))
        name = _string(p, "EventDestinationName", NAME, 1, 64, required=True)
        types = _list(p, "MatchingEventTypes", 1, 43, required=True)
        for event_type in types:
            if event_type not in EVENT_TYPES and not str(event_type).startswith(("VOICE_", "MEDIA_")):
                raise _invalid("MatchingEventTypes", f"{event_type} is not an event type")
        targets = [key for key in ("CloudWatchLogsDestination", "KinesisFirehoseDestination", "SnsDestination")
                   if p.get(key) is not None]
        if len(targets) != 1:
            raise _invalid("EventDestination", "Give exactly one of CloudWatchLogsDestination, "
                           "KinesisFirehoseDestination and SnsDestination", "INVALID_PARAMETER")
        if name in found.destinations:
            raise _conflict("RESOURCE_ALREADY_EXISTS", f"Event destination {name} already exists",
                            "event-destination", name)
        destination: dict[str, Any] = {"EventDestinationName": name, "Enabled": True, "MatchingEventTypes": list(types)}
        target = p[targets[0]]
        if targets[0] == "SnsDestination":
            _string(target, "TopicArn", ARN, 20, 2048, required=True)
        destination[targets[0]] = dict(target)
        found.destinations[name] = destination
        return {"ConfigurationSetArn": found.arn, "ConfigurationSetName": found.name,
                "EventDestination": dict(destination)}

    def _delete_event_destination(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self._configuration_set(_string(p, "ConfigurationSetName", NAME_OR_ARN, 1, 256, required=True))
        name = _string(p, "EventDestinationName", NAME, 1, 64, required=True)
        if name not in found.destinations:
            raise _not_found("event-destination", name)
        removed = found.destinations.pop(name)
        return {"ConfigurationSetArn": found.arn, "ConfigurationSetName": found.name, "EventDestination": removed}

    def _configuration_set(self, name_or_arn: str) -> ConfigurationSet:
        for configuration_set in self._configuration_sets.values():
            if name_or_arn in (configuration_set.name, configuration_set.arn):
                return configuration_set
        raise _not_found("configuration-set", name_or_arn)

    def _put_opted_out_number(self, p: dict[str, Any]) -> dict[str, Any]:
        list_name = self._opt_out_list_name(_string(p, "OptOutListName", NAME_OR_ARN, 1, 256, required=True))
        number = _string(p, "OptedOutNumber", PHONE_NUMBER, 1, 20, required=True)
        self._opt_outs[list_name].setdefault(number, (time.time(), False))
        return self._opted_out(list_name, number)

    def _delete_opted_out_number(self, p: dict[str, Any]) -> dict[str, Any]:
        list_name = self._opt_out_list_name(_string(p, "OptOutListName", NAME_OR_ARN, 1, 256, required=True))
        number = _string(p, "OptedOutNumber", PHONE_NUMBER, 1, 20, required=True)
        if number not in self._opt_outs[list_name]:
            raise _not_found("opted-out-number", number)
        answer = self._opted_out(list_name, number)
        del self._opt_outs[list_name][number]
        return answer

    def _describe_opted_out_numbers(self, p: dict[str, Any]) -> dict[str, Any]:
        list_name = self._opt_out_list_name(_string(p, "OptOutListName", NAME_OR_ARN, 1, 256, required=True))
        wanted = _list(p, "OptedOutNumbers", 0, 5) or []
        numbers = [n for n in self._opt_outs[list_name] if not wanted or n in wanted]
        return {"OptOutListArn": self._arn("opt-out-list", list_name), "OptOutListName": list_name,
                "OptedOutNumbers": [{"OptedOutNumber": n, "OptedOutTimestamp": self._opt_outs[list_name][n][0],
                                     "EndUserOptedOut": self._opt_outs[list_name][n][1]} for n in numbers]}

    def _opted_out(self, list_name: str, number: str) -> dict[str, Any]:
        at, by_end_user = self._opt_outs[list_name][number]
        return {"OptOutListArn": self._arn("opt-out-list", list_name), "OptOutListName": list_name,
                "OptedOutNumber": number, "OptedOutTimestamp": at, "EndUserOptedOut": by_end_user}

    def _opt_out_list_name(self, name_or_arn: str) -> str:
        name = name_or_arn.rsplit("/", 1)[-1] if name_or_arn.startswith("arn:") else name_or_arn
        if name not in self._opt_outs:
            raise _not_found("opt-out-list", name_or_arn)
        return name

    def _arn(self, resource_type: str, resource_id: str) -> str:
        return f"arn:aws:sms-voice:{self.region}:{self.account_id}:{resource_type}/{resource_id}"

    # ------------------------------------------------------------------------------------------------------------
    # The carrier: outcomes and their events

    def set_outcome(self, spec: Any) -> dict[str, Any]:
        """{"phoneNumber": "+1...", "outcome": ...} for one phone; without phoneNumber, the default; or {"mix":
        [{"share": 0.1, "outcome": ...}, ...]}: a share of the texts to phones without an outcome of their own, drawn at
        random (the rest get the default)."""
        if not isinstance(spec, dict):
            raise ValueError("a JSON object: {\"phoneNumber\": \"+E164\", \"outcome\": \"delivered\"},"
                             " or {\"mix\": [...]}")
        if "mix" in spec:
            if set(spec) != {"mix"} or not isinstance(spec["mix"], list):
                raise ValueError("mix is a list of {\"share\": 0.1, \"outcome\": ...}, alone in its object")
            mix = []
            for entry in spec["mix"]:
                share = entry.get("share") if isinstance(entry, dict) else None
                if not _is_number(share) or not 0 < share <= 1:
                    raise ValueError("each mix entry needs a share above 0 and at most 1")
                mix.append((float(share), parse_outcome(entry)))
            if sum(share for share, _ in mix) > 1 + 1e-9:
                raise ValueError("the shares of the mix add up to more than 1")
            with self._lock:
                self._mix = mix
            return self.outcomes()
        if "share" in spec:
            raise ValueError("share goes in a mix entry")
        outcome = parse_outcome(spec)
        phone = spec.get("phoneNumber")
        with self._lock:
            if phone is None:
                self._default_outcome = outcome
            elif isinstance(phone, str) and E164.match(phone):
                self._outcomes[phone] = outcome
            else:
                raise ValueError("phoneNumber must be a phone number in E.164 format")
        return self.outcomes()

    def clear_outcomes(self) -> None:
        with self._lock:
            self._default_outcome, self._outcomes, self._mix = Outcome(), {}, []

    def outcomes(self) -> dict[str, Any]:
        with self._lock:
            return {"default": self._default_outcome.to_json(),
                    "byPhone": {phone: outcome.to_json() for phone, outcome in self._outcomes.items()},
                    "mix": [dict(outcome.to_json(), share=share) for share, outcome in self._mix]}

    def _outcome_for(self, destination: str) -> Outcome:
        if destination in self._outcomes:
            return self._outcomes[destination]
        draw, floor = self._random.random(), 0.0
        for share, outcome in self._mix:
            floor += share
            if draw < floor:
                return outcome
        return self._default_outcome

    def _schedule(self, text: dict[str, Any], outcome: Outcome, configuration_set: str) -> None:
        final_type, with_pending = BASE_OUTCOMES[outcome.base]
        if final_type is None:
            return
        sent = text["sentAt"]
        final_at = sent + outcome.final_after_ms + int(outcome.delay_seconds * 1000 if outcome.delayed else 0)
        ttl = text["timeToLive"]
        if ttl is not None and with_pending and final_type != "TEXT_TTL_EXPIRED" and final_at > sent + ttl * 1000:
            # The carrier still had it when its time to live ran out: dropped, and TEXT_TTL_EXPIRED says so then.
            final_type, final_at = "TEXT_TTL_EXPIRED", sent + ttl * 1000
        final = self._event(text, final_type, True, final_at)
        if with_pending:
            pending_at = min(sent + outcome.pending_after_ms, final_at)
            pending = self._event(text, "TEXT_PENDING", False, pending_at)
            # Out of order: the final event goes first; the pending one follows it, with its own earlier time.
            plan = [(final_at, final), (final_at, pending)] if outcome.out_of_order else [
                (pending_at, pending), (final_at, final)]
        else:
            plan = [(final_at, final)]
        if outcome.duplicated:
            plan = [step for step in plan for _ in range(2)]
        for publish_at, event in plan:
            self._scheduler.at(publish_at / 1000, lambda e=event: self._publish_event(configuration_set, e))

    def _event(self, text: dict[str, Any], event_type: str, is_final: bool, at_ms: int) -> dict[str, Any]:
        status = event_type[len("TEXT_"):]
        parts, encoding = _segments(text["message"])
        event: dict[str, Any] = {
            "eventType": event_type, "eventVersion": "1.0", "eventTimestamp": at_ms, "isFinal": is_final,
            "originationPhoneNumber": text["originationNumber"], "destinationPhoneNumber": text["phoneNumber"],
            "isInternationalSend": _country(text["originationNumber"]) != _country(text["phoneNumber"]),
        }
        country = _country(text["phoneNumber"])
        if country:
            event["isoCountryCode"] = country
        event.update({
            "messageId": text["messageId"], "messageRequestTimestamp": text["sentAt"], "messageEncoding": encoding,
            "messageType": text["messageType"], "messageStatus": status,
            "messageStatusDescription": STATUS_DESCRIPTIONS.get(status, status.replace("_", " ").capitalize()),
        })
        if text["context"]:
            event["context"] = dict(text["context"])
        event.update({"totalMessageParts": parts, "totalMessagePrice": round(0.00581 * parts, 5),
                      "totalCarrierFee": round(0.00302 * parts, 5)})
        return event

    def _publish_event(self, configuration_set: str, event: dict[str, Any]) -> None:
        with self._lock:
            found = self._configuration_sets.get(configuration_set)
            topics = [d["SnsDestination"]["TopicArn"] for d in (found.destinations.values() if found else [])
                      if d.get("Enabled") and "SnsDestination" in d
                      and _matches_event(d["MatchingEventTypes"], event["eventType"])]
        for topic in topics:
            try:
                self._publish(topic, json.dumps(event))
            except Exception as error:  # the topic is gone: SNS would have nothing to deliver to either
                log.warning("SMS event %s of %s not published to %s: %s", event["eventType"], event["messageId"],
                            topic, scrub(error))
                continue
            with self._lock:
                self._events.append({"messageId": event["messageId"], "eventType": event["eventType"],
                                     "isFinal": event["isFinal"], "eventTimestamp": event["eventTimestamp"],
                                     "destinationPhoneNumber": event["destinationPhoneNumber"], "topicArn": topic,
                                     "publishedAt": int(time.time() * 1000)})

    # ------------------------------------------------------------------------------------------------------------
    # The patient: replies, opt-outs

    def reply(self, spec: Any) -> dict[str, Any]:
        """A text from a patient's phone to one of the phone numbers, as AWS hands it to the number's two-way channel.

        {"from": "+1...", "to": number, id or ARN (default: the number that last texted "from"), "body": "C",
         "previousPublishedMessageId": "latest" (the default: the last text from "to" to "from", when there is one),
         "none", or an id}. A body starting with an opt-out keyword puts "from" on the number's opt-out list, unless
        the number manages opt-outs itself.
        """
        if not isinstance(spec, dict):
            raise ControlError(400, "a JSON object: {\"from\": \"+E164\", \"body\": \"C\"}")
        unknown = set(spec) - {"from", "to", "body", "previousPublishedMessageId"}
        if unknown:
            raise ControlError(400, f"unknown fields: {sorted(unknown)}")
        sender, body, to = spec.get("from"), spec.get("body"), spec.get("to")
        if not isinstance(sender, str) or not E164.match(sender):
            raise ControlError(400, "from must be the patient's phone number in E.164 format")
        if not isinstance(body, str) or not body.strip():
            raise ControlError(400, "body must be the words of the reply")
        previous = spec.get("previousPublishedMessageId", "latest")
        if previous is not None and not isinstance(previous, str):
            raise ControlError(400, "previousPublishedMessageId is \"latest\", \"none\" or a message id")
        with self._lock:
            if to is None:
                texted = [t for t in self._texts if t["phoneNumber"] == sender]
                if not texted:
                    raise ControlError(400, f"no text went to {sender}: say which number it replies to (\"to\")")
                to = texted[-1]["originationNumber"]
            phone = next((p for p in self._phones.values() if to in (p.number, p.id, p.arn)), None)
            if phone is None:
                raise ControlError(404, f"no phone number {to}")
            if not phone.two_way_enabled or not phone.two_way_channel_arn:
                raise ControlError(409, f"{phone.number} is not two-way enabled (UpdatePhoneNumber TwoWayEnabled,"
                                   " TwoWayChannelArn)")
            if not phone.two_way_channel_arn.startswith("arn:aws:sns:"):
                raise ControlError(409, f"{phone.number}'s two-way channel {phone.two_way_channel_arn} is not an SNS"
                                   " topic")
            if previous in (None, "none"):
                previous_id = None
            elif previous == "latest":
                previous_id = self._latest.get((sender, phone.number))
            else:
                previous_id = previous
            first_word = body.strip().split()[0].upper()
            opted_out = first_word in OPT_OUT_KEYWORDS and not phone.self_managed_opt_outs
            if opted_out:
                self._opt_outs[phone.opt_out_list].setdefault(sender, (time.time(), True))
            payload: dict[str, Any] = {
                "originationNumber": sender, "destinationNumber": phone.number,
                "messageKeyword": first_word if first_word in KEYWORDS else f"KEYWORD_{self.account_id}",
                "messageBody": body, "inboundMessageId": str(uuid.uuid4())}
            if previous_id:
                payload["previousPublishedMessageId"] = previous_id
            topic = phone.two_way_channel_arn
        try:
            self._publish(topic, json.dumps(payload))
        except Exception as error:
            raise ControlError(409, f"the reply could not be published to {topic}: {error}") from error
        return {"inboundMessageId": payload["inboundMessageId"], "previousPublishedMessageId": previous_id,
                "topicArn": topic, "optedOut": opted_out, "payload": payload}

    def opt_out(self, number: str) -> None:
        """Puts a number on the Default opt-out list, as a STOP to a number that uses it would."""
        with self._lock:
            self._opt_outs[DEFAULT_OPT_OUT_LIST].setdefault(number, (time.time(), True))

    # ------------------------------------------------------------------------------------------------------------
    # Read-back

    def sent_texts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(text, context=dict(text["context"])) for text in self._texts]

    def published_events(self) -> dict[str, Any]:
        with self._lock:
            return {"published": [dict(event) for event in self._events], "scheduled": self._scheduler.pending()}


OPERATIONS: dict[str, Callable[[SmsVoice, dict[str, Any]], dict[str, Any]]] = {
    "SendTextMessage": SmsVoice._send_text_message,
    "RequestPhoneNumber": SmsVoice._request_phone_number,
    "UpdatePhoneNumber": SmsVoice._update_phone_number,
    "DescribePhoneNumbers": SmsVoice._describe_phone_numbers,
    "ReleasePhoneNumber": SmsVoice._release_phone_number,
    "CreateConfigurationSet": SmsVoice._create_configuration_set,
    "DeleteConfigurationSet": SmsVoice._delete_configuration_set,
    "DescribeConfigurationSets": SmsVoice._describe_configuration_sets,
    "CreateEventDestination": SmsVoice._create_event_destination,
    "DeleteEventDestination": SmsVoice._delete_event_destination,
    "PutOptedOutNumber": SmsVoice._put_opted_out_number,
    "DeleteOptedOutNumber": SmsVoice._delete_opted_out_number,
    "DescribeOptedOutNumbers": SmsVoice._describe_opted_out_numbers,
}


# ----------------------------------------------------------------------------------------------------------------
# Parameters


def _string(p: dict[str, Any], name: str, pattern: re.Pattern[str] | None, shortest: int, longest: int,
            required: bool = False) -> str | None:
    value = p.get(name)
    if value is None:
        if required:
            raise _invalid(name, f"Value null at '{name}' failed to satisfy constraint: Member must not be null")
        return None
    if not isinstance(value, str):
        raise _invalid(name, f"{name} must be a string")
    if not shortest <= len(value) <= longest:
        raise _invalid(name, f"Value at '{name}' failed to satisfy constraint: Member must have length between "
                       f"{shortest} and {longest}")
    if pattern is not None and not pattern.match(value):
        raise _invalid(name, f"Value at '{name}' failed to satisfy constraint: Member must satisfy regular expression "
                       f"pattern: {pattern.pattern.strip('^$')}")
    return value


def _enum(p: dict[str, Any], name: str, allowed: tuple[str, ...], required: bool = False) -> str | None:
    value = _string(p, name, None, 1, 64, required)
    if value is not None and value not in allowed:
        raise _invalid(name, f"Value '{value}' at '{name}' failed to satisfy constraint: Member must satisfy enum "
                       f"value set: [{', '.join(allowed)}]")
    return value


def _integer(p: dict[str, Any], name: str, smallest: int, largest: int) -> int | None:
    value = p.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not smallest <= value <= largest:
        raise _invalid(name, f"Value '{value}' at '{name}' failed to satisfy constraint: Member must have value "
                       f"between {smallest} and {largest}")
    return value


def _list(p: dict[str, Any], name: str, shortest: int, longest: int, required: bool = False) -> list[Any] | None:
    value = p.get(name)
    if value is None:
        if required:
            raise _invalid(name, f"Value null at '{name}' failed to satisfy constraint: Member must not be null")
        return None
    if not isinstance(value, list) or not shortest <= len(value) <= longest:
        raise _invalid(name, f"{name} must be a list of {shortest} to {longest} items")
    return value


def _context(p: dict[str, Any]) -> dict[str, str]:
    context = p.get("Context")
    if context is None:
        return {}
    if not isinstance(context, dict) or len(context) > 5:
        raise _invalid("Context", "Context must be a map of at most 5 entries")
    for key, value in context.items():
        if not 1 <= len(key) <= 100 or not CONTEXT_KEY.match(key):
            raise _invalid("Context", f"Context key '{key}' must be 1 to 100 characters without white space")
        if not isinstance(value, str) or not 1 <= len(value) <= 800 or not CONTEXT_VALUE.match(value):
            raise _invalid("Context", f"Context value of '{key}' must be 1 to 800 characters, not starting or ending "
                           "with white space")
    return dict(context)


def _matches(value: Any, wanted: list[str]) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(str(v).lower() in wanted for v in values)


def _matches_event(matching: list[str], event_type: str) -> bool:
    return "ALL" in matching or "TEXT_ALL" in matching or event_type in matching


def _country(number: str) -> str | None:
    return next((country for prefix, country in COUNTRY_PREFIXES if number.startswith(prefix)), None)


def _segments(body: str) -> tuple[int, str]:
    """SMS parts and encoding: GSM-7 (160 characters, 153 per part of a longer text) or UCS-2 (70, 67)."""
    if all(c in GSM7 or c in GSM7_EXTENSION for c in body):
        length = sum(2 if c in GSM7_EXTENSION else 1 for c in body)
        return (1 if length <= 160 else -(-length // 153)), "GSM"
    units = len(body.encode("utf-16-le")) // 2
    return (1 if units <= 70 else -(-units // 67)), "Unicode"


# ----------------------------------------------------------------------------------------------------------------
# Answers


def _answer(status: int, value: Any) -> Response:
    body = json.dumps(value).encode()
    return _status(status), [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-RequestId", str(uuid.uuid4())),
                             ("Content-Length", str(len(body)))], body


def _error(error: ApiError) -> Response:
    """The error as AWS answers it, with any phone number in it masked: the caller may log what it is told."""
    body = json.dumps(_scrubbed({"__type": error.code, "Message": error.message, **error.members})).encode()
    return _status(error.status), [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-ErrorType", error.code),
                                   ("x-amzn-RequestId", str(uuid.uuid4())), ("Content-Length", str(len(body)))], body


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    return value


def _status(status: int) -> str:
    return f"{status} {HTTPStatus(status).phrase}"
