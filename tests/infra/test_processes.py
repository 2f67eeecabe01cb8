"""The local infrastructure processes are real: they start, answer, stop cleanly, and never
outlive the parent that started them. No mocks: a JVM and a nats-server per test."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import nats
import pytest
from kith_devstack import processes
from neo4j import GraphDatabase


def _eventually(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _gone(proc: processes.ManagedProcess) -> bool:
    return proc.popen.poll() is not None and not Path(f"/proc/{proc.pid}").exists()


def _count_probes(uri: str) -> int:
    with GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN count(p) AS n")
        return int(records[0]["n"])


def test_neo4j_answers_bolt_stops_cleanly_and_exits_with_its_parent(tmp_path: Path) -> None:
    home, log = tmp_path / "neo4j", tmp_path / "neo4j.log"
    port = processes.free_port()
    uri = f"bolt://127.0.0.1:{port}"
    with processes.start_neo4j(home, port, log_file=log) as proc:
        processes.wait_for_neo4j(uri, timeout=180, process=proc)
        with GraphDatabase.driver(uri, auth=None) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one")
            assert records[0]["one"] == 1
            driver.execute_query("CREATE (:Probe {name: $name})", parameters_={"name": "kept"})
        code = proc.stop()
    assert code == 143  # 128 + SIGTERM: the shutdown hook ran; it was not SIGKILLed
    assert _gone(proc)
    assert _port_closed(port)
    assert log.read_text().count(f"KITH_NEO4J_READY {uri}") == 1

    # Same home again: the data survived. Then the parent "dies": its end of stdin closes.
    port = processes.free_port()
    uri = f"bolt://127.0.0.1:{port}"
    with processes.start_neo4j(home, port, log_file=log) as proc:
        processes.wait_for_neo4j(uri, timeout=180, process=proc)
        assert _count_probes(uri) == 1
        assert proc.popen.stdin is not None
        proc.popen.stdin.close()
        assert proc.popen.wait(timeout=30) == 0, proc.log_tail()
    assert _gone(proc)
    assert _port_closed(port)


async def test_nats_jetstream_publish_read_back_and_stop(tmp_path: Path) -> None:
    store = tmp_path / "jetstream"
    port = processes.free_port()
    with processes.start_nats(store, port, log_file=tmp_path / "nats.log") as proc:
        info = processes.wait_for_nats("127.0.0.1", port, timeout=30, process=proc)
        assert info["jetstream"] is True
        nc = await nats.connect(f"nats://127.0.0.1:{port}", allow_reconnect=False)
        try:
            js = nc.jetstream()
            await js.add_stream(name="PROBE", subjects=["probe.>"])
            ack = await js.publish("probe.hello", b"hello kith")
            stored = await js.get_msg("PROBE", ack.seq)
            assert stored.data == b"hello kith"
            sub = await js.pull_subscribe("probe.>", durable="reader", stream="PROBE")
            [msg] = await sub.fetch(1, timeout=5)
            assert (msg.subject, msg.data) == ("probe.hello", b"hello kith")
            await msg.ack()
        finally:
            await nc.close()
        assert proc.stop() == 0
    assert _gone(proc)
    assert _port_closed(port)
    assert any((store / "jetstream").rglob("*.blk"))  # the stream really was on disk


@pytest.mark.parametrize("parent_death", ["stdin-eof", "watchdog-sigkill"])
def test_nats_server_exits_when_its_parent_dies(tmp_path: Path, parent_death: str) -> None:
    port = processes.free_port()
    with processes.start_nats(tmp_path / "js", port, log_file=tmp_path / "nats.log") as proc:
        processes.wait_for_nats("127.0.0.1", port, timeout=30, process=proc)
        if parent_death == "stdin-eof":  # what the kernel does when the parent dies
            assert proc.popen.stdin is not None
            proc.popen.stdin.close()
        else:  # the watchdog itself is killed: PR_SET_PDEATHSIG takes nats-server down
            proc.popen.kill()
        assert _eventually(lambda: _port_closed(port)), proc.log_tail()
        proc.popen.wait(timeout=10)
    assert _gone(proc)
