"""The reminder worker's benchmark: throughput, CPU and memory, AWS calls per reminder, and latency.

Run through scripts/bench, which builds the worker, the responder and the ElasticMQ launcher and passes their paths
in the environment (BENCH_*). The worker runs as a real process (java -jar worker.jar) against a backend made of
ElasticMQ (SQS) and the Go responder (SNS, SES, DynamoDB and CloudWatch in their real wire formats, and a counting
pass-through for SQS). Progress goes to stderr; the table to stdout; JSON and PNGs to bench-results/.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

CLK_TCK = os.sysconf("SC_CLK_TCK")
FINAL_OUTCOMES = {"SMS_SENT", "EMAIL_SENT", "EXPIRED", "REJECTED", "FAILED", "DUPLICATE"}
REGION = "us-east-1"
SERVICES = ["sns", "ses", "dynamodb", "sqs", "cloudwatch"]
# Calls are counted per service as the responder names them; sms-voice is End User Messaging SMS (SendTextMessage).
COUNTED_SERVICES = SERVICES + ["sms-voice"]
CLINIC_ZONE = ZoneInfo("America/Los_Angeles")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Scenarios and settings

FLEET_WORKERS = 4
FLEET_MPS = 200.0


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    latency: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    idle: bool = False
    # The loop with the patient: texts through End User Messaging SMS, their receipts read back, events for the EHR.
    loop: bool = False


SCENARIOS = {
    "a": Scenario("a", "no added latency"),
    "b": Scenario("b", "50 ms on every SNS and DynamoDB call", latency={"sns": "50ms", "dynamodb": "50ms"}),
    # A transient failure that is not about rate: a Throttling answer makes the worker slow down on purpose (that is
    # (e)'s subject), which would make (c) measure the back-off instead of what a retry costs.
    "c": Scenario("c", "as (b), 10% transient SMS failures (SNS InternalError, HTTP 500)",
                  latency={"sns": "50ms", "dynamodb": "50ms"},
                  failures={"sns.Publish": {"rate": 0.1, "code": "InternalError"}}),
    "d": Scenario("d", "idle queue, one reminder per second, no added latency", idle=True),
    "e": Scenario("e", f"{FLEET_WORKERS} workers share one origination identity's {FLEET_MPS:.0f} SMS/s"),
    "f": Scenario("f", "start-up: process start to first reminder and to warm throughput, without and with CDS"),
    "g": Scenario("g", "End User Messaging SMS with receipts: the cost per reminder", loop=True),
}

# The shipped defaults (config/application.conf), except the SMS rate; the budget and metrics interval are set to
# those defaults because the worker runs here as environment "local", whose file shortens them for the demo.
WORKER_SETTINGS = {
    "REMINDERS_PROCESSING_MESSAGE_BUDGET": "30s",
    "REMINDERS_SMS_RATE_PER_SECOND": "5000",
    "REMINDERS_METRICS_INTERVAL": "60s",
    # Whatever the hour the benchmark runs at: outside the send window every reminder would wait for it.
    "REMINDERS_SEND_WINDOW_OPENS": "00:00",
    "REMINDERS_SEND_WINDOW_CLOSES": "23:59:59",
    # A transient failure comes back after 1 s (the shortest hiding SQS offers) instead of 30 s to hours, so that
    # scenario (c) measures what retries cost, not how long a production backoff waits: waiting is not work.
    "REMINDERS_RETRY_MIN_DELAY": "1s",
    "REMINDERS_RETRY_BASE_DELAY": "1s",
    "REMINDERS_RETRY_MAX_DELAY": "1s",
}
# Scenario (g): the worker texts through End User Messaging SMS with a configuration set, reads the receipts its
# event destination delivers, and publishes events for the EHR. The delivery check comes 15 s after a text instead of
# the default 2 minutes: one check per reminder either way, which is what it costs, without 2 minutes of waiting.
LOOP_SETTINGS = {
    "REMINDERS_SMS_CHANNEL": "end-user-messaging",
    "REMINDERS_SMS_CONFIGURATION_SET": "bench-reminders",
    "REMINDERS_SMS_ORIGINATION_IDENTITY": "+18885550100",
    "REMINDERS_DELIVERY_RECEIPTS_CHECK_AFTER": "15s",
    "REMINDERS_EHR_EVENTS_TOPIC_ARN": f"arn:aws:sns:{REGION}:000000000000:bench-ehr-events",
}
LOOP_RECEIPT_DELAY = "0s"
QUEUE_VISIBILITY_TIMEOUT = 120
QUEUE_MAX_RECEIVE_COUNT = 5


def shipped_jvm_options(root: Path) -> list[str]:
    """config/jvm.options, the options the image's entrypoint passes (java @file): one or more per line, # comments."""
    lines = (root / "config" / "jvm.options").read_text(encoding="utf-8").splitlines()
    return [option for line in lines for option in line.split("#", 1)[0].split()]


# The worker runs as shipped; -Xmx fixes the heap the issue's figures are measured under (it overrides the shipped
# -XX:MaxRAMPercentage, which would size the heap from this machine's memory).
WORKER_JVM_OPTIONS = ["-Xmx256m", *shipped_jvm_options(Path(os.environ.get("BENCH_ROOT", Path(__file__).parents[2])))]
ELASTICMQ_JVM_OPTIONS = ["-Xmx512m"]


# ---------------------------------------------------------------------------------------------------------------
# /proc readings


def proc_cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def proc_cpu_split(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


THREAD_GROUPS = [
    ("JIT compiler", ("C1 CompilerThre", "C2 CompilerThre")),
    ("garbage collector", ("GC Thread", "G1 ", "VM Thread", "VM Periodic")),
    ("network threads, where the pipeline runs", ("AwsEventLoop", "aws-java-sdk-Ne", "nioEventLoopGr")),
    ("SQS pollers", ("sqs-poller",)),
    ("SQS batch collectors", ("sqs-delete", "sqs-visibility")),
    ("SMS send timer", ("sms-send-timer",)),
    ("SDK timers", ("sdk-ScheduledExe",)),
]


def thread_cpu(pid: int) -> dict[str, tuple[str, float]]:
    """CPU seconds of each of a JVM's live threads, by thread id, with the group its name puts it in."""
    threads: dict[str, tuple[str, float]] = {}
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return threads
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        group = next((g for g, prefixes in THREAD_GROUPS if name.startswith(prefixes)), "other")
        threads[tid] = (group, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return threads


EXITED_THREADS = "threads that exited (the JVM starts and stops its second JIT compiler thread)"


def cpu_by_thread_group(first: dict, end: dict, total: float) -> dict[str, float]:
    """CPU per thread group between two readings of thread_cpu. A thread that exits takes its CPU out of
    /proc/<pid>/task while the process total keeps it, so what the live threads do not account for is named."""
    groups: dict[str, float] = {}
    for tid, (group, seconds) in end.items():
        groups[group] = groups.get(group, 0.0) + seconds - first.get(tid, (group, 0.0))[1]
    missing = total - sum(groups.values())
    if missing > 0.05:
        groups[EXITED_THREADS] = missing
    return {name: round(seconds, 2) for name, seconds in sorted(groups.items(), key=lambda g: -g[1])}


def proc_status_kib(pid: int, name: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def machine_cpu_seconds() -> tuple[float, float]:
    """CPU time this machine spent busy, and CPU time the hypervisor gave to other tenants (steal)."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return (parts[0] + parts[1] + parts[2] + parts[5] + parts[6]) / CLK_TCK, parts[7] / CLK_TCK


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_file(path: Path, process: subprocess.Popen, what: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise SystemExit(f"error: {what} exited during start-up (exit {process.returncode})")
        if time.time() > deadline:
            raise SystemExit(f"error: {what} did not start within {timeout:.0f} s")
        time.sleep(0.1)


# ---------------------------------------------------------------------------------------------------------------
# The backend: ElasticMQ behind the responder


class ElasticMq:
    """SQS for every scenario: ElasticMQ in a JVM of its own."""

    def __init__(self, logs: Path, classpath: str, java: str):
        self.port = free_port()
        ready = logs / "elasticmq.ready"
        ready.unlink(missing_ok=True)
        say("starting ElasticMQ (SQS)")
        log = open(logs / "elasticmq.log", "ab")
        self.process = subprocess.Popen(
            [java, *ELASTICMQ_JVM_OPTIONS, f"-Dlogback.configurationFile={os.environ['BENCH_LOGBACK']}", "-cp", classpath,
             "BenchElasticMq", "--port", str(self.port), "--region", REGION, "--ready-file", str(ready)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for_file(ready, self.process, "ElasticMQ", 120)
        say(f"ElasticMQ ready on port {self.port}")

    def warm_up(self, cycles: int) -> None:
        """Runs the calls the worker makes (receive, delete) through ElasticMQ's JVM until they are compiled, so that
        its JIT warm-up is not charged to the first scenario's backend CPU. The worker is never warmed up."""
        say(f"warming up ElasticMQ ({cycles} send/receive/delete cycles of 10 messages)")
        sqs = aws_client("sqs", f"http://127.0.0.1:{self.port}")
        url = sqs.create_queue(QueueName="bench-warm-up", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]

        def cycle(i: int) -> None:
            sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": reminder_body("warm-up", n)}
                                                         for n in range(10)])
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                      MessageSystemAttributeNames=["ApproximateReceiveCount", "SentTimestamp"],
                                      MessageAttributeNames=["All"]).get("Messages", [])
            if got:
                sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]}
                                                                for n, m in enumerate(got)])

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(cycle, range(cycles)))
        sqs.delete_queue(QueueUrl=url)

    def stop(self) -> None:
        stop_process(self.process)


