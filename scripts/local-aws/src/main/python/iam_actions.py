"""The IAM actions an AWS call is authorized by, so a test can hold a role's policy to the calls a client really made.

Most calls need the action of their own name. Batches and transactions do not: SQS authorizes SendMessageBatch as
sqs:SendMessage, and DynamoDB authorizes each part of a transaction or batch by the action of that part
(UpdateItem, PutItem, DeleteItem, GetItem; a ConditionCheck by dynamodb:ConditionCheckItem).
"""

from typing import Any

from wire import AwsCall

# IAM's service prefix where it is not the front's name of the service.
IAM_PREFIX = {"cloudwatch": "cloudwatch", "ses": "ses"}

SQS_BATCHES = {"SendMessageBatch": "SendMessage", "DeleteMessageBatch": "DeleteMessage",
               "ChangeMessageVisibilityBatch": "ChangeMessageVisibility"}

DYNAMODB_PARTS = {"ConditionCheck": "ConditionCheckItem", "Put": "PutItem", "Update": "UpdateItem",
                  "Delete": "DeleteItem", "Get": "GetItem"}
DYNAMODB_BATCH_PARTS = {"PutRequest": "PutItem", "DeleteRequest": "DeleteItem"}


def actions(call: AwsCall) -> list[str]:
    prefix = IAM_PREFIX.get(call.service, call.service)
    if call.service == "sqs" and call.operation in SQS_BATCHES:
        return [f"sqs:{SQS_BATCHES[call.operation]}"]
    if call.service == "dynamodb":
        return [f"dynamodb:{action}" for action in _dynamodb(call.operation, call.params)]
    return [f"{prefix}:{call.operation}"]


def _dynamodb(operation: str, params: dict[str, Any]) -> list[str]:
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return sorted({DYNAMODB_PARTS[kind] for item in params.get("TransactItems") or [] for kind in item
                       if kind in DYNAMODB_PARTS}) or [operation]
    if operation == "BatchWriteItem":
        return sorted({DYNAMODB_BATCH_PARTS[kind] for requests in (params.get("RequestItems") or {}).values()
                       for request in requests for kind in request if kind in DYNAMODB_BATCH_PARTS}) or [operation]
    if operation == "BatchGetItem":
        return ["GetItem"]
    return [operation]
