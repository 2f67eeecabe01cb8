"""Read and write the HSDS tabular form: one CSV per table plus `datapackage.json`, as a
folder or a zip. Reading tolerates what spreadsheets produce: a byte-order mark, Windows line
endings, headers in another case or with spaces, missing files and columns."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kith_directory.adapters.standards import oruk_dir
from kith_directory.domain.flatten import Flat, Shape
from kith_directory.domain.hsds_tables import Layout, table_schema, tables_from_schemas
from kith_directory.domain.reassemble import RawRows

EXTENSIONS = "kith_extensions"
EXTENSIONS_PATH = "kith_extensions.csv"
# Kith's own table (not HSDS): what the HSDS tables cannot say about an object.
EXTENSIONS_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "resource_type", "type": "string", "constraints": {"required": True}},
        {"name": "resource_id", "type": "string", "constraints": {"required": True}},
        {"name": "shape", "type": "object", "constraints": {"required": True}},
    ],
    "primaryKey": ["resource_type", "resource_id"],
    "missingValues": [""],
}


class PackageError(ValueError):
    """The path is not a readable HSDS datapackage (no services table at all)."""


def hsds_dir(env: Mapping[str, str] | None = None) -> Path:
    """`standards/hsds-3.0`, beside the ORUK profile (see `adapters/standards.py`)."""
    return oruk_dir(env).parent / "hsds-3.0"


def hsds_layout(root: Path | None = None) -> Layout:
    folder = (root or hsds_dir()) / "schema"
    schemas = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.stem != "openapi"
    }
    return Layout(tables_from_schemas(schemas))


def descriptor(layout: Layout) -> dict[str, Any]:
    """`datapackage.json`: every HSDS table with its schema derived from the JSON schemas."""
    resources = [_resource(t.name, t.path, table_schema(t, layout.tables)) for t in
                 layout.tables.values()]  # fmt: skip
    resources.append(_resource(EXTENSIONS, EXTENSIONS_PATH, EXTENSIONS_SCHEMA))
    return {
        "name": "kith-hsds-directory",
        "title": "Kith directory (HSDS 3.0 / Open Referral UK 3.0)",
        "profile": "tabular-data-package",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "resources": resources,
    }


def _resource(name: str, path: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _cell(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _csv_text(columns: list[str], rows: Iterator[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    # RFC 4180 line ends: a cell holding a lone CR or LF is then quoted too.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) if c in row else "" for c in columns])
    return buffer.getvalue()


def package_files(layout: Layout, flat: Flat) -> Iterator[tuple[str, str]]:
    """(path, text) of `datapackage.json` and every CSV."""
    yield "datapackage.json", json.dumps(descriptor(layout), indent=2, ensure_ascii=False)
    for table in layout.tables.values():
        rows = flat.rows.get(table.name, {}).values()
        yield table.path, _csv_text(list(table.columns), iter(rows))
    shapes = (
        {"resource_type": t, "resource_id": i, "shape": json.dumps(s, ensure_ascii=False)}
        for (t, i), s in flat.shapes.items()
    )
    yield EXTENSIONS_PATH, _csv_text(["resource_type", "resource_id", "shape"], shapes)


def write_package(layout: Layout, flat: Flat, out: Path) -> Path:
    """A folder, or a zip when `out` ends in `.zip`."""
    if out.suffix == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in package_files(layout, flat):
                archive.writestr(name, text)
        return out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in package_files(layout, flat):
        (out / name).write_bytes(text.encode("utf-8"))
    return out


def _reader(path: Path) -> dict[str, bytes]:
    """Every file of the package by its lower-cased name (folder or zip)."""
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            return {Path(n).name.lower(): archive.read(n) for n in names}
    if path.is_dir():
        return {p.name.lower(): p.read_bytes() for p in path.iterdir() if p.is_file()}
    raise PackageError(f"{path} is neither a folder nor a zip of CSV files")


def _paths(layout: Layout, files: Mapping[str, bytes]) -> dict[str, str]:
    """Which file holds each table: as `datapackage.json` says, else HSDS' default name."""
    paths = {t.name: t.path.lower() for t in layout.tables.values()}
    paths[EXTENSIONS] = EXTENSIONS_PATH
    try:
        declared = json.loads(files["datapackage.json"].decode("utf-8-sig"))
        for resource in declared.get("resources", []):
            if resource.get("name") in paths and isinstance(resource.get("path"), str):
                paths[resource["name"]] = Path(resource["path"]).name.lower()
    except (KeyError, ValueError, AttributeError):
        pass
    for name, path in paths.items():
        if path not in files and f"{name}s.csv" in files:
            paths[name] = f"{name}s.csv"
    return paths


def _rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            rows.append((number, dict(zip(header, cells, strict=False))))
    return rows


def read_package(path: Path, layout: Layout) -> tuple[RawRows, dict[tuple[str, str], Shape]]:
    files = _reader(path)
    paths = _paths(layout, files)
    if paths["service"] not in files:
        raise PackageError(f"{path} has no {layout.tables['service'].path}")
    raw = {name: _rows(files[p]) for name, p in paths.items() if p in files and name != EXTENSIONS}
    shapes: dict[tuple[str, str], Shape] = {}
    for _, cells in _rows(files.get(EXTENSIONS_PATH, b"")):
        try:
            shape = json.loads(cells.get("shape") or "")
        except ValueError:
            continue
        if isinstance(shape, dict):
            shapes[(str(cells.get("resource_type")), str(cells.get("resource_id")))] = shape
    return raw, shapes
