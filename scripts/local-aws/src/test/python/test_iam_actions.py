"""iam_actions: the IAM actions a call needs, as AWS authorizes them (scripts/deploy-check holds the task role to them)."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "main" / "python"))

from iam_actions import actions  # noqa: E402
from wire import JSON, QUERY, AwsCall  # noqa: E402


class IamActionsTest(unittest.TestCase):
    def test_a_call_needs_the_action_of_its_name(self):
        self.assertEqual(actions(AwsCall("sns", "Publish", QUERY)), ["sns:Publish"])
        self.assertEqual(actions(AwsCall("cloudwatch", "PutMetricData", JSON)), ["cloudwatch:PutMetricData"])

    def test_sqs_batches_need_the_single_action(self):
        self.assertEqual(actions(AwsCall("sqs", "DeleteMessageBatch", JSON)), ["sqs:DeleteMessage"])
        self.assertEqual(actions(AwsCall("sqs", "ChangeMessageVisibilityBatch", JSON)),
                         ["sqs:ChangeMessageVisibility"])

    def test_a_transaction_needs_the_actions_of_its_parts(self):
        call = AwsCall("dynamodb", "TransactWriteItems", JSON, {"TransactItems": [
            {"ConditionCheck": {"TableName": "t"}}, {"Update": {"TableName": "t"}}, {"Update": {"TableName": "t"}}]})
        self.assertEqual(actions(call), ["dynamodb:ConditionCheckItem", "dynamodb:UpdateItem"])

    def test_a_batch_write_needs_the_actions_of_its_requests(self):
        call = AwsCall("dynamodb", "BatchWriteItem", JSON, {"RequestItems": {"t": [
            {"PutRequest": {}}, {"DeleteRequest": {}}]}})
        self.assertEqual(actions(call), ["dynamodb:DeleteItem", "dynamodb:PutItem"])


if __name__ == "__main__":
    unittest.main()
