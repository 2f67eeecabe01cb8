"""The notifications service as a real subprocess (`kith-notifications`), as it runs in
production, with the test's fast clocks in its environment."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from kith_devstack import processes

FAST_ENV = {
    "KITH_ENV": "test",
    "KITH_LOG_LEVEL": "warning",
    "KITH_OUTBOX_POLL_MS": "50",
    "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
    "KITH_WEBHOOK_RETRY_BASE_S": "0.2",
    "KITH_WEBHOOK_RETRY_MAX_DELAY_S": "1",
    "KITH_WEBHOOK_LEASE_S": "3",
    "KITH_WEBHOOK_TIMEOUT_S": "2",
    "KITH_WEBHOOK_BREAKER_COOLDOWN_S": "0.5",
    "KITH_WEBHOOK_BREAKER_MAX_COOLDOWN_S": "1",
    "KITH_NOTIFY_POLL_S": "0.05",
    "KITH_NOTIFY_ACK_WAIT_S": "3",
}


def wait_ready(url: str, proc: processes.ManagedProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if not proc.alive() or time.monotonic() > deadline:
            raise RuntimeError(f"notifications not ready at {url}:\n{proc.log_tail()}")
        time.sleep(0.1)


@contextmanager
def notifications_process(
    bolt_uri: str, nats_url: str, log_file: Path, **extra: str
) -> Iterator[processes.ManagedProcess]:
    port = processes.free_port()
    env = {
        **os.environ,
        **FAST_ENV,
        "NEO4J_URI": bolt_uri,
        "NATS_URL": nats_url,
        "KITH_NOTIFICATIONS_PORT": str(port),
        **extra,
    }
    command = [str(Path(sys.executable).parent / "kith-notifications")]
    with processes.start_program("notifications", command, log_file=log_file, env=env) as proc:
        wait_ready(f"http://127.0.0.1:{port}/readyz", proc)
        proc.ready_url = f"http://127.0.0.1:{port}/readyz"  # type: ignore[attr-defined]
        yield proc


def sigkill_service(proc: processes.ManagedProcess) -> None:
    """SIGKILL the service itself (the child of its parent-death watchdog): no clean-up runs."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    proc.popen.wait(timeout=10)