class Responder:
    """One per scenario, so that each worker's calls (its shutdown included) are counted apart from the next's."""

    def __init__(self, logs: Path, name: str, binary: str, sqs_port: int):
        port_file = logs / f"responder-{name}.port"
        port_file.unlink(missing_ok=True)
        log = open(logs / f"responder-{name}.log", "ab")
        self.process = subprocess.Popen(
            [binary, "-listen", "127.0.0.1:0", "-port-file", str(port_file),
             "-sqs-upstream", f"http://127.0.0.1:{sqs_port}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for_file(port_file, self.process, "the responder", 10)
        self.endpoint = f"http://127.0.0.1:{int(port_file.read_text().strip())}"

    def control(self, path: str, body: dict | None = None, method: str = "GET") -> dict:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def configure(self, scenario: Scenario, receipts_queue: str | None = None) -> None:
        config = {"latency": scenario.latency, "failures": scenario.failures}
        if scenario.loop:
            # The ledger keeps its items (a delivery check finds the text delivered, as in production), and each text
            # is followed by its TEXT_DELIVERED receipt in the receipts queue.
            config |= {"keepItems": True, "receipts": {"queueUrl": receipts_queue, "delay": LOOP_RECEIPT_DELAY}}
        self.control("/_bench/config", config, "PUT")

    def reset(self) -> None:
        self.control("/_bench/reset", {}, "POST")

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def aws_client(service: str, endpoint: str):
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id="bench", aws_secret_access_key="bench",
        config=Config(max_pool_connections=64, retries={"mode": "standard", "max_attempts": 3}))


def check_backend_with_boto3(backend: Responder) -> dict:
    """Every call the worker makes, once through boto3: the endpoints serve any AWS SDK, not only Java's."""
    ep = backend.endpoint
    sns = aws_client("sns", ep)
    sns.publish(PhoneNumber="+14155550100", Message="benchmark self-check")
    sns.list_phone_numbers_opted_out()
    aws_client("ses", ep).send_templated_email(Source="reminders@example.org",
                                               Destination={"ToAddresses": ["patient@example.org"]},
                                               Template="bench-en", TemplateData="{}")
    dynamodb = aws_client("dynamodb", ep)
    dynamodb.update_item(TableName="bench-ledger", Key={"reminderId": {"S": "self-check"}},
                         UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"},
                         ExpressionAttributeValues={":s": {"S": "CLAIMED"}}, ReturnValues="ALL_OLD")
    dynamodb.get_item(TableName="bench-ledger", Key={"reminderId": {"S": "self-check"}})
    cloudwatch = aws_client("cloudwatch", ep)
    cloudwatch.put_metric_data(Namespace="AppointmentReminders", MetricData=[{"MetricName": "Heartbeat", "Value": 1}])
    aws_client("sqs", ep).list_queues()
    calls = backend.control("/_bench/stats")["calls"]
    return {"protocolOfBoto3CloudWatch": cloudwatch.meta.service_model.protocol, "calls": calls}


# ---------------------------------------------------------------------------------------------------------------
# Messages


def reminder_body(run_id: str, index: int) -> str:
    start = (datetime.now(CLINIC_ZONE) + timedelta(days=7)).replace(minute=30, second=0, microsecond=0)
    language = "es" if index % 4 == 3 else "en"
    return json.dumps({
        "schemaVersion": 1,
        "reminderId": f"bench-{run_id}/appt-{index}/24h",
        "appointment": {
            "id": f"appt-{index}",
            "start": start.isoformat(),
            "timeZone": "America/Los_Angeles",
            "location": "Bayview Family Practice, Suite 210",
            "clinicName": "Bayview Family Practice",
            "clinicPhone": "+14155550100",
        },
        "patient": {
            "id": f"P-{index}",
            "givenName": "Sam",
            "phone": phone_number(index),
            "email": f"patient{index}@example.org",
            "language": language,
        },
        "sendBefore": start.isoformat(),
    })


def phone_number(index: int) -> str:
    """Distinct valid US numbers: area code 415, exchanges 200-999."""
    return f"+1415{2000000 + index:07d}"


def create_queues(endpoint: str, name: str) -> tuple[str, str]:
    sqs = aws_client("sqs", endpoint)
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={
        "VisibilityTimeout": str(QUEUE_VISIBILITY_TIMEOUT),
        "ReceiveMessageWaitTimeSeconds": "20",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": QUEUE_MAX_RECEIVE_COUNT}),
    })
    return queue_url, dlq_url


def enqueue(endpoint: str, queue_url: str, run_id: str, count: int) -> float:
    sqs = aws_client("sqs", endpoint)
    attributes = {"schemaVersion": {"DataType": "Number", "StringValue": "1"}}

    def send(first: int) -> int:
        entries = [{"Id": str(i), "MessageBody": reminder_body(run_id, first + i), "MessageAttributes": attributes}
                   for i in range(min(10, count - first))]
        result = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        if result.get("Failed"):
            raise SystemExit(f"error: enqueue refused: {result['Failed'][:2]}")
        return len(entries)

    started = time.time()
    sent = 0
    last_report = started
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for n in pool.map(send, range(0, count, 10)):
            sent += n
            if time.time() - last_report > 3:
                say(f"  enqueued {sent}/{count}")
                last_report = time.time()
    elapsed = time.time() - started
    say(f"  enqueued {count} reminders in {elapsed:.1f} s ({count / elapsed:.0f}/s)")
    return elapsed


# ---------------------------------------------------------------------------------------------------------------
# The worker


class OutcomeLog:
    """Reads the worker's stdout file as it grows: outcome lines are kept, everything else is counted."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0
        self.partial = b""
        self.outcomes: list[dict] = []
        self.final_ids: set[str] = set()
        self.final_count = 0
        self.ready = False
        self.ready_at: float | None = None
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}  # outcome lines (and receipt lines: recorded, known_already, ...) by outcome

    def poll(self) -> None:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except FileNotFoundError:
            return
        self.offset += len(chunk)
        lines = (self.partial + chunk).split(b"\n")
        self.partial = lines.pop()
        for raw in lines:
            if b'"outcome"' not in raw:
                if b'"message":"Receiving ' in raw:  # the pollers' first line: the worker is taking messages
                    self.ready = True
                    try:
                        self.ready_at = parse_timestamp(json.loads(raw)["@timestamp"])
                    except (ValueError, KeyError):
                        self.ready_at = time.time()
                elif b'"level":"ERROR"' in raw and len(self.errors) < 20:
                    self.errors.append(raw.decode(errors="replace")[:400])
                continue
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            self.outcomes.append(line)
            self.counts[line.get("outcome")] = self.counts.get(line.get("outcome"), 0) + 1
            if line.get("outcome") in FINAL_OUTCOMES:
                key = line.get("reminderId") or line.get("sqsMessageId")
                if key not in self.final_ids:
                    self.final_ids.add(key)
                    self.final_count += 1


@dataclass
class Sample:
    t: float
    finals: int
    worker_cpu: float
    backend_cpu: dict
    machine_busy: float
    machine_steal: float
    self_cpu: float
    rss_kib: int
    worker_system_cpu: float


def worker_environment(endpoint: str, queue_url: str, dlq_url: str, overrides: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "JAVA_HOME", "TZ")}
    env.update({
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_EC2_METADATA_DISABLED": "true",
        "REMINDERS_ENVIRONMENT": "local",
        "REMINDERS_QUEUE_URL": queue_url,
        "REMINDERS_QUEUE_DEAD_LETTER_URL": dlq_url,
        "REMINDERS_LEDGER_TABLE": "bench-ledger",
        "REMINDERS_EMAIL_SENDER": "reminders@example.org",
        "REMINDERS_EMAIL_TEMPLATE_PREFIX": "bench",
        "REMINDERS_HEALTH_PORT": "0",
    })
    for service in SERVICES:
        env[f"AWS_ENDPOINT_URL_{service.upper()}"] = endpoint
    env["AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2"] = endpoint
    env.update(WORKER_SETTINGS)
    env.update(overrides)
    return env


def parse_gc_log(path: Path) -> dict:
    peak_used = 0
    peak_live = 0
    committed = 0
    pauses = 0
    pause_ms = 0.0
    pattern = re.compile(r"Pause (\w+).*?(\d+)M->(\d+)M\((\d+)M\)\s+([\d.]+)ms")
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return {}
    for match in pattern.finditer(text):
        kind, before, after, size, ms = match[1], int(match[2]), int(match[3]), int(match[4]), float(match[5])
        peak_used = max(peak_used, before)
        if kind in ("Young", "Full"):  # Remark and Cleanup free nothing themselves
            peak_live = max(peak_live, after)
        committed = max(committed, size)
        pauses += 1
        pause_ms += ms
    return {"peakUsedMiB": peak_used, "peakAfterGcMiB": peak_live, "peakCommittedMiB": committed,
            "gcPauses": pauses, "gcPauseTotalMs": round(pause_ms, 1)}


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def parse_timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@dataclass
class Run:
    """One scenario's worker: measured while it works, then stopped in the background while the next one starts."""
    scenario: Scenario
    count: int
    responder: Responder
    worker: subprocess.Popen
    log: OutcomeLog
    samples: list
    sent_at: dict
    started: float
    gc_path: Path
    peak_rss: int
    enqueue_seconds: float | None
    load_before: list
    env: dict
    stopped: float = 0.0
    stats: dict = field(default_factory=dict)
    publishes: dict = field(default_factory=dict)
    load_after: list = field(default_factory=list)
    finisher: threading.Thread | None = None
    threads_at_first_outcome: dict = field(default_factory=dict)
    threads_at_end: dict = field(default_factory=dict)
    loop_done_at: float | None = None
    receipts_dlq_url: str | None = None
    receipts_dead_lettered: int | None = None

    def stop_in_background(self) -> None:
        self.load_after = load_average()
        if self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)
        self.finisher = threading.Thread(target=self._finish, daemon=True)
        self.finisher.start()

    def _finish(self) -> None:
        try:
            self.worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            say(f"  ({self.scenario.key}) the worker did not stop within 60 s of SIGTERM; killing it")
            self.worker.kill()
            self.worker.wait()
        self.stopped = time.time()
        self.log.poll()
        # Everything the worker called, its shutdown flush included, reached this scenario's own responder.
        self.stats = self.responder.control("/_bench/stats")
        if self.receipts_dlq_url:
            # Read after the counters: the driver's own call is not the worker's.
            attributes = aws_client("sqs", self.responder.endpoint).get_queue_attributes(
                QueueUrl=self.receipts_dlq_url, AttributeNames=["ApproximateNumberOfMessages"])
            self.receipts_dead_lettered = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        if self.scenario.idle:
            self.publishes = self.responder.control("/_bench/publishes")
        self.responder.stop()

    def result(self) -> dict:
        if self.finisher:
            self.finisher.join()
        return summarise(self)


