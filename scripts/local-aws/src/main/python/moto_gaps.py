"""What the pinned moto lacks and a `terraform apply` of deploy/terraform needs, added to moto in-process.

  - SQS RedriveAllowPolicy: moto accepts the attribute but never returns it, so the AWS provider's
    aws_sqs_queue_redrive_allow_policy waits forever for it to read back.
  - SQS SetQueueAttributes without a Policy drops the queue's policy (moto replaces it with the request's, none):
    setting the dead-letter queue's redrive allow policy would silently remove its TLS-only policy.
  - SQS message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask), the API behind the
    console's "Start DLQ redrive" and `reminders dlq redrive`, with the rules AWS documents: the source must be the
    dead-letter queue of a queue its redrive allow policy admits, one active task per source, and a finished task
    is listed without its handle.
  - SQS RedrivePolicy comes back with spaces after the separators, unlike AWS; the provider reads that as a change,
    so every plan after an apply would update the queue.
  - SES: moto treats every identity as verified (SES v1 answers Success) but SES v2 says none is verified for sending,
    which the configuration's ses_identity_verified check reads.
  - ECS services forget enableECSManagedTags and availabilityZoneRebalancing, so every plan would update the service.
  - CloudWatch Logs AssociateKmsKey and DisassociateKmsKey, which the provider calls to give an existing log group
    (the SMS delivery logs SNS made itself, adopted by an import) the environment's key.
  - Application Auto Scaling tags (Tags on RegisterScalableTarget, TagResource, UntagResource, ListTagsForResource):
    the provider reads a scalable target's tags after every create and retries moto's "not implemented" forever.

Each gap is filled on moto's own classes, so moto's wire protocols (JSON and query) answer as for any other call.
install() checks that the moto internals it relies on are still there: a moto upgrade that moves them fails at
start-up, not as a hang inside a Terraform apply.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from moto.applicationautoscaling import responses as autoscaling_responses
from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.ecs import responses as ecs_responses
from moto.logs import responses as logs_responses
from moto.ses import models as ses_models
from moto.sqs import models as sqs_models
from moto.sqs import responses as sqs_responses
from moto.sqs.exceptions import InvalidParameterValue, QueueDoesNotExist, SQSException

REDRIVE_ALLOW_POLICY = "RedriveAllowPolicy"

# A move task never holds a message longer than this while it copies it to the destination.
MOVE_VISIBILITY_SECONDS = 30
# Rate of a task started without MaxNumberOfMessagesPerSecond (AWS: "system optimized"; any brisk rate will do).
DEFAULT_MOVE_RATE = 500
# ListMessageMoveTasks returns at most this many, newest first.
LISTED_TASKS = 10


def install() -> "MoveTasks":
    """Patches moto once; returns the move-task registry (the front clears it on reset)."""
    _check_moto_internals()
    if getattr(sqs_models.Queue, "_front_gaps_installed", False):
        return _MOVE_TASKS
    _install_redrive_allow_policy()
    _install_policy_kept()
    _install_move_tasks()
    _install_ses_verified_for_sending()
    _install_ecs_service_settings()
    _install_log_group_keys()
    _install_autoscaling_tags()
    sqs_models.Queue._front_gaps_installed = True
    return _MOVE_TASKS


def _check_moto_internals() -> None:
    needed = [(sqs_models.Queue, "_set_attributes"), (sqs_models.Queue, "attributes"),
              (sqs_models.SQSBackend, "get_queue_attributes"), (sqs_models.SQSBackend, "receive_message"),
              (sqs_models.SQSBackend, "send_message"), (sqs_models.SQSBackend, "delete_message"),
              (sqs_responses.SQSResponse, "sqs_backend"),
              (ses_models.EmailIdentity, "__init__"),
              (ecs_responses.EC2ContainerServiceResponse, "create_service"),
              (ecs_responses.EC2ContainerServiceResponse, "update_service"),
              (logs_responses.LogsResponse, "logs_backend"),
              (autoscaling_responses.ApplicationAutoScalingResponse, "register_scalable_target")]
    missing = [f"{owner.__name__}.{name}" for owner, name in needed if not hasattr(owner, name)]
    if missing:
        raise RuntimeError(f"moto_gaps: this moto lacks {', '.join(missing)}; update moto_gaps.py for it")


# ---------------------------------------------------------------------------------------------------------------------
# SQS queue attributes
# ---------------------------------------------------------------------------------------------------------------------

def _install_redrive_allow_policy() -> None:
    queue_class = sqs_models.Queue
    backend_class = sqs_models.SQSBackend
    original_attributes = queue_class.attributes.fget
    original_get = backend_class.get_queue_attributes

    def attributes(self: Any) -> dict[str, Any]:
        result = original_attributes(self)
        # moto stores every attribute it is given under its snake-case name; "" is how a policy is removed.
        policy = getattr(self, "redrive_allow_policy", None)
        if policy:
            result[REDRIVE_ALLOW_POLICY] = policy
        if result.get("RedrivePolicy"):
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        return result

    def get_queue_attributes(self: Any, queue_name: str, attribute_names: list[str]) -> dict[str, Any]:
        # moto refuses names it does not know; ask it for the others and add this one.
        asked_for_it = REDRIVE_ALLOW_POLICY in (attribute_names or [])
        others = [name for name in attribute_names or [] if name != REDRIVE_ALLOW_POLICY]
        result = dict(original_get(self, queue_name, others)) if others else {}
        if asked_for_it:
            policy = self.get_queue(queue_name).attributes.get(REDRIVE_ALLOW_POLICY)
            if policy:
                result[REDRIVE_ALLOW_POLICY] = policy
        return result

    queue_class.attributes = property(attributes)
    backend_class.get_queue_attributes = get_queue_attributes


def _install_policy_kept() -> None:
    queue_class = sqs_models.Queue
    original = queue_class._set_attributes

    def _set_attributes(self: Any, attributes: dict[str, Any], now: float | None = None) -> None:
        had_policy = hasattr(self, "policy")
        policy = getattr(self, "policy", None)
        original(self, attributes, now)
        if had_policy and "Policy" not in attributes:
            self.policy = policy

    queue_class._set_attributes = _set_attributes


# ---------------------------------------------------------------------------------------------------------------------
# SQS message move tasks
# ---------------------------------------------------------------------------------------------------------------------

@dataclass
class MoveTask:
    handle: str
    account_id: str
    region: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    to_move: int
    started_ms: int
    status: str = "RUNNING"
    moved: int = 0
    failure: str | None = None
    cancel_requested: bool = False

    def listed(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"Status": self.status, "SourceArn": self.source_arn,
                                 "ApproximateNumberOfMessagesMoved": self.moved,
                                 "ApproximateNumberOfMessagesToMove": self.to_move,
                                 "StartedTimestamp": self.started_ms}
        # AWS: "only populated for tasks that are in RUNNING status".
        if self.status == "RUNNING":
            entry["TaskHandle"] = self.handle
        if self.destination_arn:
            entry["DestinationArn"] = self.destination_arn
        if self.rate is not None:
            entry["MaxNumberOfMessagesPerSecond"] = self.rate
        if self.failure:
            entry["FailureReason"] = self.failure
        return entry


class MoveTasks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tasks: list[MoveTask] = []
        self._ids = itertools.count(1)

    def start(self, backend: Any, source_arn: str, destination_arn: str | None, rate: int | None) -> MoveTask:
        source = _queue_by_arn(backend, source_arn)
        if source is None:
            raise SQSException("ResourceNotFoundException", f"The source queue {source_arn} does not exist.")
        if destination_arn and _queue_by_arn(backend, destination_arn) is None:
            raise SQSException("ResourceNotFoundException", f"The destination queue {destination_arn} does not exist.")
        if rate is not None and not 1 <= rate <= 500:
            raise InvalidParameterValue("MaxNumberOfMessagesPerSecond must be between 1 and 500.")
        admitted = _admitted_sources(backend, source)
        if not admitted:
            raise InvalidParameterValue(
                "Source queue must be configured as a Dead Letter Queue of a queue its redrive allow policy admits.")
        if destination_arn is None and len(admitted) > 1:
            # AWS sends each message back to the queue it came from; moto does not record that.
            raise InvalidParameterValue("This emulator needs a DestinationArn when several queues use this one "
                                        "as their dead-letter queue.")
        with self._lock:
            if any(t.source_arn == source_arn and t.status in ("RUNNING", "CANCELLING") for t in self._tasks):
                raise InvalidParameterValue("There is already a task running. Only one active task is allowed for "
                                            "a source queue arn at a given time.")
            task = MoveTask(handle=f"front-move-task-{next(self._ids)}", account_id=backend.account_id,
                            region=backend.region_name, source_arn=source_arn, destination_arn=destination_arn,
                            rate=rate, to_move=len(source.messages), started_ms=int(time.time() * 1000))
            self._tasks.append(task)
        destination = (_queue_by_arn(backend, destination_arn) if destination_arn else admitted[0]).name
        threading.Thread(target=self._run, args=(backend, task, source.name, destination),
                         name=f"move-{task.handle}", daemon=True).start()
        return task

    def listed(self, source_arn: str, max_results: int) -> list[dict[str, Any]]:
        with self._lock:
            tasks = [t for t in reversed(self._tasks) if t.source_arn == source_arn]
        return [t.listed() for t in tasks[:max_results]]

    def cancel(self, handle: str) -> MoveTask:
        with self._lock:
            task = next((t for t in self._tasks if t.handle == handle), None)
            if task is None or task.status != "RUNNING":
                raise SQSException("ResourceNotFoundException", "No running message movement task with this handle.")
            task.cancel_requested = True
            task.status = "CANCELLING"
        return task

    def clear(self) -> None:
        with self._lock:
            for task in self._tasks:
                task.cancel_requested = True
            self._tasks.clear()

    def _run(self, backend: Any, task: MoveTask, source: str, destination: str) -> None:
        interval = 1.0 / (task.rate or DEFAULT_MOVE_RATE)
        try:
            while task.moved < task.to_move and not task.cancel_requested:
                received = backend.receive_message(source, 1, 0, MOVE_VISIBILITY_SECONDS, ["All"])
                if not received:
                    break
                message = received[0]
                # Sent first, deleted after: a message is never gone from both queues. The copy is a new message,
                # so its receive count starts again, as after a redrive in AWS.
                backend.send_message(destination, message.body, message_attributes=message.message_attributes)
                backend.delete_message(source, message.receipt_handle)
                task.moved += 1
                time.sleep(interval)
            task.status = "CANCELLED" if task.cancel_requested else "COMPLETED"
        except Exception as error:  # the task fails as a whole, with its reason, as in AWS
            task.failure = f"{type(error).__name__}: {error}"
            task.status = "FAILED"


_MOVE_TASKS = MoveTasks()


def _queue_by_arn(backend: Any, arn: str | None) -> Any:
    return next((queue for queue in backend.queues.values() if queue.queue_arn == arn), None)


def _admitted_sources(backend: Any, dead_letter_queue: Any) -> list[Any]:
    """Queues whose redrive policy targets this queue and whom its redrive allow policy lets do so."""
    raw = getattr(dead_letter_queue, "redrive_allow_policy", None)
    try:
        allow = json.loads(raw) if raw else {"redrivePermission": "allowAll"}
    except ValueError:
        allow = {"redrivePermission": "denyAll"}
    permission = allow.get("redrivePermission", "allowAll")
    sources = [queue for queue in backend.queues.values() if queue.dead_letter_queue is dead_letter_queue]
    if permission == "denyAll":
        return []
    if permission == "byQueue":
        allowed = set(allow.get("sourceQueueArns") or [])
        return [queue for queue in sources if queue.queue_arn in allowed]
    return sources


def _install_move_tasks() -> None:
    response_class = sqs_responses.SQSResponse

    def start_message_move_task(self: Any) -> ActionResult:
        rate = self._get_param("MaxNumberOfMessagesPerSecond")
        task = _MOVE_TASKS.start(self.sqs_backend, self._get_param("SourceArn"), self._get_param("DestinationArn"),
                                 None if rate is None else int(rate))
        return ActionResult({"TaskHandle": task.handle})

    def list_message_move_tasks(self: Any) -> ActionResult:
        source_arn = self._get_param("SourceArn")
        if _queue_by_arn(self.sqs_backend, source_arn) is None:
            raise QueueDoesNotExist()
        max_results = int(self._get_param("MaxResults") or 1)
        return ActionResult({"Results": _MOVE_TASKS.listed(source_arn, min(max_results, LISTED_TASKS))})

    def cancel_message_move_task(self: Any) -> ActionResult:
        task = _MOVE_TASKS.cancel(self._get_param("TaskHandle"))
        return ActionResult({"ApproximateNumberOfMessagesMoved": task.moved})

    response_class.start_message_move_task = start_message_move_task
    response_class.list_message_move_tasks = list_message_move_tasks
    response_class.cancel_message_move_task = cancel_message_move_task


# ---------------------------------------------------------------------------------------------------------------------
# SES identities
# ---------------------------------------------------------------------------------------------------------------------

def _install_ses_verified_for_sending() -> None:
    identity_class = ses_models.EmailIdentity
    original = identity_class.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.verified_for_sending_status = self.verification_status == "SUCCESS"

    identity_class.__init__ = __init__


# ---------------------------------------------------------------------------------------------------------------------
# ECS service settings
# ---------------------------------------------------------------------------------------------------------------------

# Request parameter -> attribute of moto's Service that its serializer reads (botocore's xform_name of the member).
ECS_SERVICE_SETTINGS = {"enableECSManagedTags": "enable_ecs_managed_tags",
                        "availabilityZoneRebalancing": "availability_zone_rebalancing"}


def _install_ecs_service_settings() -> None:
    response_class = ecs_responses.EC2ContainerServiceResponse

    def keeping_settings(original: Any) -> Any:
        def call(self: Any) -> Any:
            answer = original(self)
            service = answer.result["service"]
            for parameter, attribute in ECS_SERVICE_SETTINGS.items():
                value = self._get_param(parameter)
                if value is not None:
                    setattr(service, attribute, value)
            return answer
        return call

    response_class.create_service = keeping_settings(response_class.create_service)
    response_class.update_service = keeping_settings(response_class.update_service)


# ---------------------------------------------------------------------------------------------------------------------
# CloudWatch Logs keys
# ---------------------------------------------------------------------------------------------------------------------

def _install_log_group_keys() -> None:
    response_class = logs_responses.LogsResponse

    # moto's log group keeps the key it was created with as kms_key_id, and DescribeLogGroups shows it.
    def set_key(response: Any, key: str | None) -> str:
        name = response._get_param("logGroupName")
        group = response.logs_backend.groups.get(name)
        if group is None:
            raise JsonRESTError("ResourceNotFoundException", "The specified log group does not exist.")
        group.kms_key_id = key
        return ""

    def associate_kms_key(self: Any) -> str:
        return set_key(self, self._get_param("kmsKeyId"))

    def disassociate_kms_key(self: Any) -> str:
        return set_key(self, None)

    response_class.associate_kms_key = associate_kms_key
    response_class.disassociate_kms_key = disassociate_kms_key


# ---------------------------------------------------------------------------------------------------------------------
# Application Auto Scaling tags
# ---------------------------------------------------------------------------------------------------------------------

def _install_autoscaling_tags() -> None:
    response_class = autoscaling_responses.ApplicationAutoScalingResponse
    original_register = response_class.register_scalable_target

    def tags_of(response: Any) -> dict[str, dict[str, str]]:
        backend = applicationautoscaling_backends[response.current_account][response.region]
        if not hasattr(backend, "front_tags"):
            backend.front_tags = {}
        return backend.front_tags

    def existing_target_arn(response: Any) -> str:
        arn = response._get_param("ResourceARN")
        backend = applicationautoscaling_backends[response.current_account][response.region]
        if not any(target.arn == arn for targets in backend.targets.values() for target in targets.values()):
            raise JsonRESTError("ResourceNotFoundException", f"No scalable target with ARN {arn}")
        return arn

    def register_scalable_target(self: Any) -> str:
        answer = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            tags_of(self).setdefault(json.loads(answer)["ScalableTargetARN"], {}).update(tags)
        return answer

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"Tags": tags_of(self).get(existing_target_arn(self), {})})

    def tag_resource(self: Any) -> str:
        tags_of(self).setdefault(existing_target_arn(self), {}).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        tags = tags_of(self).get(existing_target_arn(self), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    response_class.register_scalable_target = register_scalable_target
    response_class.list_tags_for_resource = list_tags_for_resource
    response_class.tag_resource = tag_resource
    response_class.untag_resource = untag_resource

