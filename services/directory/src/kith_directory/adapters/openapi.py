"""The ORUK openapi document, made self-contained, and Kith's own description of its API.

The official document points its response schemas at the profile's GitHub URLs; we answer
those from the vendored copies (`components/schemas`), so tools need no network. `official`
changes nothing else but one invalid keyword (`"type": "time"` on `start_time`/`end_time`,
not a JSON Schema type). `kith_openapi` is what `/openapi.json` serves: the official
document plus every parameter, constraint and error response the directory really has.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from kith_directory.adapters.openapi_extras import (
    ERROR_RESPONSES,
    POSTCODE_PATHS,
    PROFILE_URL,
    kith_additions,
)
from kith_directory.adapters.standards import openapi_document, schema_file

Json = dict[str, Any]


def _component_name(relative: str) -> str:
    return relative.removesuffix(".json").replace("/", "_")


def _localise(node: Any, base: str, root: Path, components: Json) -> Any:
    """Replace every reference to a profile schema file by a `#/components/schemas` one,
    loading each file once (files may refer to each other relatively)."""
    if isinstance(node, list):
        return [_localise(item, base, root, components) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        relative = ref.removeprefix(PROFILE_URL) if ref.startswith(PROFILE_URL) else base + ref
        name = _component_name(relative)
        if name not in components:
            components[name] = {}  # placeholder: breaks cycles
            folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
            loaded = schema_file(root, relative)
            components[name] = _localise(loaded, folder, root, components)
        return {"$ref": f"#/components/schemas/{name}"}
    return {key: _localise(value, base, root, components) for key, value in node.items()}


def _fix_time_types(document: Json) -> None:
    for parameter in document["components"]["parameters"].values():
        if parameter.get("schema", {}).get("type") == "time":
            parameter["schema"] = {"type": "string", "format": "time"}


def official_openapi(root: Path) -> Json:
    """The ORUK 3.0 openapi, self-contained, otherwise as published."""
    document = copy.deepcopy(openapi_document(root))
    schemas: Json = {}
    document["paths"] = _localise(document["paths"], "", root, schemas)
    document["components"].setdefault("schemas", {}).update(schemas)
    _fix_time_types(document)
    return document


def kith_openapi(root: Path) -> Json:
    """What Kith's directory serves at `/openapi.json`."""
    document = official_openapi(root)
    schemas: Json = {}
    additions = _localise(kith_additions(), "", root, schemas)
    document["components"]["schemas"].update(schemas)
    document["components"]["schemas"].update(additions["schemas"])
    document["components"]["parameters"].update(additions["parameters"])
    document["info"] = {**document["info"], **additions["info"]}
    # The profile's schemas are JSON Schema 2020-12 (its `jsonSchemaDialect` says so), with
    # descriptive keywords (`constraints`, `core`...) that only OpenAPI 3.1 schema objects
    # allow; declaring 3.1 makes the document valid without changing any schema.
    document["openapi"] = "3.1.0"
    for path, methods in additions["paths"].items():
        document["paths"].setdefault(path, {}).update(methods)
    for path, extra in additions["parameters_by_path"].items():
        operation = document["paths"][path]["get"]
        operation["parameters"] = [*operation.get("parameters", []), *extra]
    for path, methods in document["paths"].items():
        operation = methods["get"]
        has_query = any(
            p.get("in") == "query" or "parameters/" in p.get("$ref", "")
            for p in operation.get("parameters", [])
        )
        codes = (["400"] if has_query else []) + (["404"] if "{id}" in path else [])
        codes += ["422"] if path in POSTCODE_PATHS else []
        for code in codes:
            operation["responses"].setdefault(code, ERROR_RESPONSES[code])
    return document