def run_scenario(scenario: Scenario, count: int, idle_seconds: int, elasticmq: ElasticMq, logs: Path, args) -> Run:
    run_id = uuid.uuid4().hex[:8]
    say(f"scenario ({scenario.key}): {scenario.title}")
    responder = Responder(logs, scenario.key, os.environ["BENCH_RESPONDER"], elasticmq.port)
    queue_url, dlq_url = create_queues(responder.endpoint, f"bench-{scenario.key}-{run_id}")
    enqueue_seconds = None
    if not scenario.idle:
        say(f"  enqueueing {count} reminders")
        enqueue_seconds = enqueue(responder.endpoint, queue_url, run_id, count)
    receipts_url = receipts_dlq_url = None
    loop_overrides = {}
    if scenario.loop:
        receipts_url, receipts_dlq_url = create_queues(responder.endpoint, f"bench-{scenario.key}-receipts-{run_id}")
        loop_overrides = LOOP_SETTINGS | {"REMINDERS_DELIVERY_RECEIPTS_QUEUE_URL": receipts_url,
                                          "REMINDERS_DELIVERY_RECEIPTS_DEAD_LETTER_URL": receipts_dlq_url}
    responder.configure(scenario, receipts_url)
    responder.reset()

    stdout_path = logs / f"worker-{scenario.key}.out"
    stderr_path = logs / f"worker-{scenario.key}.err"
    gc_path = logs / f"worker-{scenario.key}-gc.log"
    jvm = list(WORKER_JVM_OPTIONS) + [f"-Xlog:gc:file={gc_path}"]
    if args.profile:
        jvm.append(f"-XX:StartFlightRecording=filename={logs / f'worker-{scenario.key}.jfr'},settings=profile")
    command = [os.environ["BENCH_JAVA"], *jvm, *args.jvm_option, "-jar", os.environ["BENCH_WORKER_JAR"]]
    overrides = loop_overrides | dict(kv.split("=", 1) for kv in args.worker_env)
    env = worker_environment(responder.endpoint, queue_url, dlq_url, overrides)
    if args.sqs_direct:
        env["AWS_ENDPOINT_URL_SQS"] = f"http://127.0.0.1:{elasticmq.port}"
    log = OutcomeLog(stdout_path)
    backend_pids = {"responder": responder.process.pid, "elasticmq": elasticmq.process.pid}

    load_before = load_average()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        worker = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
    started = time.time()
    say(f"  worker started (pid {worker.pid}); {'feeding one reminder per second' if scenario.idle else 'draining'}")
    run = Run(scenario, idle_seconds if scenario.idle else count, responder, worker, log, [], {}, started, gc_path,
              0, enqueue_seconds, load_before, env)
    run.receipts_dlq_url = receipts_dlq_url

    def sample() -> Sample:
        busy, steal = machine_cpu_seconds()
        return Sample(time.time(), log.final_count, proc_cpu_seconds(worker.pid) or 0.0,
                      {name: proc_cpu_seconds(pid) or 0.0 for name, pid in backend_pids.items()},
                      busy, steal, proc_cpu_seconds(os.getpid()) or 0.0,
                      proc_status_kib(worker.pid, "VmHWM") or 0, proc_cpu_split(worker.pid)[1])

    expected = run.count
    timeout = args.timeout or (max(180, count / 20) if not scenario.idle else idle_seconds + 120)
    if scenario.loop and not args.timeout:
        timeout += 120  # the receipts, delivery checks and events for the EHR after the last text
    feeder = None
    last_report = time.time()
    last_loop_look = 0.0
    ehr_events = 0
    try:
        while True:
            time.sleep(0.2)
            log.poll()
            s = sample()
            run.peak_rss = max(run.peak_rss, s.rss_kib)
            run.samples.append(s)
            if s.finals > 0 and not run.threads_at_first_outcome:
                run.threads_at_first_outcome = thread_cpu(worker.pid)
            if worker.poll() is not None:
                raise SystemExit(f"error: the worker exited early with {worker.returncode} (see {stderr_path}"
                                 f" and {stdout_path})")
            if scenario.idle and feeder is None and log.ready:
                time.sleep(1.0)  # let the pollers settle into their long polls
                feeder = threading.Thread(target=feed, args=(responder.endpoint, queue_url, run_id, idle_seconds,
                                                             run.sent_at), daemon=True)
                feeder.start()
            if scenario.loop and log.final_count >= expected and time.time() - last_loop_look > 1:
                # The loop is closed for a reminder once its receipt is recorded, its delivery check has found it
                # delivered and the EHR was told; the responder's counters are read, not counted.
                ehr_events = responder.control("/_bench/stats")["calls"].get("sns.Publish", 0)
                last_loop_look = time.time()
            if time.time() - last_report > 3:
                say(f"  {log.final_count}/{expected} final outcomes, worker CPU {s.worker_cpu:.1f} s,"
                    f" RSS {s.rss_kib / 1024:.0f} MiB" + (
                        f"; receipts recorded {log.counts.get('recorded', 0)}, delivery checks"
                        f" {log.counts.get('CHECKED', 0)}, events for the EHR {ehr_events}" if scenario.loop else ""))
                last_report = time.time()
            if scenario.loop:
                if (log.final_count >= expected and log.counts.get("recorded", 0) >= expected
                        and log.counts.get("CHECKED", 0) >= expected and ehr_events >= expected):
                    run.loop_done_at = time.time()
                    break
            elif log.final_count >= expected and (not scenario.idle or (feeder is not None and not feeder.is_alive())):
                break
            if time.time() - started > timeout:
                say(f"  timed out after {timeout:.0f} s with {log.final_count}/{expected} final outcomes")
                break
    finally:
        run.threads_at_end = thread_cpu(worker.pid)
        run.stop_in_background()
    say(f"  ({scenario.key}) {log.final_count} final outcomes; worker stopping in the background (SIGTERM)")
    return run


def feed(endpoint: str, queue_url: str, run_id: str, seconds: int, sent_at: dict) -> None:
    sqs = aws_client("sqs", endpoint)
    attributes = {"schemaVersion": {"DataType": "Number", "StringValue": "1"}}
    sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])  # warm the connection
    start = time.time()
    for i in range(seconds):
        target = start + i
        pause = target - time.time()
        if pause > 0:
            time.sleep(pause)
        sent_at[phone_number(i)] = time.time()
        sqs.send_message(QueueUrl=queue_url, MessageBody=reminder_body(run_id, i), MessageAttributes=attributes)


def second_half_cpu(samples: list) -> float | None:
    """Worker CPU seconds per 1,000 outcomes from the sample that saw half of them to the last sample."""
    if len(samples) < 2 or samples[-1].finals < 20:
        return None
    middle = next(s for s in samples if s.finals >= samples[-1].finals / 2)
    handled = samples[-1].finals - middle.finals
    return round((samples[-1].worker_cpu - middle.worker_cpu) / handled * 1000, 3) if handled else None


def second_half_rate(times: list[float]) -> float | None:
    if len(times) < 20:
        return None
    middle = len(times) // 2
    span = times[-1] - times[middle]
    return round((len(times) - 1 - middle) / span, 1) if span > 0 else None


