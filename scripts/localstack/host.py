"""LocalStack's community runtime in host mode, as a child that lives exactly as long as whoever started it.

  python host.py --state-dir DIR [--host 127.0.0.1] [--port 0] [--services sqs,sns,ses,cloudwatch]

Prints one line on stdout, `LOCALSTACK_READY port=<port>`, once every service answers on /_localstack/health; its
own and LocalStack's logs go to stderr. Stops LocalStack and exits when stdin closes (the JVM that started it went
away, even by SIGKILL), on SIGTERM, or with LocalStack's exit code when LocalStack ends by itself.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

START_TIMEOUT_S = 120


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", required=True, help="LocalStack's file system root (created if missing)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--services", default="sqs,sns,ses,cloudwatch")
    args = parser.parse_args()

    port = args.port or free_port(args.host)
    os.makedirs(args.state_dir, exist_ok=True)
    environment = dict(os.environ)
    environment.update({
        "GATEWAY_SERVER": "hypercorn",
        "GATEWAY_LISTEN": f"{args.host}:{port}",
        "SERVICES": args.services,
        "EAGER_SERVICE_LOADING": "1",
        # Queue URLs name this address, as ElasticMQ's do, rather than a *.localstack.cloud name that needs DNS.
        "SQS_ENDPOINT_STRATEGY": "off",
        "LOCALSTACK_HOST": f"{args.host}:{port}",
        # Machines here look like containers (/.dockerenv); LocalStack would then write to /var/lib/localstack.
        "OVERRIDE_IN_DOCKER": "0",
        "FILESYSTEM_ROOT": os.path.abspath(args.state_dir),
        # Nothing outside this machine: no certificate download, no DNS server, no usage events.
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "DNS_ADDRESS": "0",
        "DISABLE_EVENTS": "1",
        # Warnings and errors only: at INFO LocalStack logs every request, and the text and number of every SMS.
        "LS_LOG": "warn",
    })
    runtime = subprocess.Popen([sys.executable, "-m", "localstack.runtime.main"], env=environment,
                               stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=sys.stderr)

    def stop(*_: object) -> None:
        if runtime.poll() is None:
            runtime.terminate()
            try:
                runtime.wait(timeout=20)
            except subprocess.TimeoutExpired:
                runtime.kill()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=lambda: (read_until_eof(), stop()), name="stdin-watch", daemon=True).start()

    services = args.services.split(",")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not answers(args.host, port, services):
        if runtime.poll() is not None:
            print(f"host.py: LocalStack exited during start-up with code {runtime.returncode}", file=sys.stderr)
            return runtime.returncode or 1
        if time.monotonic() > deadline:
            print(f"host.py: LocalStack did not answer within {START_TIMEOUT_S} s", file=sys.stderr)
            stop()
        time.sleep(0.5)
    print(f"LOCALSTACK_READY port={port}", flush=True)
    return runtime.wait()


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def answers(host: str, port: int, services: list[str]) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_localstack/health", timeout=2) as response:
            state = json.load(response).get("services", {})
    except (OSError, ValueError):
        return False
    return all(state.get(service) in ("running", "available") for service in services)


def read_until_eof() -> None:
    while os.read(0, 4096):
        pass


if __name__ == "__main__":
    sys.exit(main())
