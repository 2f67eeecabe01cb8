"""An isolated Kith for measuring: its own Neo4j and NATS in a temporary folder, and the
services as real subprocesses (so the load generator does not share their event loop)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from kith_devstack import processes


@dataclass(frozen=True)
class BenchStack:
    bolt_uri: str
    nats_url: str
    env: dict[str, str]
    state: Path


@contextmanager
def infrastructure(state: Path) -> Iterator[BenchStack]:
    bolt, nats_port = processes.free_port(), processes.free_port()
    with ExitStack() as stack:
        neo = stack.enter_context(
            processes.start_neo4j(
                state / "neo4j", bolt, heap="2g", pagecache="512m", log_file=state / "neo4j.log"
            )
        )
        nats = stack.enter_context(
            processes.start_nats(state / "nats", nats_port, log_file=state / "nats.log")
        )
        uri = f"bolt://127.0.0.1:{bolt}"
        processes.wait_for_neo4j(uri, timeout=180, process=neo)
        processes.wait_for_nats("127.0.0.1", nats_port, process=nats)
        env = {
            "KITH_ENV": "test",
            "NEO4J_URI": uri,
            "NATS_URL": f"nats://127.0.0.1:{nats_port}",
            "KITH_LOG_LEVEL": "warning",
            "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",  # the bench's partners are local
            "KITH_RATE_LIMITS": "off",  # one loopback client measures throughput, not quotas
        }
        yield BenchStack(uri, env["NATS_URL"], env, state)


@contextmanager
def service(
    name: str, command: list[str], env: dict[str, str], ready_url: str, log_file: Path
) -> Iterator[None]:
    bin_dir = Path(sys.executable).parent
    full_env = {**os.environ, **env}
    cmd = [str(bin_dir / command[0]), *command[1:]]
    with processes.start_program(name, cmd, log_file=log_file, env=full_env) as proc:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(ready_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if not proc.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{proc.log_tail()}")
            time.sleep(0.2)
        yield