def summarise(run: Run) -> dict:
    scenario, log, samples, started, stopped = run.scenario, run.log, run.samples, run.started, run.stopped
    finals = [o for o in log.outcomes if o.get("outcome") in FINAL_OUTCOMES]
    by_outcome: dict[str, int] = {}
    for o in log.outcomes:
        by_outcome[o["outcome"]] = by_outcome.get(o["outcome"], 0) + 1
    times = sorted(parse_timestamp(o["@timestamp"]) for o in finals)
    first, last = (times[0], times[-1]) if times else (started, started)
    span = max(last - first, 1e-3)
    per_second = []
    if times:
        base = math.floor(first)
        buckets = [0] * (int(math.floor(last) - base) + 1)
        for t in times:
            buckets[int(math.floor(t) - base)] += 1
        per_second = [{"t": round(base + i - started, 0), "reminders": n} for i, n in enumerate(buckets)]
    sms_latencies = [o["latencyMs"] for o in finals if o["outcome"] == "SMS_SENT"]
    # CPU use second by second (cores), for the chart: the worker's, and the whole machine's.
    cpu_series = []
    previous = samples[0] if samples else None
    for s in samples[1:]:
        if s.t - previous.t >= 1.0:
            wall = s.t - previous.t
            cpu_series.append({"t": round(s.t - started, 1),
                               "workerCores": round((s.worker_cpu - previous.worker_cpu) / wall, 2),
                               "machineCores": round((s.machine_busy - previous.machine_busy) / wall, 2)})
            previous = s

    # CPU over the processing window: from the first sample that saw an outcome to the last sample.
    with_outcomes = [s for s in samples if s.finals > 0]
    window = None
    if len(with_outcomes) >= 2:
        a, b = with_outcomes[0], with_outcomes[-1]
        handled = b.finals - a.finals
        worker_cpu = b.worker_cpu - a.worker_cpu
        backend_cpu = {k: b.backend_cpu[k] - a.backend_cpu[k] for k in b.backend_cpu}
        machine = b.machine_busy - a.machine_busy
        driver = b.self_cpu - a.self_cpu
        backend_total = sum(backend_cpu.values())
        wall = b.t - a.t
        cores = os.cpu_count() or 1
        window = {
            "seconds": round(wall, 2),
            "reminders": handled,
            "workerCpuSeconds": round(worker_cpu, 2),
            "workerCores": round(worker_cpu / wall, 2) if wall > 0 else None,
            "workerSystemCpuSeconds": round(b.worker_system_cpu - a.worker_system_cpu, 2),
            "backendCpuSeconds": {k: round(v, 2) for k, v in backend_cpu.items()},
            "driverCpuSeconds": round(driver, 2),
            "otherProcessesCpuSeconds": round(max(0.0, machine - worker_cpu - backend_total - driver), 2),
            "stolenByOtherTenantsCpuSeconds": round(b.machine_steal - a.machine_steal, 2),
            "machineBusyShare": round(machine / (wall * cores), 3) if wall > 0 else None,
            "workerCpuSecondsPer1000": round(worker_cpu / handled * 1000, 3) if handled else None,
            # Over the second half of the outcomes, as with the warm rate: the JIT compiler's share mostly spent.
            "workerCpuSecondsPer1000SecondHalf": second_half_cpu(with_outcomes),
            "backendShareOfBenchCpu": round(backend_total / (worker_cpu + backend_total), 3)
            if worker_cpu + backend_total > 0 else None,
            "backendShareOfMachine": round(backend_total / (wall * cores), 3) if wall > 0 else None,
            # Where the worker's CPU went in the window, by thread (JIT compiler, GC, pipeline, ...).
            "workerCpuByThreads": cpu_by_thread_group(run.threads_at_first_outcome, run.threads_at_end, worker_cpu),
        }
    last_sample = samples[-1] if samples else None
    total_cpu = last_sample.worker_cpu if last_sample else None
    calls = run.stats.get("calls", {})
    per_service = {svc: sum(n for k, n in calls.items() if k.startswith(svc + ".")) for svc in COUNTED_SERVICES}
    handled = max(1, len(log.final_ids))
    lifetime = stopped - started
    interval = float(run.env["REMINDERS_METRICS_INTERVAL"].rstrip("s"))
    cloudwatch_limit = math.floor(lifetime / interval) + 1  # one per interval, and one at shutdown

    result = {
        "scenario": scenario.key,
        "title": scenario.title,
        "responderConfig": {"latency": scenario.latency, "failures": scenario.failures},
        "reminders": run.count,
        "finalOutcomes": len(log.final_ids),
        "outcomeLines": by_outcome,
        "workerExitCode": run.worker.returncode,
        "workerErrors": log.errors,
        "enqueueSeconds": round(run.enqueue_seconds, 2) if run.enqueue_seconds else None,
        "workerStartToFirstOutcomeSeconds": round(first - started, 2) if times else None,
        "firstToLastOutcomeSeconds": round(span, 3),
        "remindersPerSecond": round((len(times) - 1) / span, 1) if len(times) > 1 else None,
        # The JVM compiles the hot path while the run goes on (the AWS SDK's takes tens of thousands of calls):
        # the second half of the outcomes shows the rate of a warmed-up worker, as one runs most of its life.
        "remindersPerSecondSecondHalf": second_half_rate(times),
        "perSecond": per_second,
        "cpuPerSecond": cpu_series,
        "cpu": window,
        "workerCpuSecondsTotal": round(total_cpu, 2) if total_cpu is not None else None,
        "workerCpuSecondsPer1000IncludingStart": round(total_cpu / handled * 1000, 3) if total_cpu else None,
        "peakRssMiB": round(run.peak_rss / 1024, 1),
        "heap": parse_gc_log(run.gc_path) | {"maxHeapMiB": 256},
        "awsCalls": calls,
        "awsCallsPerReminder": {svc: round(per_service[svc] / handled, 3) for svc in COUNTED_SERVICES},
        "awsCallsPerReminderTotal": round(sum(per_service[s] for s in COUNTED_SERVICES if s != "cloudwatch") / handled,
                                          3),
        "injectedFailures": run.stats.get("injectedFailures", {}),
        # Calls whose connection the worker closed before the answer came: a ReceiveMessage among them loses its
        # messages to the visibility timeout.
        "abandonedByWorker": run.stats.get("abandonedByClient", {}),
        "cloudwatch": {
            "calls": per_service["cloudwatch"],
            "datums": run.stats.get("cloudwatchDatums"),
            "workerLifetimeSeconds": round(lifetime, 1),
            "flushIntervalSeconds": interval,
            "allowedCalls": cloudwatch_limit,
            "callsPerMinute": round(per_service["cloudwatch"] / (lifetime / 60), 2) if lifetime > 0 else None,
        },
        "latencyMs": {
            "smsSentCount": len(sms_latencies),
            "p50": percentile(sms_latencies, 50),
            "p99": percentile(sms_latencies, 99),
            "max": max(sms_latencies) if sms_latencies else None,
        },
        "loadAverageBefore": run.load_before,
        "loadAverageAfter": run.load_after,
    }
    if scenario.loop:
        result["loop"] = loop_summary(run, by_outcome, handled)
    if scenario.idle:
        result["latencySeries"] = [{"t": round(parse_timestamp(o["@timestamp"]) - started, 2),
                                    "latencyMs": o["latencyMs"]} for o in finals if o["outcome"] == "SMS_SENT"]
        to_publish = [(run.publishes[p] - run.sent_at[p] * 1000) for p in run.sent_at if p in run.publishes]
        result["enqueueToPublishMs"] = {
            "count": len(to_publish),
            "p50": round(percentile(to_publish, 50), 1) if to_publish else None,
            "p99": round(percentile(to_publish, 99), 1) if to_publish else None,
            "note": "from the producer's SendMessage call to the responder receiving the SNS Publish",
        }
    return result


# ---------------------------------------------------------------------------------------------------------------
# (g): what the loop with the patient costs per reminder


@dataclass(frozen=True)
class Price:
    usd: float
    per: str
    source: str
    confirmed: bool  # read from AWS's own page through the search tool on PRICES_CHECKED; else as noted
    note: str = ""


PRICES_CHECKED = "2026-12-02"
# AWS list prices in us-east-1 (USD), without free tiers.
PRICES = {
    "smsPart": Price(
        0.00581, "outbound SMS message part, United States, from a toll-free number",
        "https://aws.amazon.com/end-user-messaging/pricing/", False,
        "the pricing page is not in the searchable sources; the same figure is the totalMessagePrice of one part in"
        " this project's End User Messaging emulator (scripts/local-aws sms_voice.py)"),
    "smsCarrierFee": Price(
        0.00302, "SMS message part: the US carriers' toll-free fee (varies by carrier)",
        "https://aws.amazon.com/end-user-messaging/pricing/", False,
        "AWS passes US carriers' toll-free fees through; a carrier reseller's page gives $0.0025 per"
        " part for each of AT&T, T-Mobile and Verizon toll-free SMS (support.plivo.com); this figure is the"
        " emulator's totalCarrierFee"),
    "dynamodbWrite": Price(
        0.625 / 1e6, "on-demand write request unit (1 KB written; 2 per KB in a transaction)",
        "https://aws.amazon.com/dynamodb/pricing/on-demand/", False,
        "after the 50% on-demand cut of 2024-11-01; confirmed by secondary sources only (airbyte.com, jusdb.com)"),
    "dynamodbRead": Price(
        0.125 / 1e6, "on-demand read request unit (4 KB strongly consistent read; half eventually consistent)",
        "https://aws.amazon.com/dynamodb/pricing/on-demand/", False,
        "after the 50% on-demand cut of 2024-11-01; confirmed by secondary sources only"),
    "sqsRequest": Price(
        0.40 / 1e6, "standard queue request (a batch of up to 10 is one request; each 64 KB chunk of a payload is one)",
        "https://aws.amazon.com/sqs/pricing/", False,
        "first 100 billion requests a month; confirmed by secondary sources only (cloudburn.io, unanswered.io)"),
    "snsPublish": Price(
        0.50 / 1e6, "standard topic publish (each 64 KB chunk is one); deliveries to SQS queues are free",
        "https://aws.amazon.com/sns/pricing/", False, "confirmed by secondary sources only (factualminds.com)"),
    "cloudwatchRequest": Price(
        0.01 / 1e3, "CloudWatch API request (PutMetricData)", "https://aws.amazon.com/cloudwatch/pricing/", False,
        "not found through search; custom metrics' monthly fee (per metric-month) is not per reminder and left out"),
}


