"""Locate and read the vendored Open Referral UK 3.0 schemas (`standards/oruk-3.0/`).

The folder is found by walking up from this file (a workspace checkout), unless
`KITH_ORUK_DIR` names it (an installed service with the schemas copied beside it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_VAR = "KITH_ORUK_DIR"
_RELATIVE = Path("standards") / "oruk-3.0"


class StandardsNotFound(FileNotFoundError):
    pass


def oruk_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / _RELATIVE
        if candidate.is_dir():
            return candidate
    raise StandardsNotFound(f"no {_RELATIVE} above {__file__}; set {ENV_VAR}")


def _load(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a JSON object")
    return document


def schema_file(root: Path, relative: str) -> dict[str, Any]:
    """A profile schema by its path under `schema/` (e.g. "compiled/service.json")."""
    return _load(root / "schema" / relative)


def service_schema(root: Path) -> dict[str, Any]:
    return _load(root / "schema" / "compiled" / "service.json")


def openapi_document(root: Path) -> dict[str, Any]:
    return _load(root / "schema" / "openapi.json")
