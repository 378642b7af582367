"""Read-back of what the emulated AWS "sent": SMS published through SNS and email sent through SES.

moto keeps both in its backends, read here in-process over all accounts and regions. Templated emails are rendered
with moto's own SES template engine. moto keeps neither an SMS's message attributes nor both bodies of an email that has
text and HTML, so the front notes those from the request as it passes (SentLog).
"""

import email
import email.policy
import json
import re
import threading
from typing import Any

from moto.ses.models import RawMessage, TemplateMessage, ses_backends
from moto.ses.template import parse_template
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from wire import AwsCall

MESSAGE_ID = re.compile(rb"<MessageId>([^<]+)</MessageId>")
SNS_ATTRIBUTE = re.compile(r"^MessageAttributes\.entry\.(\d+)\.Name$")


class SentLog:
    """Request details moto drops, by the message id moto answered with."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sms_attributes: dict[str, dict[str, str]] = {}
        self._email_bodies: dict[str, tuple[str | None, str | None]] = {}

    def note(self, call: AwsCall, status: str, payload: bytes) -> None:
        if not status.startswith("2") or call.key not in ("sns.Publish", "ses.SendEmail"):
            return
        found = MESSAGE_ID.search(payload)
        if not found:
            return
        message_id, params = found.group(1).decode(), call.params
        with self._lock:
            if call.key == "sns.Publish" and params.get("PhoneNumber"):
                self._sms_attributes[message_id] = _sns_attributes(params)
            elif call.key == "ses.SendEmail":
                self._email_bodies[message_id] = (params.get("Message.Body.Text.Data"),
                                                  params.get("Message.Body.Html.Data"))

    def sms_attributes(self, message_id: str) -> dict[str, str]:
        with self._lock:
            return dict(self._sms_attributes.get(message_id, {}))

    def email_bodies(self, message_id: str) -> tuple[str | None, str | None] | None:
        with self._lock:
            return self._email_bodies.get(message_id)

    def clear(self) -> None:
        with self._lock:
            self._sms_attributes.clear()
            self._email_bodies.clear()


def sent_sms(log: SentLog) -> list[dict[str, Any]]:
    return [{"messageId": sms.message_id, "phoneNumber": sms.phone_number, "message": sms.message,
             "attributes": log.sms_attributes(sms.message_id)}
            for backend in _backends(sns_backends)
            for sms in list(backend.sms_message_objects.values())]


def sent_emails(log: SentLog) -> list[dict[str, Any]]:
    return [_email(backend, message, log) for backend in _backends(ses_backends)
            for message in list(backend.sent_messages)]


def opt_out(phone_number: str, region: str) -> None:
    """Adds a number to SNS's opt-out list, as if its owner had replied STOP (moto has no API for that)."""
    sns_backends[DEFAULT_ACCOUNT_ID][region]  # created on first use: make sure the region's backend exists
    for backend in _backends(sns_backends):
        if phone_number not in backend.opt_out_numbers:
            backend.opt_out_numbers.append(phone_number)


def _backends(backend_dict: Any) -> list[Any]:
    return [backend for per_account in list(backend_dict.values()) for backend in list(per_account.values())]


def _sns_attributes(params: dict[str, str]) -> dict[str, str]:
    """{name: value} from MessageAttributes.entry.N.Name / .Value.StringValue (or .Value.BinaryValue)."""
    attributes = {}
    for key, name in params.items():
        entry = SNS_ATTRIBUTE.match(key)
        if entry:
            prefix = f"MessageAttributes.entry.{entry.group(1)}.Value."
            attributes[name] = params.get(prefix + "StringValue", params.get(prefix + "BinaryValue", ""))
    return attributes


def _email(backend: Any, message: Any, log: SentLog) -> dict[str, Any]:
    result: dict[str, Any] = {"messageId": message.id, "source": message.source,
                              "destinations": _addresses(message.destinations), "subject": None, "text": None,
                              "html": None, "template": None, "templateData": None}
    if isinstance(message, TemplateMessage):
        result.update(template=message.template, templateData=message.template_data)
        result.update(_render(backend, message.template, message.template_data))
    elif isinstance(message, RawMessage):
        result.update(_parse_raw(message.raw_data))
    else:
        # moto keeps one body: the HTML part when there is one, else the text part.
        text, html = log.email_bodies(message.id) or (message.body, None)
        result.update(subject=message.subject, text=text, html=html)
    return result


def _render(backend: Any, template_name: str, template_data: str) -> dict[str, Any]:
    """Renders as moto does ({{var}}, {{#if}}, {{#each}}; no HTML escaping); renderError tells why it could not."""
    template = backend.templates.get(template_name)
    if template is None:
        return {"renderError": f"template {template_name} no longer exists"}
    try:
        data = _numbers_as_text(json.loads(template_data))
        return {part: parse_template(str(template[key]), data)
                for part, key in (("subject", "subject_part"), ("text", "text_part"), ("html", "html_part"))}
    except Exception as error:  # moto's engine raises its own errors (e.g. a missing variable) and TypeErrors
        return {"renderError": f"{type(error).__name__}: {error}"}


def _numbers_as_text(value: Any) -> Any:
    """moto's engine only inserts strings; SES prints numbers as they are written."""
    if isinstance(value, dict):
        return {key: _numbers_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_text(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    return value


def _parse_raw(raw_data: str) -> dict[str, Any]:
    parsed = email.message_from_string(raw_data, policy=email.policy.default)
    text = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    return {"subject": parsed.get("Subject"), "text": text.get_content() if text else None,
            "html": html.get_content() if html else None}


def _addresses(destinations: Any) -> list[str]:
    """Every recipient address once, in To, Cc, Bcc order (bulk sends list several destinations)."""
    return list(dict.fromkeys(_all_addresses(destinations)))


def _all_addresses(destinations: Any) -> list[str]:
    if isinstance(destinations, dict):
        if "Destination" in destinations:
            return _all_addresses(destinations["Destination"])
        return [address for kind in ("ToAddresses", "CcAddresses", "BccAddresses")
                for address in destinations.get(kind) or []]
    if isinstance(destinations, list):
        return [address for item in destinations
                for address in (_all_addresses(item) if isinstance(item, dict) else [item])]
    return []