def loop_summary(run: Run, by_outcome: dict, handled: int) -> dict:
    """The loop's counts, its AWS calls per reminder by service and operation, and its cost per 1,000 reminders."""
    stats = run.stats
    calls = stats.get("calls", {})
    receipts = stats.get("receipts", {})
    capacity = stats.get("dynamodbCapacity", {})

    def per_reminder(n: float) -> float:
        return round(n / handled, 3)

    def service(prefix: str) -> int:
        return sum(n for k, n in calls.items() if k.startswith(prefix + "."))

    by_service = {
        "SendTextMessage": per_reminder(calls.get("sms-voice.SendTextMessage", 0)),
        "DynamoDB": per_reminder(service("dynamodb")),
        "SQS": per_reminder(service("sqs")),
        "SNS": per_reminder(service("sns")),
        "CloudWatch": per_reminder(service("cloudwatch")),
    }
    parts = stats.get("textParts", 0)
    write_units = capacity.get("writeRequestUnits", 0.0)
    read_units = capacity.get("readRequestUnits", 0.0)
    sqs_billed = stats.get("sqsBilledRequests", 0)
    enqueue_requests = math.ceil(run.count / 10)  # the producer's SendMessageBatch, ten reminders a call
    ehr_publishes = calls.get("sns.Publish", 0)
    receipt_publishes = receipts.get("sent", 0)  # the configuration set's event destination publishes each event
    cloudwatch_calls = service("cloudwatch")
    dollars = {
        "sms": parts * (PRICES["smsPart"].usd + PRICES["smsCarrierFee"].usd),
        "dynamodb": write_units * PRICES["dynamodbWrite"].usd + read_units * PRICES["dynamodbRead"].usd,
        "sqs": (sqs_billed + enqueue_requests) * PRICES["sqsRequest"].usd,
        "sns": (ehr_publishes + receipt_publishes) * PRICES["snsPublish"].usd,
        "cloudwatch": cloudwatch_calls * PRICES["cloudwatchRequest"].usd,
    }
    per_1000 = {k: round(v / handled * 1000, 5) for k, v in dollars.items()}
    plumbing = round(sum(v for k, v in per_1000.items() if k != "sms"), 5)
    total = round(per_1000["sms"] + plumbing, 5)
    return {
        "texts": calls.get("sms-voice.SendTextMessage", 0),
        "textParts": parts,
        "phonesTextedMoreThanOnce": stats.get("phonesTextedMoreThanOnce"),
        "receiptsSentByTheCarrier": receipt_publishes,
        "receiptsNotSent": receipts.get("failed", 0),
        "receiptsRecorded": by_outcome.get("recorded", 0),
        "receiptsKnownAlready": by_outcome.get("known_already", 0),
        "receiptsDeadLettered": run.receipts_dead_lettered,
        "deliveryChecks": by_outcome.get("CHECKED", 0),
        "deliveryChecksRepeated": by_outcome.get("AWAITING_RECEIPT", 0),
        "emailsAfterText": by_outcome.get("EMAIL_SENT", 0),
        "ehrEvents": ehr_publishes,
        "loopSeconds": round(run.loop_done_at - run.started, 1) if run.loop_done_at else None,
        "callsPerReminder": by_service,
        "callsPerReminderByOperation": {k: per_reminder(n) for k, n in sorted(calls.items())},
        "billed": {
            "smsParts": parts,
            "dynamodbWriteRequestUnits": write_units,
            "dynamodbReadRequestUnits": read_units,
            "sqsRequests": sqs_billed,
            "sqsProducerRequests": enqueue_requests,
            "snsPublishes": ehr_publishes,
            "snsEventDestinationPublishes": receipt_publishes,
            "cloudwatchRequests": cloudwatch_calls,
        },
        "costPer1000Usd": per_1000 | {"awsPlumbing": plumbing, "total": total},
        "smsShareOfCost": round(per_1000["sms"] / total, 4) if total else None,
        "prices": {k: vars(v) for k, v in PRICES.items()},
        "pricesChecked": PRICES_CHECKED,
        "notCounted": "SNS deliveries to SQS (free); the EHR's own receives; KMS requests of encrypted queues and"
                      " topics; CloudWatch Logs; custom metrics' monthly fee; the origination number's monthly lease;"
                      " compute. One TEXT_DELIVERED event per text: an event destination matching TEXT_ALL may also"
                      " publish TEXT_PENDING or TEXT_SUCCESSFUL events, each one more SNS publish and receipt.",
    }


def loop_report(r: dict) -> str:
    loop = r["loop"]
    c = loop["callsPerReminder"]
    cost = loop["costPer1000Usd"]
    billed = loop["billed"]
    n = r["finalOutcomes"]
    ops = ", ".join(f"{k} {v:.2f}" for k, v in loop["callsPerReminderByOperation"].items() if v >= 0.005)
    lines = [
        f"({r['scenario']}) the loop per reminder (text, receipt, delivery check, event for the EHR), {n} reminders in"
        f" {fmt(loop['loopSeconds'], 1)} s: {loop['texts']} texts ({loop['textParts']} parts), receipts"
        f" {loop['receiptsRecorded']} recorded / {loop['receiptsSentByTheCarrier']} sent"
        f" ({loop['receiptsDeadLettered']} dead-lettered), delivery checks {loop['deliveryChecks']}"
        f" (+{loop['deliveryChecksRepeated']} repeated), events for the EHR {loop['ehrEvents']}",
        f"    AWS calls per reminder: SendTextMessage {c['SendTextMessage']:.2f}, DynamoDB {c['DynamoDB']:.2f},"
        f" SQS {c['SQS']:.2f}, SNS {c['SNS']:.2f}, CloudWatch {c['CloudWatch']:.4f}",
        f"    by operation: {ops}",
        f"    cost per 1,000 reminders: ${cost['total']:.4f} = SMS ${cost['sms']:.4f}"
        f" ({(loop['smsShareOfCost'] or 0) * 100:.2f}%) + AWS plumbing ${cost['awsPlumbing']:.4f}"
        f" (DynamoDB ${cost['dynamodb']:.4f}, SQS ${cost['sqs']:.4f}, SNS ${cost['sns']:.4f},"
        f" CloudWatch ${cost['cloudwatch']:.5f})",
        f"    billed per reminder: {billed['smsParts'] / n:.2f} SMS parts, DynamoDB"
        f" {billed['dynamodbWriteRequestUnits'] / n:.2f} WRU + {billed['dynamodbReadRequestUnits'] / n:.2f} RRU,"
        f" SQS {(billed['sqsRequests'] + billed['sqsProducerRequests']) / n:.2f} requests (the producer's"
        f" {billed['sqsProducerRequests'] / n:.2f} included), SNS {billed['snsPublishes'] / n:.2f} publishes for the EHR"
        f" + {billed['snsEventDestinationPublishes'] / n:.2f} by the event destination",
        f"    prices (us-east-1, list, no free tier; checked {loop['pricesChecked']}):",
    ]
    for name, p in PRICES.items():
        status = "confirmed" if p.confirmed else "NOT confirmed on AWS's page"
        shown = (f"${p.usd * 1e6:.3f} per million" if p.usd < 1e-5 else f"${p.usd * 1e3:.2f} per 1,000"
                 if p.usd < 1e-3 else f"${p.usd:.5f} per")
        lines.append(f"      {name}: {shown} {p.per} [{p.source}; {status}{': ' + p.note if p.note else ''}]")
    lines.append(f"    not counted: {loop['notCounted']}")
    return "\n".join(lines)


