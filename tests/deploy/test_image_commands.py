"""Every command the production image runs exists and starts from a clean `--no-dev`
environment with no sources beside it: each long-running process answers /healthz and /readyz
against the real Neo4j and NATS, the migrations job checks the schema, and nothing
development-only (the local stack, test tools) is installed."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from kith_common.settings import Settings
from kith_devstack.processes import free_port

from tests.helpers.deploy_image import COMMANDS, Image, build
from tests.support import eventually


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Image:
    started = time.monotonic()
    built = build(repo_root, tmp_path_factory.mktemp("image"))
    print(f"clean --no-dev environment built in {time.monotonic() - started:.1f} s")
    return built


def test_nothing_development_only_is_installed(image: Image) -> None:
    probe = "import importlib.util as u; print([m for m in {mods} if u.find_spec(m)])"
    mods = ["kith_devstack", "pytest", "hypothesis", "mypy", "ruff"]
    found = subprocess.run(
        [str(image.bin / "python"), "-c", probe.format(mods=mods)],
        env=image.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "[]"
    for command, _ in COMMANDS.values():
        assert (image.bin / command[0]).is_file(), f"{command[0]} is not in the image"


def test_the_migrations_job_runs_from_the_image(image: Image, settings: Settings) -> None:
    command, _ = COMMANDS["migrate"]
    env = image.env(NEO4J_URI=settings.neo4j_uri)
    for args in (command, [*command, "--check"]):
        done = subprocess.run(args, env=env, cwd=image.root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == {"pending": []}


@pytest.fixture
def services(
    image: Image, settings: Settings
) -> Iterator[dict[str, tuple[int, subprocess.Popen[bytes]]]]:
    running: dict[str, tuple[int, subprocess.Popen[bytes]]] = {}
    try:
        for name, (command, port_variable) in COMMANDS.items():
            if port_variable is None:
                continue
            port = free_port()
            env = image.env(
                NEO4J_URI=settings.neo4j_uri,
                NATS_URL=",".join(settings.nats_servers),
                **{port_variable: str(port)},
            )
            with (image.root / f"{name}.log").open("wb") as log:  # the child keeps its copy
                proc = subprocess.Popen(command, env=env, cwd=image.root, stdout=log, stderr=log)
            running[name] = (port, proc)
        yield running
    finally:
        for _, proc in running.values():
            proc.terminate()
        for _, proc in running.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def test_every_process_starts_and_is_ready(
    image: Image, services: dict[str, tuple[int, subprocess.Popen[bytes]]]
) -> None:
    async with httpx.AsyncClient(timeout=5) as client:

        async def ready(name: str, port: int, proc: subprocess.Popen[bytes]) -> None:
            async def probe() -> bool:
                if proc.poll() is not None:
                    log = (image.root / f"{name}.log").read_text()[-3000:]
                    raise AssertionError(f"{name} exited with {proc.returncode}:\n{log}")
                try:
                    live = await client.get(f"http://127.0.0.1:{port}/healthz")
                    answer = await client.get(f"http://127.0.0.1:{port}/readyz")
                except httpx.TransportError:
                    return False
                return live.status_code == 200 and answer.status_code == 200

            await eventually(probe, within=180, interval=0.5)

        await asyncio.gather(*(ready(n, port, p) for n, (port, p) in services.items()))
