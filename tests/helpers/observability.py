"""Kith's processes as they run in production (their console scripts, on free loopback ports,
against the session's Neo4j and NATS) and what their `/metrics` say; and an in-memory span
exporter for the trace tests."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from kith_devstack import processes
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

# process → (console script and arguments, the variable naming its port)
PROCESSES: dict[str, tuple[list[str], str]] = {
    "gateway": (["kith-gateway"], "KITH_GATEWAY_PORT"),
    "directory": (["kith-directory", "serve"], "KITH_DIRECTORY_PORT"),
    "router": (["kith-router"], "KITH_ROUTER_PORT"),
    "notifications": (["kith-notifications"], "KITH_NOTIFICATIONS_PORT"),
}
FAST = {
    "KITH_ENV": "test",
    "KITH_LOG_LEVEL": "warning",
    "KITH_RATE_LIMITS": "off",
    "KITH_OUTBOX_POLL_MS": "50",
    "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
    "KITH_NOTIFY_POLL_S": "0.05",
}


@dataclass(frozen=True)
class Running:
    urls: dict[str, str]  # process name → base URL
    procs: dict[str, processes.ManagedProcess]


def _wait_ready(url: str, proc: processes.ManagedProcess, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if not proc.alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{proc.name} not ready at {url}:\n{proc.log_tail()}")
        time.sleep(0.2)


@contextmanager
def kith_processes(env: dict[str, str], logs: Path, *names: str) -> Iterator[Running]:
    """Start the named processes with `env` on top of the test environment; stop them after."""
    binaries = Path(sys.executable).parent
    urls: dict[str, str] = {}
    procs: dict[str, processes.ManagedProcess] = {}
    with ExitStack() as stack:
        for name in names:
            command, port_var = PROCESSES[name]
            port = processes.free_port()
            full_env = {**os.environ, **FAST, **env, port_var: str(port)}
            cmd = [str(binaries / command[0]), *command[1:]]
            proc = processes.start_program(name, cmd, log_file=logs / f"{name}.log", env=full_env)
            procs[name] = stack.enter_context(proc)
            urls[name] = f"http://127.0.0.1:{port}"
        for name in names:
            _wait_ready(urls[name], procs[name])
        yield Running(urls, procs)


@dataclass(frozen=True)
class Scrape:
    """One `/metrics` answer: its text and its samples."""

    text: str

    def value(self, name: str, **labels: str) -> float | None:
        """The sample named `name` whose labels include `labels` (summed if several)."""
        found = [
            sample.value
            for family in text_string_to_metric_families(self.text)
            for sample in family.samples
            if sample.name == name and labels.items() <= sample.labels.items()
        ]
        return sum(found) if found else None

    def label_values(self, name: str, label: str) -> set[str]:
        return {
            sample.labels[label]
            for family in text_string_to_metric_families(self.text)
            for sample in family.samples
            if sample.name == name and label in sample.labels
        }


async def scrape(client: httpx.AsyncClient, base_url: str) -> Scrape:
    response = await client.get(f"{base_url}/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return Scrape(response.text)


_EXPORTER = InMemorySpanExporter()


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span this test process finishes, in memory. The SDK's provider is installed once
    (OpenTelemetry allows one per process); spans are only kept while a test asks for them."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    _EXPORTER.clear()
    keeping = _Keeping(_EXPORTER)
    provider.add_span_processor(keeping)
    yield _EXPORTER
    keeping.stop()
    _EXPORTER.clear()


class _Keeping(SimpleSpanProcessor):
    """A processor a test can turn off (the provider cannot drop one)."""

    def __init__(self, exporter: InMemorySpanExporter) -> None:
        super().__init__(exporter)
        self.on = True

    def on_end(self, span: object) -> None:
        if self.on:
            super().on_end(span)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.on = False
