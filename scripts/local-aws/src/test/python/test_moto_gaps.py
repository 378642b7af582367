"""The emulator front's gap fills (moto_gaps) over real HTTP, through boto3, the way Terraform and the CLI reach them.

  .local-aws/venv/bin/python -m unittest discover -s scripts/local-aws/src/test/python    (scripts/deploy-check runs it)
"""

import json
import sys
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "main" / "python"))

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from aws_front import Front, QuietRequestHandler  # noqa: E402


class MotoGapsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.front = Front(DomainDispatcherApplication(create_backend_app))
        cls.server = make_server("127.0.0.1", 0, cls.front, threaded=True, request_handler=QuietRequestHandler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_port}"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()

    def setUp(self) -> None:
        self.front.admin("POST", "/_front/reset", b"")
        self.sqs = self.client("sqs")

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")

    def queues(self, permission: str | None) -> tuple[str, str, str, str]:
        """A reminder queue and its dead-letter queue, whose redrive allow policy has this permission (byQueue:
        the reminder queue only)."""
        dlq = self.sqs.create_queue(QueueName="reminders-dlq")["QueueUrl"]
        dlq_arn = self.arn(dlq)
        main = self.sqs.create_queue(QueueName="reminders", Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})})["QueueUrl"]
        main_arn = self.arn(main)
        if permission is not None:
            policy = {"redrivePermission": permission}
            if permission == "byQueue":
                policy["sourceQueueArns"] = [main_arn]
            self.sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps(policy)})
        return main, main_arn, dlq, dlq_arn

    def arn(self, url: str) -> str:
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def error_code(self, call, **kwargs) -> str:
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]["Code"]

    def wait_for(self, dlq_arn: str, status: str) -> dict:
        for _ in range(100):
            task = self.sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=1)["Results"][0]
            if task["Status"] == status:
                return task
            time.sleep(0.05)
        self.fail(f"the move task never reached {status}: {task}")

    def test_redrive_allow_policy_is_kept_returned_and_removed(self):
        _, main_arn, dlq, _ = self.queues("byQueue")
        by_name = self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["RedriveAllowPolicy"])["Attributes"]
        everything = self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
        self.assertEqual(json.loads(by_name["RedriveAllowPolicy"])["sourceQueueArns"], [main_arn])
        self.assertEqual(everything["RedriveAllowPolicy"], by_name["RedriveAllowPolicy"])
        self.sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": ""})
        self.assertNotIn("RedriveAllowPolicy", self.sqs.get_queue_attributes(
            QueueUrl=dlq, AttributeNames=["All"])["Attributes"])

    def test_queue_policy_survives_setting_another_attribute(self):
        queue = self.sqs.create_queue(QueueName="with-policy")["QueueUrl"]
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
                                                                       "Action": "sqs:*", "Resource": "*"}]})
        self.sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": policy})
        self.sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedriveAllowPolicy": json.dumps(
            {"redrivePermission": "denyAll"})})
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]
                         ["Policy"], policy)

    def test_redrive_policy_reads_back_compact_as_in_aws(self):
        main, *_ = self.queues(None)
        policy = self.sqs.get_queue_attributes(QueueUrl=main, AttributeNames=["RedrivePolicy"])["Attributes"]
        self.assertNotIn(" ", policy["RedrivePolicy"])

    def test_move_task_moves_every_message_and_is_listed_without_its_handle_when_done(self):
        main, main_arn, dlq, dlq_arn = self.queues("byQueue")
        for i in range(3):
            self.sqs.send_message(QueueUrl=dlq, MessageBody=f"m{i}", MessageAttributes={
                "kind": {"DataType": "String", "StringValue": "k"}})
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=main_arn)["TaskHandle"]
        self.assertTrue(handle)
        task = self.wait_for(dlq_arn, "COMPLETED")
        self.assertEqual((task["ApproximateNumberOfMessagesMoved"], task["ApproximateNumberOfMessagesToMove"]), (3, 3))
        self.assertNotIn("TaskHandle", task)
        moved = self.sqs.receive_message(QueueUrl=main, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                         AttributeNames=["ApproximateReceiveCount"])["Messages"]
        self.assertEqual(sorted(m["Body"] for m in moved), ["m0", "m1", "m2"])
        self.assertEqual({m["Attributes"]["ApproximateReceiveCount"] for m in moved}, {"1"})
        self.assertEqual({m["MessageAttributes"]["kind"]["StringValue"] for m in moved}, {"k"})
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
                         ["Attributes"]["ApproximateNumberOfMessages"], "0")

    def test_move_task_is_refused_when_the_redrive_allow_policy_does_not_admit_the_source_queue(self):
        _, main_arn, _, dlq_arn = self.queues("denyAll")
        code = self.error_code(self.sqs.start_message_move_task, SourceArn=dlq_arn, DestinationArn=main_arn)
        self.assertEqual(code, "InvalidParameterValue")

    def test_move_task_is_refused_from_a_queue_that_is_no_dead_letter_queue(self):
        main, main_arn, _, _ = self.queues(None)
        other = self.arn(self.sqs.create_queue(QueueName="elsewhere")["QueueUrl"])
        self.assertEqual(self.error_code(self.sqs.start_message_move_task, SourceArn=main_arn, DestinationArn=other),
                         "InvalidParameterValue")

    def test_one_active_move_task_per_queue(self):
        _, main_arn, dlq, dlq_arn = self.queues("allowAll")
        for i in range(5):
            self.sqs.send_message(QueueUrl=dlq, MessageBody=f"m{i}")
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=main_arn,
                                                  MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        self.assertEqual(self.error_code(self.sqs.start_message_move_task, SourceArn=dlq_arn), "InvalidParameterValue")
        self.sqs.cancel_message_move_task(TaskHandle=handle)
        self.assertLess(self.wait_for(dlq_arn, "CANCELLED")["ApproximateNumberOfMessagesMoved"], 5)

    def worker_service(self) -> dict:
        ecs = self.client("ecs")
        ecs.create_cluster(clusterName="cluster")
        ecs.register_task_definition(family="worker", containerDefinitions=[
            {"name": "worker", "image": "worker:1", "memory": 512}])
        ecs.create_service(cluster="cluster", serviceName="worker", taskDefinition="worker", desiredCount=1,
                           enableECSManagedTags=True, availabilityZoneRebalancing="DISABLED")
        return ecs.describe_services(cluster="cluster", services=["worker"])["services"][0]

    def test_ecs_service_keeps_its_settings(self):
        service = self.worker_service()
        self.assertEqual((service["enableECSManagedTags"], service["availabilityZoneRebalancing"]), (True, "DISABLED"))

    def test_scalable_target_keeps_its_tags(self):
        self.worker_service()
        autoscaling = self.client("application-autoscaling")
        arn = autoscaling.register_scalable_target(
            ServiceNamespace="ecs", ResourceId="service/cluster/worker", ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=1, MaxCapacity=2, Tags={"Environment": "dev"})["ScalableTargetARN"]
        autoscaling.tag_resource(ResourceARN=arn, Tags={"Application": "reminders"})
        autoscaling.untag_resource(ResourceARN=arn, TagKeys=["Environment"])
        self.assertEqual(autoscaling.list_tags_for_resource(ResourceARN=arn)["Tags"], {"Application": "reminders"})
        self.assertEqual(self.error_code(autoscaling.list_tags_for_resource, ResourceARN=arn + "x"),
                         "ResourceNotFoundException")

    def test_an_existing_log_group_takes_a_key_and_gives_it_back(self):
        logs = self.client("logs")
        name = "sns/us-east-1/123456789012/DirectPublishToPhoneNumber"
        logs.create_log_group(logGroupName=name)
        key = self.client("kms").create_key()["KeyMetadata"]["Arn"]
        logs.associate_kms_key(logGroupName=name, kmsKeyId=key)
        self.assertEqual(logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["kmsKeyId"], key)
        logs.disassociate_kms_key(logGroupName=name)
        self.assertNotIn("kmsKeyId", logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0])
        self.assertEqual(self.error_code(logs.associate_kms_key, logGroupName="missing", kmsKeyId=key),
                         "ResourceNotFoundException")

    def test_ses_v2_says_verified_what_ses_v1_verified(self):
        self.client("ses").verify_domain_identity(Domain="reminders.example.org")
        identity = self.client("sesv2").get_email_identity(EmailIdentity="reminders.example.org")
        self.assertTrue(identity["VerifiedForSendingStatus"])


if __name__ == "__main__":
    unittest.main()
