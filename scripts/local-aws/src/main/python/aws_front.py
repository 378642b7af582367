"""Local AWS for tests and the demo: moto in server mode (SNS, SES, DynamoDB, CloudWatch) behind one small front.

The front adds what tests need around moto, on the same port:
  - a Smithy RPC v2 CBOR bridge, because the Java SDK's CloudWatch client speaks CBOR and moto does not (cbor_bridge);
  - fault injection: errors, throttling and latency per service, operation and request parameter (faults);
  - per-operation call counters, the IAM actions those calls needed (iam_actions), and read-back of the SMS and
    emails "sent" (readback);
  - what moto lacks for a `terraform apply` of deploy/terraform and a DLQ redrive on what it made (moto_gaps);
all configured under /_front/, which never reaches moto.

  python aws_front.py [--host 127.0.0.1] [--port 0] [--region us-east-1] [--seed N] [--exit-on-stdin-eof]

When listening it prints one line, `AWS_FRONT_READY port=<port>`, on stdout; everything after that goes to stderr.
"""

import argparse
import io
import json
import logging
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from moto.core.responses import BaseResponse
from moto.moto_api._internal import moto_api_backend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

import moto_gaps
import moto_speed
from cbor_bridge import CborBridge
from iam_actions import actions as iam_actions
from faults import FaultBook, RuleError
from readback import SentLog, opt_out, sent_emails, sent_sms
from wire import CBOR, error_response, parse_call, status_line


class QuietRequestHandler(MotoRequestHandler):
    """No access log line per request: the front stays fast under load tests."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="moto server with a CBOR bridge, fault injection and read-back")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--region", default="us-east-1", help="region of requests that carry none")
    parser.add_argument("--seed", type=int, default=None, help="seed of the fault-injection RNG")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="exit when stdin closes (parent died)")
    args = parser.parse_args(argv)

    os.environ["AWS_DEFAULT_REGION"] = args.region
    BaseResponse.default_region = args.region
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    if args.exit_on_stdin_eof:
        threading.Thread(target=_exit_on_stdin_eof, name="stdin-watch", daemon=True).start()
    moto_speed.install()
    front = Front(DomainDispatcherApplication(create_backend_app), seed=args.seed)
    server = make_server(args.host, args.port, front, threaded=True, request_handler=QuietRequestHandler)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)

    print(f"AWS_FRONT_READY port={port}", flush=True)
    # stdout carries the ready line only: a parent that stops reading it can never block us.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def _exit_on_stdin_eof() -> None:
    while os.read(0, 4096):
        pass
    os._exit(0)


Response = tuple[str, list[tuple[str, str]], bytes]


class Front:
    """WSGI middleware around moto's server app."""

    def __init__(self, moto_app: Callable[..., Iterable[bytes]], seed: int | None = None):
        self.moto_app = moto_app
        self.faults = FaultBook(seed)
        self.bridge = CborBridge()
        self.sent_log = SentLog()
        self.move_tasks = moto_gaps.install()
        self._calls: Counter[str] = Counter()
        self._actions: Counter[str] = Counter()
        self._calls_lock = threading.Lock()
        # moto applies a DynamoDB write step by step with no lock, so two concurrent conditional writes can both
        # pass their condition, and a read can see half an update. Real DynamoDB makes each item write atomic;
        # serializing DynamoDB calls here gives tests the same guarantee the worker's claim relies on.
        self._dynamodb_lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/_front" or path.startswith("/_front/"):
            status, headers, body = self.admin(environ["REQUEST_METHOD"], path, _read_body(environ))
        elif path.startswith("/moto-api"):
            status, headers, body = self.call_moto(environ)
        else:
            status, headers, body = self.aws(environ)
        start_response(status, headers)
        return [body]

    def aws(self, environ: dict[str, Any]) -> Response:
        call = parse_call(environ, _read_body(environ))
        with self._calls_lock:
            self._calls[call.key] += 1
            self._actions.update(iam_actions(call))
        decision = self.faults.decide(call)
        if decision and decision.latency_ms:
            time.sleep(decision.latency_ms / 1000)
        if decision and decision.error:
            return error_response(call, decision.error, decision.message, decision.status)
        if call.protocol == CBOR:
            return self.bridge.forward(self.call_moto, environ, call)
        if call.service == "dynamodb":
            with self._dynamodb_lock:
                return self.call_moto(environ)
        status, headers, body = self.call_moto(environ)
        self.sent_log.note(call, status, body)
        return status, headers, body

    def call_moto(self, environ: dict[str, Any]) -> Response:
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
            answer.update(status=status, headers=headers)
            return lambda data: None

        chunks = self.moto_app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return answer["status"], list(answer["headers"]), body

    def admin(self, method: str, path: str, body: bytes) -> Response:
        route = (method, re.sub(r"^/_front/faults/.+$", "/_front/faults/{id}", path.rstrip("/")))
        if route == ("GET", "/_front/health"):
            return _json(200, {"status": "ok"})
        if route == ("POST", "/_front/faults"):
            try:
                return _json(201, {"id": self.faults.add(json.loads(body or b"null")).id})
            except (ValueError, RuleError) as error:
                return _json(400, {"error": str(error)})
        if route == ("GET", "/_front/faults"):
            return _json(200, self.faults.list())
        if route == ("DELETE", "/_front/faults"):
            self.faults.clear()
            return _json(200, {"status": "ok"})
        if route == ("DELETE", "/_front/faults/{id}"):
            rule_id = path.rstrip("/").rsplit("/", 1)[-1]
            if self.faults.remove(rule_id):
                return _json(200, {"status": "ok"})
            return _json(404, {"error": f"no fault {rule_id}"})
        if route == ("GET", "/_front/calls"):
            with self._calls_lock:
                return _json(200, dict(sorted(self._calls.items())))
        if route == ("GET", "/_front/actions"):
            with self._calls_lock:
                return _json(200, dict(sorted(self._actions.items())))
        if route == ("DELETE", "/_front/calls"):
            self._reset_calls()
            return _json(200, {"status": "ok"})
        if route == ("GET", "/_front/sms"):
            return _json(200, sent_sms(self.sent_log))
        if route == ("GET", "/_front/emails"):
            return _json(200, sent_emails(self.sent_log))
        if route == ("POST", "/_front/opt-outs"):
            number = json.loads(body or b"{}").get("phoneNumber")
            if not isinstance(number, str) or not number.startswith("+"):
                return _json(400, {"error": "body must be {\"phoneNumber\": \"+E164\"}"})
            opt_out(number, os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
            return _json(201, {"status": "ok"})
        if route == ("POST", "/_front/reset"):
            moto_api_backend.reset()
            self.faults.clear()
            self.sent_log.clear()
            self.move_tasks.clear()
            self._reset_calls()
            return _json(200, {"status": "ok"})
        return _json(404, {"error": f"no route {method} {path}"})

    def _reset_calls(self) -> None:
        with self._calls_lock:
            self._calls.clear()
            self._actions.clear()


def _read_body(environ: dict[str, Any]) -> bytes:
    """Reads the whole request body and puts it back as a fresh stream for moto."""
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH")
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _json(status: int, value: Any) -> Response:
    body = json.dumps(value).encode()
    return status_line(status), [("Content-Type", "application/json"), ("Content-Length", str(len(body)))], body


if __name__ == "__main__":
    main()