def run_fleet(scenario: Scenario, count: int, elasticmq: ElasticMq, logs: Path, args) -> dict:
    """(e): workers started a few seconds apart share the identity's limit; one stops halfway, as ECS scales in."""
    run_id = uuid.uuid4().hex[:8]
    say(f"scenario (e): {scenario.title}")
    responder = Responder(logs, "e", os.environ["BENCH_RESPONDER"], elasticmq.port)
    queue_url, dlq_url = create_queues(responder.endpoint, f"bench-e-{run_id}")
    say(f"  enqueueing {count} reminders")
    enqueue(responder.endpoint, queue_url, run_id, count)
    responder.control("/_bench/config", {"latency": {}, "failures": {}, "smsMps": FLEET_MPS}, "PUT")
    responder.reset()
    overrides = dict(kv.split("=", 1) for kv in args.worker_env)
    overrides["REMINDERS_SMS_RATE_PER_SECOND"] = str(FLEET_MPS)
    env = worker_environment(responder.endpoint, queue_url, dlq_url, overrides)
    command = [os.environ["BENCH_JAVA"], *WORKER_JVM_OPTIONS, *args.jvm_option, "-jar", os.environ["BENCH_WORKER_JAR"]]
    workers, outcome_logs = [], []
    started = time.time()
    leaver_stopped = None
    last_report = started
    try:
        timeout = args.timeout or count / FLEET_MPS * 2 + 120
        while True:
            if len(workers) < FLEET_WORKERS and time.time() - started >= 3 * len(workers):
                n = len(workers)
                out_path = logs / f"worker-e{n}.out"
                with open(out_path, "wb") as out, open(logs / f"worker-e{n}.err", "wb") as err:
                    workers.append(subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env))
                outcome_logs.append(OutcomeLog(out_path))
                say(f"  worker {n + 1} of {FLEET_WORKERS} started (pid {workers[-1].pid})")
            time.sleep(0.5)
            for log in outcome_logs:
                log.poll()
            done = len(set().union(*(log.final_ids for log in outcome_logs)))
            if leaver_stopped is None and done >= count // 2 and len(workers) == FLEET_WORKERS:
                workers[-1].send_signal(signal.SIGTERM)
                leaver_stopped = time.time()
                say(f"  {done}/{count}: worker {FLEET_WORKERS} stopped (SIGTERM), as when ECS scales in")
            if time.time() - last_report > 5:
                say(f"  {done}/{count} final outcomes")
                last_report = time.time()
            if done >= count or time.time() - started > timeout:
                break
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
    for log in outcome_logs:
        log.poll()
    stats = responder.control("/_bench/stats")
    sqs = aws_client("sqs", responder.endpoint)
    depth = {}
    for name, url in (("queue", queue_url), ("deadLetter", dlq_url)):
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages",
                                                                        "ApproximateNumberOfMessagesNotVisible"])
        depth[name] = sum(int(v) for v in attrs["Attributes"].values())
    responder.stop()

    outcomes: dict[str, int] = {}
    sent_times = []
    final_ids = set()
    for log in outcome_logs:
        final_ids |= log.final_ids
        for o in log.outcomes:
            outcomes[o["outcome"]] = outcomes.get(o["outcome"], 0) + 1
            if o["outcome"] == "SMS_SENT":
                sent_times.append(parse_timestamp(o["@timestamp"]))
    sent_times.sort()
    span = (sent_times[-1] - sent_times[0]) if len(sent_times) > 1 else 0
    sent_rate = (len(sent_times) - 1) / span if span > 0 else 0.0
    publishes = stats["calls"].get("sns.Publish", 0)
    throttled = stats.get("throttledPublishes", 0)
    return {
        "workers": FLEET_WORKERS,
        "identityMps": FLEET_MPS,
        "reminders": count,
        "finalOutcomes": len(final_ids),
        "outcomeLines": outcomes,
        "sentPerSecond": round(sent_rate, 1),
        "sentShareOfLimit": round(sent_rate / FLEET_MPS, 3),
        # The second half of the sends: the workers are past their JIT warm-up, and one of them leaves within it.
        "sentPerSecondSecondHalf": second_half_rate(sent_times),
        "secondHalfShareOfLimit": round((second_half_rate(sent_times) or 0) / FLEET_MPS, 3),
        "publishes": publishes,
        "throttledPublishes": throttled,
        "throttledShare": round(throttled / publishes, 4) if publishes else 0.0,
        "toEmailOrDeadLetter": outcomes.get("EMAIL_SENT", 0) + outcomes.get("FAILED", 0) + depth["deadLetter"],
        "textedTwice": stats.get("phonesTextedMoreThanOnce", 0),
        "lost": count - len(final_ids) + depth["queue"],
        "queueDepthAtEnd": depth,
        "leaverStoppedAfterSeconds": round(leaver_stopped - started, 1) if leaver_stopped else None,
        "sharedNote": "each worker reads the identity's rate and sends at its share (rate / workers alive)",
    }


def run_startup(scenario: Scenario, count: int, elasticmq: ElasticMq, logs: Path, args) -> dict:
    """(f): a new worker on a full queue, as autoscaling starts one: first without, then with a class-data archive
    written by the first run at its exit (-XX:ArchiveClassesAtExit), which the second maps at start."""
    say(f"scenario (f): {scenario.title}")
    archive = logs / "worker-cds.jsa"
    runs = []
    for label, options in (("plain", [f"-XX:ArchiveClassesAtExit={archive}"]),
                           ("with CDS", [f"-XX:SharedArchiveFile={archive}"])):
        run_id = uuid.uuid4().hex[:8]
        responder = Responder(logs, f"f-{len(runs)}", os.environ["BENCH_RESPONDER"], elasticmq.port)
        queue_url, dlq_url = create_queues(responder.endpoint, f"bench-f-{run_id}")
        enqueue(responder.endpoint, queue_url, run_id, count)
        responder.reset()
        env = worker_environment(responder.endpoint, queue_url, dlq_url,
                                 dict(kv.split("=", 1) for kv in args.worker_env))
        out_path = logs / f"worker-f{len(runs)}.out"
        command = [os.environ["BENCH_JAVA"], *WORKER_JVM_OPTIONS, *options, *args.jvm_option, "-jar",
                   os.environ["BENCH_WORKER_JAR"]]
        with open(out_path, "wb") as out, open(logs / f"worker-f{len(runs)}.err", "wb") as err:
            spawned = time.time()
            worker = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        log = OutcomeLog(out_path)
        while log.final_count < count and time.time() - spawned < 120 and worker.poll() is None:
            time.sleep(0.2)
            log.poll()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
        responder.stop()
        sent = sorted(parse_timestamp(o["@timestamp"]) for o in log.outcomes if o["outcome"] == "SMS_SENT")
        warm = second_half_rate(sent)
        warm_after = None
        if sent and warm:
            # The first whole second, counted from the start, that ran at 80% of the warm rate or more.
            base = math.floor(spawned)
            buckets: dict[int, int] = {}
            for t in sent:
                buckets[int(t - base)] = buckets.get(int(t - base), 0) + 1
            warm_after = next((s + 1 - (spawned - base) for s in sorted(buckets) if buckets[s] >= 0.8 * warm), None)
        runs.append({
            "label": label,
            "jvmOptions": options,
            "readySeconds": round(log.ready_at - spawned, 2) if log.ready_at else None,
            "firstSmsSeconds": round(sent[0] - spawned, 2) if sent else None,
            "warmRate": warm,
            "warmAfterSeconds": round(warm_after, 1) if warm_after else None,
            "reminders": count,
        })
        say(f"  ({label}) ready {fmt(runs[-1]['readySeconds'], 2)} s, first SMS {fmt(runs[-1]['firstSmsSeconds'], 2)} s,"
            f" 80% of warm rate after {fmt(runs[-1]['warmAfterSeconds'], 1)} s")
    return {"runs": runs, "reminders": count}


def fleet_table(f: dict) -> str:
    return (f"(e) {f['workers']} workers, identity limit {f['identityMps']:.0f}/s, {f['reminders']} reminders:"
            f" sent {f['sentPerSecond']:.1f}/s ({f['sentShareOfLimit'] * 100:.1f}% of the limit), second half"
            f" {fmt(f.get('sentPerSecondSecondHalf'), 1)}/s ({f.get('secondHalfShareOfLimit', 0) * 100:.1f}%);"
            f" {f['throttledPublishes']} of {f['publishes']} publishes throttled ({f['throttledShare'] * 100:.2f}%);"
            f" outcomes {f['outcomeLines']}; to email or DLQ {f['toEmailOrDeadLetter']}; texted twice"
            f" {f['textedTwice']}; lost {f['lost']}; one worker stopped after {fmt(f['leaverStoppedAfterSeconds'], 0)} s")


def startup_table(s: dict) -> str:
    lines = [f"(f) start-up on a queue of {s['reminders']} (seconds from process start):",
             "    run        ready  first SMS  80% of warm rate  warm rem/s"]
    for r in s["runs"]:
        lines.append(f"    {r['label']:<9} {fmt(r['readySeconds'], 2):>6} {fmt(r['firstSmsSeconds'], 2):>10}"
                     f" {fmt(r['warmAfterSeconds'], 1):>17} {fmt(r['warmRate'], 0):>11}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Output


def fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) or digits:
        return f"{value:.{digits}f}"
    return str(value)


