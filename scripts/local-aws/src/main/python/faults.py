"""Fault rules: make chosen AWS calls fail or slow down, so every failure path is tested over real HTTP.

A rule matches a call by service, optional operation and optional exact top-level parameters; a matching call is
affected with probability `rate`, at most `count` times. All rules that fire add their latency; the first one that
fires with an error code decides the error.
"""

import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from wire import AwsCall, normalize_service

# Codes the AWS SDKs treat as server-side failures when no status is given.
SERVER_ERROR_STATUS = {"InternalFailure": 500, "InternalError": 500, "InternalServerError": 500,
                       "InternalServerException": 500, "ServiceUnavailable": 503, "ServiceUnavailableException": 503}


class RuleError(ValueError):
    """A fault rule that cannot be used as given."""


@dataclass
class FaultRule:
    id: str
    service: str
    operation: str | None = None
    match: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    status: int = 400
    message: str | None = None
    reason: str | None = None
    rate: float = 1.0
    latency_ms: int = 0
    count: int | None = None
    matched: int = 0
    injected: int = 0

    def matches(self, call: AwsCall) -> bool:
        return (self.service == call.service
                and self.operation in (None, call.operation)
                and all(k in call.params and call.params[k] == v for k, v in self.match.items()))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "service": self.service, "operation": self.operation, "match": self.match,
                "error": self.error, "status": self.status, "message": self.message, "reason": self.reason,
                "rate": self.rate,
                "latencyMs": self.latency_ms, "count": self.count, "matched": self.matched, "injected": self.injected}


@dataclass
class Decision:
    latency_ms: int = 0
    error: str | None = None
    status: int = 400
    message: str = ""
    reason: str | None = None


class FaultBook:
    def __init__(self, seed: int | None = None):
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._random = random.Random(seed)

    def add(self, spec: Any) -> FaultRule:
        rule = _parse_rule(spec)
        with self._lock:
            rule.id = f"fault-{next(self._ids)}"
            self._rules.append(rule)
        return rule

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.to_json() for rule in self._rules]

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) < before

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def decide(self, call: AwsCall) -> Decision | None:
        """What to do to this call: None when no rule fires."""
        decision, fired = Decision(), False
        with self._lock:
            for rule in self._rules:
                if not rule.matches(call):
                    continue
                rule.matched += 1
                if rule.error and decision.error:
                    continue  # an earlier rule already chose the error
                if rule.count is not None and rule.injected >= rule.count:
                    continue
                if self._random.random() >= rule.rate:
                    continue
                rule.injected += 1
                fired = True
                decision.latency_ms += rule.latency_ms
                if rule.error:
                    decision.error, decision.status = rule.error, rule.status
                    decision.message = rule.message or f"Injected fault: {rule.error}"
                    decision.reason = rule.reason
        return decision if fired else None


def _parse_rule(spec: Any) -> FaultRule:
    if not isinstance(spec, dict):
        raise RuleError("a fault rule is a JSON object")
    unknown = set(spec) - {"service", "operation", "match", "error", "status", "message", "reason", "rate",
                           "latencyMs", "count"}
    if unknown:
        raise RuleError(f"unknown fields: {sorted(unknown)}")
    def get(name: str, default: Any = None) -> Any:
        return default if spec.get(name) is None else spec[name]

    service, operation, error, message = get("service"), get("operation"), get("error"), get("message")
    reason = get("reason")
    match, rate, latency_ms, count = get("match", {}), get("rate", 1.0), get("latencyMs", 0), get("count")
    status = get("status", SERVER_ERROR_STATUS.get(error or "", 400))
    if not isinstance(service, str) or not service:
        raise RuleError("service is required (sns, ses, dynamodb, cloudwatch, sms-voice, ...)")
    if operation is not None and not isinstance(operation, str):
        raise RuleError("operation must be a string")
    if not isinstance(match, dict):
        raise RuleError("match must be an object of top-level request parameters")
    if error is not None and not isinstance(error, str):
        raise RuleError("error must be an error code string")
    if message is not None and not isinstance(message, str):
        raise RuleError("message must be a string")
    if reason is not None and (not isinstance(reason, str) or error is None):
        raise RuleError("reason must be a string, given with an error (e.g. ConflictException's Reason)")
    if not _is_number(rate) or not 0 <= rate <= 1:
        raise RuleError("rate must be a number from 0 to 1")
    if not _is_number(latency_ms) or latency_ms < 0:
        raise RuleError("latencyMs must be a number >= 0")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise RuleError("count must be null or an integer >= 0")
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        raise RuleError("status must be an HTTP error status (400-599)")
    return FaultRule(id="", service=normalize_service(service), operation=operation, match=match, error=error,
                     status=status, message=message, reason=reason, rate=float(rate), latency_ms=int(latency_ms),
                     count=count)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
