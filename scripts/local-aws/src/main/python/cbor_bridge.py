"""Smithy RPC v2 CBOR in front of moto's JSON 1.0 protocol.

Why this exists: the AWS SDK for Java 2.57 CloudWatch client speaks Smithy RPC v2 CBOR
(`POST /service/GraniteServiceVersion20100801/operation/<Operation>`, `application/cbor`), and moto 5.2 answers that
with 404. moto does speak CloudWatch's JSON 1.0 protocol, so each CBOR request is re-sent to moto as the same JSON
request and moto's JSON answer is encoded back as CBOR. The answer is typed by botocore's service model: timestamp
members become CBOR tag 1 (epoch seconds), blobs byte strings, doubles floats, so the SDK reads them as AWS sends them.
"""

import base64
import datetime
import decimal
import io
import json
import threading
from collections.abc import Callable
from typing import Any

import botocore.session
import cbor2
from botocore.model import Shape

from wire import CBOR_PATH, AwsCall, status_line

# Smithy service name in the CBOR path -> botocore service name.
BOTOCORE_SERVICES = {"GraniteServiceVersion20100801": "cloudwatch"}

CBOR_HEADERS = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
PASSED_HEADERS = {"x-amzn-requestid", "x-amzn-query-error", "date"}

Response = tuple[str, list[tuple[str, str]], bytes]


class CborBridge:
    def __init__(self) -> None:
        self._session = botocore.session.get_session()
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()

    def forward(self, call_moto: Callable[[dict[str, Any]], Response], environ: dict[str, Any], call: AwsCall) -> Response:
        """Sends one CBOR request (already decoded into call.params) to moto as JSON 1.0; returns the answer as CBOR."""
        smithy_service = CBOR_PATH.match(environ["PATH_INFO"]).group(1)
        body = json.dumps(_to_json(call.params)).encode()
        json_environ = {key: value for key, value in environ.items() if key != "HTTP_SMITHY_PROTOCOL"}
        json_environ.update({
            "PATH_INFO": "/", "RAW_URI": "/", "REQUEST_URI": "/", "QUERY_STRING": "",
            "CONTENT_TYPE": "application/x-amz-json-1.0", "CONTENT_LENGTH": str(len(body)),
            "HTTP_X_AMZ_TARGET": f"{smithy_service}.{call.operation}", "HTTP_ACCEPT": "application/json",
            "wsgi.input": io.BytesIO(body),
        })
        status, headers, payload = call_moto(json_environ)
        kept = [(name, value) for name, value in headers if name.lower() in PASSED_HEADERS]
        code = int(status.split()[0])
        if 200 <= code < 300:
            answer = _to_cbor(json.loads(payload) if payload.strip() else {},
                              self._output_shape(smithy_service, call.operation))
        else:
            answer = _cbor_error(code, payload)
        out = cbor2.dumps(answer)
        return status_line(code), CBOR_HEADERS + kept + [("Content-Length", str(len(out)))], out

    def _output_shape(self, smithy_service: str, operation: str) -> Shape | None:
        name = BOTOCORE_SERVICES.get(smithy_service)
        if name is None:
            return None
        with self._lock:
            if name not in self._models:
                self._models[name] = self._session.get_service_model(name)
        model = self._models[name]
        if operation not in model.operation_names:
            return None
        return model.operation_model(operation).output_shape


def _to_json(value: Any) -> Any:
    """A decoded CBOR request as JSON 1.0 values: timestamps as epoch seconds, blobs as base64."""
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_json(item) for item in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _to_cbor(value: Any, shape: Shape | None) -> Any:
    """A JSON answer as CBOR values of the types the service model gives."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {key: _to_cbor(item, shape.members.get(key)) for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_to_cbor(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _to_cbor(item, shape.value) for key, item in value.items()}
    if kind == "timestamp":
        return cbor2.CBORTag(1, _epoch_seconds(value))
    if kind == "blob" and isinstance(value, str):
        return base64.b64decode(value)
    if kind in ("double", "float") and isinstance(value, (int, float, str)):
        return float(value)
    if kind in ("integer", "long", "short", "byte") and isinstance(value, (int, float)):
        return int(value)
    return value


def _epoch_seconds(value: Any) -> float:
    """moto's JSON serializer writes epoch numbers; ISO 8601 strings are accepted as well."""
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except ValueError:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return parsed.timestamp()


def _cbor_error(status: int, payload: bytes) -> dict[str, str]:
    """moto's JSON error ({"__type": "...#Code", "message": "..."}) as a Smithy RPC v2 CBOR error."""
    try:
        error = json.loads(payload)
        code = str(error.get("__type") or error.get("code") or "").rsplit("#", 1)[-1]
        message = str(error.get("message") or error.get("Message") or "")
    except (ValueError, AttributeError):
        code, message = "", payload.decode("utf-8", "replace")[:500]
    if not code:
        code = "UnknownOperationException" if status == 404 else "InternalFailure"
    return {"__type": code, "message": message}