def table(results: list[dict]) -> str:
    header = ["scenario", "N", "rem/s", "warm rem/s", "CPU s/1k", "warm CPU", "RSS MiB", "heap MiB", "SMS/r", "SNS/r", "DDB/r", "SQS/r",
              "calls/r",
              "CW/min", "CW calls", "p50 ms", "p99 ms", "backend CPU"]
    rows = [header]
    for r in results:
        cpu = r["cpu"] or {}
        calls = r["awsCallsPerReminder"]
        rows.append([
            f"({r['scenario']})", str(r["finalOutcomes"]), fmt(r["remindersPerSecond"], 0),
            fmt(r["remindersPerSecondSecondHalf"], 0),
            fmt(cpu.get("workerCpuSecondsPer1000"), 2), fmt(cpu.get("workerCpuSecondsPer1000SecondHalf"), 2),
            fmt(r["peakRssMiB"], 0), fmt(r["heap"].get("peakUsedMiB")),
            fmt(calls["sms-voice"], 2), fmt(calls["sns"], 2), fmt(calls["dynamodb"], 2), fmt(calls["sqs"], 2),
            fmt(r["awsCallsPerReminderTotal"], 2), fmt(r["cloudwatch"]["callsPerMinute"], 2),
            f"{r['cloudwatch']['calls']}/{r['cloudwatch']['allowedCalls']}",
            fmt(r["latencyMs"]["p50"]), fmt(r["latencyMs"]["p99"]),
            "-" if not cpu.get("backendShareOfBenchCpu") else f"{cpu['backendShareOfBenchCpu'] * 100:.0f}%",
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# A Spring Boot 3.5 + Spring Cloud AWS 3.4 @SqsListener worker (async SDK clients, 256 concurrent messages) doing the
# same AWS calls on this backend and machine: warm reminders/s and worker CPU seconds per 1,000 (the issue's figures).
PEER = {"a": (1385.0, 1.65), "b": (1164.0, 1.77)}


def targets(results: list[dict], fleet: dict | None = None, startup: dict | None = None
            ) -> list[tuple[str, bool | None, str]]:
    by = {r["scenario"]: r for r in results}
    out = []
    for key, (peer_rate, peer_cpu) in PEER.items():
        if key in by:
            r = by[key]
            warm = r["remindersPerSecondSecondHalf"] or 0
            cpu = (r["cpu"] or {}).get("workerCpuSecondsPer1000") or 0
            judged = r["reminders"] >= 20000
            out.append((f"({key}) warm rate >= 1.25 x the Spring Cloud AWS peer ({1.25 * peer_rate:.0f}/s)",
                        warm >= 1.25 * peer_rate if judged else None,
                        f"{warm:.0f}/s ({warm / peer_rate:.2f} x)"))
            out.append((f"({key}) CPU <= 0.8 x the peer's ({0.8 * peer_cpu:.2f} s per 1,000)",
                        (0 < cpu <= 0.8 * peer_cpu) if judged else None, f"{cpu:.2f} s ({cpu / peer_cpu:.2f} x)"))
    rss = [r["peakRssMiB"] for r in results if not r.get("idle")]
    if rss:
        out.append(("peak RSS <= 400 MiB under -Xmx256m", max(rss) <= 400,
                    ", ".join(f"({r['scenario']}) {r['peakRssMiB']:.0f} MiB" for r in results)))
    # Throughput targets are for N = 20,000: a shorter run is mostly the JVM compiling its hot path.
    full = all(r["reminders"] >= 20000 for r in results if r["scenario"] in ("b", "c"))
    short = "" if full else " (not judged: N < 20,000, mostly JVM warm-up)"
    if "b" in by and "c" in by:
        b, c = by["b"]["remindersPerSecond"] or 0, by["c"]["remindersPerSecond"] or 0
        bw, cw = by["b"]["remindersPerSecondSecondHalf"] or 0, by["c"]["remindersPerSecondSecondHalf"] or 0
        out.append(("(c) >= 80% of (b) (first to last outcome)", (b > 0 and c >= 0.8 * b) if full else None,
                    (f"{c / b * 100:.0f}%" if b else "-") + (f"; second half {cw / bw * 100:.0f}%" if bw else "")
                    + short))
    for key in ("a", "b"):
        if key in by:
            r = by[key]
            calls = r["awsCallsPerReminder"]
            # 3.2 before appointments were checked, plus the one DynamoDB call that check may add; the fleet's
            # shared rate adds a few writes a second whatever the volume.
            ok = (r["awsCallsPerReminderTotal"] <= 4.3 and calls["sns"] <= 1.0 and calls["dynamodb"] <= 3.05
                  and calls["sqs"] <= 0.3)
            out.append((f"({key}) clean path <= 4.3 calls/reminder (SNS 1, DynamoDB <= 3, SQS <= 0.3)", ok,
                        f"{r['awsCallsPerReminderTotal']:.2f} (SNS {calls['sns']:.2f}, DynamoDB"
                        f" {calls['dynamodb']:.2f}, SQS {calls['sqs']:.2f})"))
    cw_ok = all(r["cloudwatch"]["calls"] <= r["cloudwatch"]["allowedCalls"] for r in results)
    out.append(("CloudWatch <= 1 call per flush interval (+1 at shutdown)", cw_ok,
                ", ".join(f"({r['scenario']}) {r['cloudwatch']['calls']} in"
                          f" {r['cloudwatch']['workerLifetimeSeconds']:.0f} s" for r in results)))
    if "d" in by:
        p50 = by["d"]["latencyMs"]["p50"]
        out.append(("(d) idle latency p50 <= 100 ms", p50 is not None and p50 <= 100,
                    f"enqueue-to-SMS_SENT p50 {fmt(p50)} ms; enqueue-to-publish p50"
                    f" {fmt(by['d'].get('enqueueToPublishMs', {}).get('p50'), 1)} ms"))
    if results:
        heap_ok = all(r["workerExitCode"] == 0 and (r["heap"].get("peakCommittedMiB") or 0) <= 256 for r in results)
        out.append(("heap <= 256 MiB (-Xmx256m, no OOM, clean exit)", heap_ok,
                    ", ".join(f"({r['scenario']}) peak {r['heap'].get('peakUsedMiB')} MiB" for r in results)))
    if fleet:
        f = fleet
        out.append((f"(e) aggregate SMS rate >= 95% of the identity's {FLEET_MPS:.0f}/s", f["sentShareOfLimit"] >= 0.95,
                    f"{f['sentPerSecond']:.1f}/s ({f['sentShareOfLimit'] * 100:.1f}%)"))
        out.append(("(e) throttled publishes <= 2% of publishes", f["throttledShare"] <= 0.02,
                    f"{f['throttledPublishes']} of {f['publishes']} ({f['throttledShare'] * 100:.2f}%)"))
        out.append(("(e) none to email or the DLQ, none texted twice, none lost",
                    f["toEmailOrDeadLetter"] == 0 and f["textedTwice"] == 0 and f["lost"] == 0,
                    f"email/DLQ {f['toEmailOrDeadLetter']}, texted twice {f['textedTwice']}, lost {f['lost']}"))
    if "g" in by:
        g, loop = by["g"], by["g"]["loop"]
        n = g["reminders"]
        out.append(("(g) every reminder texted once, its receipt recorded, checked once and told to the EHR once",
                    loop["texts"] == n and loop["phonesTextedMoreThanOnce"] == 0 and loop["receiptsRecorded"] == n
                    and loop["deliveryChecks"] == n and loop["ehrEvents"] == n and loop["emailsAfterText"] == 0
                    and not loop["receiptsDeadLettered"] and not loop["receiptsNotSent"],
                    f"texts {loop['texts']}/{n}, receipts recorded {loop['receiptsRecorded']}, checks"
                    f" {loop['deliveryChecks']} (+{loop['deliveryChecksRepeated']} repeated), EHR events"
                    f" {loop['ehrEvents']}, emails {loop['emailsAfterText']}, receipts dead-lettered"
                    f" {loop['receiptsDeadLettered']}"))
    if startup:
        # Judged on the plain run: that is how the worker ships (its image has no class-data archive).
        plain = startup["runs"][0]["firstSmsSeconds"]
        out.append(("(f) first reminder within 3 s of process start, as shipped", plain is not None and plain <= 3.0,
                    ", ".join(f"{r['label']} {fmt(r['firstSmsSeconds'], 2)} s" for r in startup["runs"])))
    return out


def draw(result: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    points = result["perSecond"]
    if result.get("latencySeries"):
        series = result["latencySeries"]
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
        ax.plot([s["t"] for s in series], [s["latencyMs"] for s in series], "o-", ms=3, lw=0.8, color="#1f6fb2")
        ax.axhline(100, color="#c0392b", lw=0.8, ls="--", label="target p50 100 ms")
        ax.set_xlabel("seconds since the worker started")
        ax.set_ylabel("enqueue to SMS_SENT, ms")
        ax.set_title(f"({result['scenario']}) {result['title']}\n{result['finalOutcomes']} reminders, p50"
                     f" {fmt(result['latencyMs']['p50'])} ms, p99 {fmt(result['latencyMs']['p99'])} ms", fontsize=9)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right", fontsize=7)
        fig.tight_layout()
        fig.savefig(path)
        plt.close(fig)
        return
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
    ax.plot([p["t"] for p in points], [p["reminders"] for p in points], drawstyle="steps-post", color="#1f6fb2")
    ax.fill_between([p["t"] for p in points], [p["reminders"] for p in points], step="post", alpha=0.15,
                    color="#1f6fb2")
    ax.set_xlabel("seconds since the worker started")
    ax.set_ylabel("final outcomes per second", color="#1f6fb2")
    rate = result["remindersPerSecond"]
    ax.set_title(f"({result['scenario']}) {result['title']}\n{result['finalOutcomes']} reminders,"
                 f" {fmt(rate)}/s first to last outcome, {fmt(result['remindersPerSecondSecondHalf'])}/s second half",
                 fontsize=9)
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)
    cpu = result.get("cpuPerSecond") or []
    if cpu:
        ax2 = ax.twinx()
        ax2.plot([c["t"] for c in cpu], [c["workerCores"] for c in cpu], color="#c0392b", lw=1, label="worker CPU")
        ax2.plot([c["t"] for c in cpu], [c["machineCores"] for c in cpu], color="#7f8c8d", lw=1, ls="--",
                 label="machine CPU")
        ax2.set_ylabel("CPU cores busy")
        ax2.set_ylim(0, max(2.0, os.cpu_count() or 2) * 1.05)
        ax2.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def machine_description() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = proc_status_kib_meminfo()
    java_version = subprocess.run([os.environ["BENCH_JAVA"], "-version"], capture_output=True, text=True).stderr
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memoryGiB": round(mem_kib / 1024 / 1024, 1) if mem_kib else None,
        "kernel": platform.release(),
        "java": java_version.splitlines()[0] if java_version else None,
        "python": platform.python_version(),
    }


def proc_status_kib_meminfo() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def git_commit(root: Path) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def interrupt(*_) -> None:
    raise KeyboardInterrupt


def serve(key: str, parser: argparse.ArgumentParser) -> int:
    if key not in SCENARIOS or SCENARIOS[key].loop:
        parser.error(f"unknown scenario {key} (a, b, c, d)")
    logs = Path(os.environ["BENCH_ROOT"]) / "bench-results" / f"serve-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    logs.mkdir(parents=True)
    elasticmq = ElasticMq(logs, os.environ["BENCH_ELASTICMQ_CP"], os.environ["BENCH_JAVA"])
    responder = None
    try:
        responder = Responder(logs, "serve", os.environ["BENCH_RESPONDER"], elasticmq.port)
        responder.configure(SCENARIOS[key])
        queue_url, dlq_url = create_queues(responder.endpoint, f"bench-{key}")
        responder.reset()
        print(f"# Backend for scenario ({key}): {SCENARIOS[key].title}. Ctrl-C stops it.")
        print(f"export AWS_ENDPOINT_URL={responder.endpoint} AWS_REGION={REGION} AWS_DEFAULT_REGION={REGION}"
              " AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench")
        for name, value in worker_environment(responder.endpoint, queue_url, dlq_url, {}).items():
            if name.startswith(("AWS_ENDPOINT_URL_", "REMINDERS_")):
                print(f"export {name}={value}")
        print(f"# Calls so far: curl {responder.endpoint}/_bench/stats   reset: curl -X POST"
              f" {responder.endpoint}/_bench/reset   latency/failures: curl {responder.endpoint}/_bench/config")
        sys.stdout.flush()
        signal.signal(signal.SIGTERM, interrupt)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        if responder:
            responder.stop()
        elasticmq.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 reminders and a 20 s idle run (under 2 minutes)")
    parser.add_argument("--scenarios", default="a,b,c,d,e,f",
                        help="which scenarios, e.g. b,c (default a,b,c,d,e,f; g, the loop with End User Messaging"
                             " SMS and its cost per reminder, runs when named)")
    parser.add_argument("-n", "--reminders", type=int, help="reminders per scenario (default 20000; --quick 2000)")
    parser.add_argument("--idle-seconds", type=int, help="length of the idle run (d) (default 60; --quick 20)")
    parser.add_argument("--worker-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra worker configuration, e.g. REMINDERS_PROCESSING_MAX_IN_FLIGHT=1024 (repeatable)")
    parser.add_argument("--jvm-option", action="append", default=[], metavar="OPTION",
                        help="extra JVM option for the worker (repeatable)")
    parser.add_argument("--profile", action="store_true", help="record a JFR profile of the worker per scenario")
    parser.add_argument("--sqs-direct", action="store_true",
                        help="the worker calls ElasticMQ directly instead of through the responder's SQS pass-through"
                             " (its SQS calls are then not counted); for telling the pass-through's faults from the"
                             " worker's")
    parser.add_argument("--timeout", type=float, help="longest wait for one scenario, seconds")
    parser.add_argument("--out", help="results directory (default bench-results/)")
    parser.add_argument("--serve", metavar="SCENARIO",
                        help="only start the backend with a scenario's latency and failures (a, b, c or d), provision"
                             " a queue, print its endpoint and settings, and run until Ctrl-C: for measuring another"
                             " implementation, through any AWS SDK, on the same backend")
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve, parser)

    root = Path(os.environ["BENCH_ROOT"])
    count = args.reminders or (2000 if args.quick else 20000)
    idle_seconds = args.idle_seconds or (20 if args.quick else 60)
    keys = [k.strip() for k in args.scenarios.split(",") if k.strip()]
    for key in keys:
        if key not in SCENARIOS:
            parser.error(f"unknown scenario {key} (a, b, c, d, e, f, g)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = Path(args.out) if args.out else root / "bench-results"
    out_dir.mkdir(parents=True, exist_ok=True)
    logs = out_dir / f"{stamp}-logs"
    logs.mkdir()
    say(f"{count} reminders per scenario, scenarios {','.join(keys)}; load average {load_average()}"
        f" on {os.cpu_count()} cores; logs in {logs}")

    wall_started = time.time()
    elasticmq = ElasticMq(logs, os.environ["BENCH_ELASTICMQ_CP"], os.environ["BENCH_JAVA"])
    elasticmq.warm_up(200 if args.quick else 1000)
    runs: list[Run] = []
    results = []
    fleet = None
    startup = None
    try:
        checker = Responder(logs, "boto3-check", os.environ["BENCH_RESPONDER"], elasticmq.port)
        boto3_check = check_backend_with_boto3(checker)
        checker.stop()
        say(f"boto3 self-check passed against the responder ({len(boto3_check['calls'])} operations)")
        for key in keys:
            if key == "e":
                fleet = run_fleet(SCENARIOS[key], count, elasticmq, logs, args)
            elif key == "f":
                startup = run_startup(SCENARIOS[key], min(count, 5000), elasticmq, logs, args)
            else:
                runs.append(run_scenario(SCENARIOS[key], count, idle_seconds, elasticmq, logs, args))
        say("waiting for the last worker to stop (it finishes its long poll, then flushes)")
        for run in runs:
            result = run.result()
            results.append(result)
            png = out_dir / f"{stamp}-{result['scenario']}.png"
            draw(result, png)
            result["png"] = str(png)
    finally:
        for run in runs:
            if run.worker.poll() is None:
                run.worker.kill()
            stop_process(run.responder.process)
        elasticmq.stop()

    report = {
        "generatedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "scripts/bench " + " ".join(sys.argv[1:]),
        "gitCommit": git_commit(root),
        "machine": machine_description(),
        "wallSeconds": round(time.time() - wall_started, 1),
        "workerJvmOptions": WORKER_JVM_OPTIONS + args.jvm_option,
        "workerSettings": WORKER_SETTINGS | dict(kv.split("=", 1) for kv in args.worker_env),
        "queue": {"visibilityTimeoutSeconds": QUEUE_VISIBILITY_TIMEOUT, "maxReceiveCount": QUEUE_MAX_RECEIVE_COUNT},
        "boto3SelfCheck": boto3_check,
        "scenarios": results,
        "fleet": fleet,
        "startup": startup,
        "targets": [{"target": t, "met": ok, "measured": m} for t, ok, m in targets(results, fleet, startup)],
    }
    json_path = out_dir / f"{stamp}.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n")

    print(f"Benchmark {stamp}: {report['command']} (commit {report['gitCommit']})")
    m = report["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memoryGiB']} GiB; {m['java']};"
          f" load average before/after: " + "; ".join(
              f"({r['scenario']}) {r['loadAverageBefore'][0]}/{r['loadAverageAfter'][0]}" for r in results))
    print()
    if results:
        print(table(results))
        print()
    if fleet:
        print(fleet_table(fleet))
        print()
    if startup:
        print(startup_table(startup))
        print()
    for r in results:
        cpu = r["cpu"] or {}
        backend_cpu = cpu.get("backendCpuSeconds", {})
        print(f"({r['scenario']}) {r['title']}: outcomes {r['outcomeLines']}; backend CPU"
              f" {sum(backend_cpu.values()):.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in backend_cpu.items())})"
              f" = {fmt((cpu.get('backendShareOfMachine') or 0) * 100, 0)}% of the machine; other processes"
              f" {fmt(cpu.get('otherProcessesCpuSeconds'), 1)} s; heap peak {r['heap'].get('peakUsedMiB')} MiB,"
              f" largest after a collection {r['heap'].get('peakAfterGcMiB')} MiB, {r['heap'].get('gcPauses')} GC pauses")
        if cpu.get("workerCpuByThreads"):
            print(f"    worker CPU {fmt(cpu.get('workerCpuSeconds'), 1)} s by thread: "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in cpu["workerCpuByThreads"].items()))
        if "enqueueToPublishMs" in r:
            e = r["enqueueToPublishMs"]
            print(f"    enqueue-to-publish: p50 {fmt(e['p50'], 1)} ms, p99 {fmt(e['p99'], 1)} ms ({e['count']} SMS)")
        if "loop" in r:
            print(loop_report(r))
    print()
    for name, ok, measured in targets(results, fleet, startup):
        print(f"  [{'met ' if ok else '----' if ok is None else 'MISS'}] {name}: {measured}")
    print()
    print(f"JSON: {json_path}")
    if results:
        print(f"PNGs: {', '.join(r['png'] for r in results)}")
    print(f"Logs: {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
