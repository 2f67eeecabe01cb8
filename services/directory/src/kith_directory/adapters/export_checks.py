"""Check an export the way a consumer would: the tabular package with `frictionless`
against its own `datapackage.json`, the JSON documents against the ORUK compiled schemas."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import frictionless
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from kith_directory.adapters.standards import schema_file
from kith_directory.domain.validation import ServiceValidator

SHOWN = 20


def package_problems(path: Path) -> list[str]:
    """Every row, type, constraint and foreign-key error (folder, `datapackage.json` or zip)."""
    source = path / "datapackage.json" if path.is_dir() else path
    report = frictionless.validate(str(source), limit_errors=SHOWN)
    return [
        f"{task.name}: {error.type}: {error.note}" for task in report.tasks for error in task.errors
    ] + [f"{error.type}: {error.note}" for error in report.errors]


@cache
def _validator(root: Path, relative: str) -> Any:
    schema = schema_file(root, relative)
    if relative == "taxonomy.json":  # refers to taxonomy_term.json relatively
        schema["properties"]["taxonomy_terms"]["items"] = schema_file(root, "taxonomy_term.json")
    return Draft202012Validator(schema, format_checker=FormatChecker())


def json_problems(
    export: Mapping[str, Any], services: ServiceValidator, oruk_root: Path
) -> list[str]:
    """(where, message) of every exported document that its ORUK schema refuses."""
    problems = []
    for i, doc in enumerate(export.get("contents") or []):
        problem = services.problem(doc)
        if problem is not None:
            problems.append(f"contents[{i}] {problem[0]}: {problem[1]}")
    for key, relative in (("organizations", "compiled/organization.json"),
                          ("taxonomies", "taxonomy.json")):  # fmt: skip
        validator = _validator(oruk_root, relative)
        for i, doc in enumerate(export.get(key) or []):
            for error in validator.iter_errors(doc):
                problems.append(f"{key}[{i}] {error.json_path}: {error.message}")
    return problems
