"""deploy/compose.yaml, the single-host production-like run: Neo4j 5 from the official image,
a 3-node NATS cluster with JetStream, the migrations job first, then every process from the one
image, each locked down as in Kubernetes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.helpers.deploy_image import COMMANDS


def test_compose_runs_every_process_after_migrations_on_a_nats_cluster(repo_root: Path) -> None:
    compose: dict[str, Any] = yaml.safe_load((repo_root / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert services["neo4j"]["image"].startswith("docker.io/library/neo4j:5.")
    nats = {name: s for name, s in services.items() if name.startswith("nats-")}
    assert len(nats) == 3
    for name, node in nats.items():
        args = node["command"]
        assert "--js" in args
        assert f"--name={name}" in args
        routes = next(a for a in args if a.startswith("--routes="))
        assert {f"nats://{other}:6222" for other in nats if other != name} == set(
            routes.removeprefix("--routes=").split(",")
        )
    kith = {name: s for name, s in services.items() if "KITH_DATA_KEYS" in s.get("environment", {})}
    commands = {name: s["command"] for name, s in kith.items()}
    image_commands = [c for c, _ in COMMANDS.values()] + [["kith-web"]]
    assert sorted(map(tuple, commands.values())) == sorted(map(tuple, image_commands))
    for name, service in kith.items():
        assert service["read_only"] is True
        assert service["user"] == "10001:10001"
        if name != "migrations":
            ready = service["depends_on"]["migrations"]["condition"]
            assert ready == "service_completed_successfully"
            assert set(nats) <= set(service["depends_on"])
