"""A `helm` binary for rendering the chart offline: $KITH_HELM, else one built once from the Go
module proxy (a registry; no other network) and kept under .state/tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import yaml

HELM_MODULE = "helm.sh/helm/v4/cmd/helm"
HELM_VERSION = "v4.3.2"


def helm_binary(repo: Path) -> Path:
    configured = os.environ.get("KITH_HELM")
    if configured:
        return Path(configured)
    target = repo / ".state" / "tools" / f"helm-{HELM_VERSION}"
    binary = target / "helm"
    if binary.is_file():
        return binary
    go = shutil.which("go")
    if go is None:
        raise RuntimeError(
            "rendering the chart needs Go (to build helm) or KITH_HELM=/path/to/helm"
        )
    started = time.monotonic()
    subprocess.run(
        [go, "install", f"{HELM_MODULE}@{HELM_VERSION}"],
        env={**os.environ, "GOBIN": str(target), "CGO_ENABLED": "0"},
        check=True,
        capture_output=True,
    )
    print(f"built helm {HELM_VERSION} in {time.monotonic() - started:.0f} s")
    return binary


def render(helm: Path, chart: Path, *values: Path, **sets: str) -> list[dict[str, object]]:
    """`helm template` with these values files and --set pairs: the manifests, parsed."""
    command = [str(helm), "template", "kith", str(chart), "--namespace", "kith"]
    for path in values:
        command += ["--values", str(path)]
    for key, value in sets.items():
        command += ["--set", f"{key}={value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise AssertionError(f"helm template failed:\n{out.stderr}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def lint(helm: Path, chart: Path, *values: Path) -> subprocess.CompletedProcess[str]:
    command = [str(helm), "lint", "--strict", str(chart)]
    for path in values:
        command += ["--values", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)
