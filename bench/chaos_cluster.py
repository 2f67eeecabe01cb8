"""The pieces the chaos harness breaks: a 3-node NATS JetStream cluster on loopback (the
`nats-server` the project already ships), the KITH stream with 3 replicas, and Kith's
processes as real subprocesses that can be SIGKILLed and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import nats
from kith_common.jetstream import ensure_stream
from kith_devstack import processes

STREAM = "KITH"


def _sigkill_child(proc: processes.ManagedProcess) -> None:
    """SIGKILL the program under its parent-death watchdog (no clean shutdown), then reap."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    proc.popen.wait(timeout=30)


@dataclass
class NatsCluster:
    root: Path
    size: int = 3
    client_ports: list[int] = field(default_factory=list)
    route_ports: list[int] = field(default_factory=list)
    nodes: list[processes.ManagedProcess | None] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [f"nats://127.0.0.1:{port}" for port in self.client_ports]

    def name(self, index: int) -> str:
        return f"kith-n{index + 1}"

    def start(self) -> None:
        self.client_ports = [processes.free_port() for _ in range(self.size)]
        self.route_ports = [processes.free_port() for _ in range(self.size)]
        self.nodes = [None] * self.size
        for index in range(self.size):
            self.start_node(index)

    def start_node(self, index: int) -> None:
        routes = ",".join(f"nats://127.0.0.1:{p}" for p in self.route_ports)
        store = self.root / self.name(index)
        store.mkdir(parents=True, exist_ok=True)
        args = ["-js", "-sd", str(store), "-a", "127.0.0.1", "-p", str(self.client_ports[index])]
        args += ["--server_name", self.name(index), "--cluster_name", "kith-chaos"]
        args += ["--cluster", f"nats://127.0.0.1:{self.route_ports[index]}", "--routes", routes]
        binary = processes._nats_server_binary()
        log = self.root / f"{self.name(index)}.log"
        self.nodes[index] = processes.start_program(self.name(index), [binary, *args], log_file=log)
        processes.wait_for_nats("127.0.0.1", self.client_ports[index], process=self.nodes[index])

    def kill(self, index: int) -> None:
        node = self.nodes[index]
        if node is not None:
            _sigkill_child(node)
            node.stop()
            self.nodes[index] = None

    def stop(self) -> None:
        for node in self.nodes:
            if node is not None:
                node.stop()

    async def create_stream(self, within: float = 120.0) -> None:
        """The KITH stream with 3 replicas, once the cluster has elected a meta leader."""
        deadline = time.monotonic() + within
        nc = await nats.connect(servers=self.urls, max_reconnect_attempts=-1)
        try:
            while True:
                try:
                    await ensure_stream(nc.jetstream(timeout=10), STREAM, replicas=self.size)
                    return
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(1)
        finally:
            await nc.close()

    async def stream_leader(self) -> int:
        """Which node leads the KITH stream's replicas now."""
        nc = await nats.connect(servers=self.urls)
        try:
            info = await nc.jetstream(timeout=10).stream_info(STREAM)
        finally:
            await nc.close()
        leader = info.cluster.leader if info.cluster else None
        names = [self.name(i) for i in range(self.size)]
        return names.index(leader) if leader in names else 0


@dataclass
class Neo4jNode:
    """The single Neo4j every process talks to, on a fixed Bolt port and store, so that a
    kill -9 and a start again is the same database coming back (after its recovery)."""

    root: Path
    heap: str = "1g"
    port: int = field(default_factory=processes.free_port)
    proc: processes.ManagedProcess | None = None
    starts: int = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self, within: float = 300.0) -> None:
        self.starts += 1
        log = self.root / f"neo4j-{self.starts}.log"
        self.proc = processes.start_neo4j(
            self.root / "neo4j", self.port, heap=self.heap, log_file=log
        )
        processes.wait_for_neo4j(self.uri, within, process=self.proc)

    def kill(self) -> None:
        """SIGKILL the JVM itself (no shutdown hook, no checkpoint), then reap it."""
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.popen.wait(timeout=60)
            self.proc.stop()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop(timeout=60)
            self.proc = None


# process → (console script and arguments, the variable naming its port)
COMMANDS: dict[str, tuple[list[str], str]] = {
    "gateway": (["kith-gateway"], "KITH_GATEWAY_PORT"),
    "router": (["kith-router"], "KITH_ROUTER_PORT"),
    "notifications": (["kith-notifications"], "KITH_NOTIFICATIONS_PORT"),
}


@dataclass
class KithProcess:
    """One replica of a Kith process; `kill()` is kill -9, `start()` brings it back."""

    kind: str
    replica: int
    env: dict[str, str]
    logs: Path
    port: int = field(default_factory=processes.free_port)
    proc: processes.ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, within: float = 240.0) -> None:
        command, port_var = COMMANDS[self.kind]
        cmd = [str(Path(sys.executable).parent / command[0]), *command[1:]]
        env = {**os.environ, **self.env, port_var: str(self.port)}
        log = self.logs / f"{self.kind}-{self.replica}.log"
        self.proc = processes.start_program(self.kind, cmd, log_file=log, env=env)
        deadline = time.monotonic() + within
        while True:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if not self.proc.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{self.kind} did not start:\n{self.proc.log_tail()}")
            time.sleep(0.2)

    def kill(self) -> None:
        if self.proc is not None:
            _sigkill_child(self.proc)
            self.proc.stop()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()
            self.proc = None
