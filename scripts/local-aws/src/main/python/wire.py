"""What an AWS SDK request is (service, operation, parameters) and how an error looks on its wire protocol.

Three protocols reach the front: the query protocol (SNS, SES v1: form-encoded body, XML answers), JSON 1.0
(DynamoDB and End User Messaging SMS: X-Amz-Target header) and Smithy RPC v2 CBOR (CloudWatch:
/service/<S>/operation/<Op>).
"""

import json
import re
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape as xml_escape

import cbor2

QUERY, JSON, CBOR, OTHER = "query", "json", "cbor", "other"

CBOR_PATH = re.compile(r"^/service/([^/]+)/operation/([^/]+)$")

# Names a service is called by (signing name, X-Amz-Target prefix, SDK name) -> the one the front uses. End User
# Messaging SMS goes by its signing name, sms-voice.
SERVICE_ALIASES = {"email": "ses", "monitoring": "cloudwatch", "pinpointsmsvoicev2": "sms-voice",
                   "pinpoint-sms-voice-v2": "sms-voice", "pinpoint_sms_voice_v2": "sms-voice"}

# Error type prefix DynamoDB puts in __type; other JSON services accept the bare code.
JSON_ERROR_PREFIXES = {"dynamodb": "com.amazonaws.dynamodb.v20120810#"}

QUERY_NAMESPACES = {
    "sns": "http://sns.amazonaws.com/doc/2010-03-31/",
    "ses": "http://ses.amazonaws.com/doc/2010-12-01/",
    "cloudwatch": "http://monitoring.amazonaws.com/doc/2010-08-01/",
}


def normalize_service(name: str | None) -> str:
    name = (name or "unknown").lower()
    return SERVICE_ALIASES.get(name, name)


def signing_service(authorization: str | None) -> str | None:
    """Service of a SigV4 Authorization header: 'AWS4-HMAC-SHA256 Credential=AKID/date/region/<service>/aws4_request, ...'."""
    match = re.search(r"Credential=[^/]*/[^/]*/[^/]*/([^/]+)/aws4_request", authorization or "")
    return match.group(1) if match else None


@dataclass
class AwsCall:
    service: str
    operation: str
    protocol: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.service}.{self.operation}"


def parse_call(environ: dict[str, Any], body: bytes) -> AwsCall:
    """Identifies one SDK request; params are the top-level request parameters (empty if the body is unreadable)."""
    path = environ.get("PATH_INFO", "")
    content_type = environ.get("CONTENT_TYPE", "")
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    service = signing_service(environ.get("HTTP_AUTHORIZATION"))
    cbor_path = CBOR_PATH.match(path)
    try:
        if cbor_path:
            params = cbor2.loads(body) if body else {}
            return AwsCall(normalize_service(service), cbor_path.group(2), CBOR, params if isinstance(params, dict) else {})
        if target:
            params = json.loads(body) if body else {}
            prefix = target.split(".")[0].split("_")[0]
            return AwsCall(normalize_service(service or prefix), target.rsplit(".", 1)[-1], JSON,
                           params if isinstance(params, dict) else {})
        if content_type.startswith("application/x-www-form-urlencoded") or environ.get("QUERY_STRING"):
            params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
            if content_type.startswith("application/x-www-form-urlencoded"):
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            if "Action" in params:
                return AwsCall(normalize_service(service), params["Action"], QUERY, params)
    except (ValueError, UnicodeDecodeError, cbor2.CBORDecodeError):
        pass
    if cbor_path:
        return AwsCall(normalize_service(service), cbor_path.group(2), CBOR, {})
    return AwsCall(normalize_service(service), "unknown", OTHER, {})


def error_response(call: AwsCall, code: str, message: str, status: int,
                   reason: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
    """An AWS error in the call's own wire protocol, so that the SDK parses it as that error code. A reason (End User
    Messaging SMS: ConflictException's and ValidationException's Reason) is only carried by JSON 1.0."""
    request_id = str(uuid.uuid4())
    sender = "Sender" if status < 500 else "Receiver"
    if call.protocol == JSON:
        error_type = JSON_ERROR_PREFIXES.get(call.service, "") + code
        fields = {"__type": error_type, "message": message}
        if reason:
            fields["Reason"] = reason
        body = json.dumps(fields).encode()
        headers = [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-ErrorType", code)]
    elif call.protocol == CBOR:
        body = cbor2.dumps({"__type": code, "message": message})
        headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
                   ("x-amzn-query-error", f"{code};{sender}")]
    else:
        namespace = QUERY_NAMESPACES.get(call.service, "")
        body = (f'<ErrorResponse xmlns="{namespace}"><Error><Type>{sender}</Type><Code>{xml_escape(code)}</Code>'
                f"<Message>{xml_escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
                ).encode()
        headers = [("Content-Type", "text/xml")]
    headers += [("x-amzn-RequestId", request_id), ("Content-Length", str(len(body)))]
    return status_line(status), headers, body


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Error"
