"""What the container image holds, re-created without a container engine: the build stage's
`uv sync --frozen --no-dev --no-editable` into a fresh environment from the repository's files,
then the sources removed, as the runtime stage has only the environment and the standards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Every command the image runs (deploy/container/Containerfile, deploy/helm/kith/values.yaml):
# the process, its arguments, and the variable naming its probe port (None: a one-off job).
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "gateway": (["kith-gateway"], "KITH_GATEWAY_PORT"),
    "directory": (["kith-directory", "serve"], "KITH_DIRECTORY_PORT"),
    "router": (["kith-router"], "KITH_ROUTER_PORT"),
    "notifications": (["kith-notifications"], "KITH_NOTIFICATIONS_PORT"),
    "matching-refresh": (["kith-matching-refresh", "--follow"], "KITH_MATCHING_REFRESH_PORT"),
    "migrate": (["kith-migrate"], None),
}
SYNC = ["sync", "--frozen", "--no-dev", "--no-editable", "--no-install-package", "kith-devstack"]


@dataclass(frozen=True)
class Image:
    root: Path

    @property
    def bin(self) -> Path:
        return self.root / "opt-kith" / "bin"

    @property
    def standards(self) -> Path:
        return self.root / "opt-kith-standards"

    def env(self, **extra: str) -> dict[str, str]:
        """The image's environment (its ENV lines) and nothing of this test process's."""
        return {
            "PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.root / "tmp"),
            "KITH_ORUK_DIR": str(self.standards / "oruk-3.0"),
            "KITH_HOST": "127.0.0.1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            # The image defaults to production (issuer, audience, https JWKS and data keys
            # required); here it runs against the test session's loopback Neo4j and NATS.
            "KITH_ENV": "test",
            **extra,
        }


def uv_command() -> list[str]:
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def repository_files(repo: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=repo,
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode().split("\0") if name]


def build(repo: Path, root: Path) -> Image:
    source = root / "src"
    for name in repository_files(repo):
        if (repo / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo / name, source / name)
    image = Image(root)
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(root / "opt-kith"), "UV_LINK_MODE": "copy"}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run([*uv_command(), *SYNC, "--quiet"], cwd=source, env=env, check=True)
    shutil.copytree(source / "standards", image.standards)
    shutil.rmtree(source)  # the runtime stage has no sources
    (root / "tmp").mkdir()
    return image
