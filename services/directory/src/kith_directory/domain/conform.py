"""Make flattened rows satisfy the derived table schemas before they are written (pure).

Documents valid against ORUK can still break a table rule: a term's `parent_id` naming a
term no feed published, a `code` two taxonomies share, a date no parser reads. Such a value
leaves its cell for the object's shape (`verbatim`), so the package validates AND a Kith
import still gives the document back whole; each move is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frictionless import Field

from kith_directory.domain.flatten import Flat
from kith_directory.domain.hsds_tables import Layout, referenced_table

_CHECKED_TYPES = frozenset({"date", "time", "datetime", "number", "integer"})


@dataclass(frozen=True)
class Repair:
    table: str
    id: str
    column: str
    reason: str


def _move(flat: Flat, table: str, row_id: str, column: str) -> None:
    row = flat.rows[table][row_id]
    shape = flat.shapes.setdefault((table, row_id), {})
    shape.setdefault("verbatim", {})[column] = row.pop(column)


class _CellCheck:
    """One column's parser, built once, with each distinct value's verdict remembered
    (opening times, statuses and dates repeat across thousands of rows)."""

    def __init__(self, descriptor: dict[str, Any]) -> None:
        self.name = descriptor["name"]
        self.enum = descriptor.get("constraints", {}).get("enum")
        self.read = Field.from_descriptor(descriptor).create_cell_reader()
        self.verdicts: dict[Any, str | None] = {}

    def problem(self, value: Any) -> str | None:
        key = (type(value), value)
        if key not in self.verdicts:
            self.verdicts[key] = self._judge(value)
        return self.verdicts[key]

    def _judge(self, value: Any) -> str | None:
        if self.enum is not None and value not in self.enum:
            return f"not one of {self.enum}"
        _, notes = self.read(value if isinstance(value, str) else str(value))
        return "; ".join(str(n) for n in notes.values()) if notes else None


def _checked_fields(layout: Layout, table: str) -> list[_CellCheck]:
    return [
        _CellCheck(d)
        for d in layout.tables[table].fields
        if d["name"] != "id"
        and (d["type"] in _CHECKED_TYPES or "format" in d or "enum" in d.get("constraints", {}))
    ]


def conform(layout: Layout, flat: Flat) -> list[Repair]:
    repairs: list[Repair] = []
    for table in layout.tables:
        repairs += _cells(layout, flat, table)
        repairs += _unique(layout, flat, table)
    for table in layout.tables:  # after cells: a moved id is no longer a target
        repairs += _references(layout, flat, table)
        repairs += _required(layout, flat, table)
    return repairs


def _cells(layout: Layout, flat: Flat, table: str) -> list[Repair]:
    repairs = []
    checks = _checked_fields(layout, table)
    for row_id, row in list(flat.rows[table].items()):
        for check in checks:
            problem = check.problem(row[check.name]) if check.name in row else None
            if problem:
                _move(flat, table, row_id, check.name)
                repairs.append(Repair(table, row_id, check.name, problem))
    return repairs


def _unique(layout: Layout, flat: Flat, table: str) -> list[Repair]:
    repairs = []
    for descriptor in layout.tables[table].fields:
        name = descriptor["name"]
        if name == "id" or not descriptor.get("constraints", {}).get("unique"):
            continue
        seen: set[Any] = set()
        for row_id, row in flat.rows[table].items():
            if name in row and row[name] in seen:
                _move(flat, table, row_id, name)
                repairs.append(Repair(table, row_id, name, "repeats another row's value"))
            elif name in row:
                seen.add(row[name])
    return repairs


def _required(layout: Layout, flat: Flat, table: str) -> list[Repair]:
    """A required text the object has blank (ORUK allows "") or lacks: the table gets the
    object's name (else "unknown"), the shape keeps the truth for a Kith import."""
    repairs = []
    for descriptor in layout.tables[table].fields:
        name = descriptor["name"]
        if not descriptor.get("constraints", {}).get("required") or descriptor["type"] != "string":
            continue
        for row_id, row in flat.rows[table].items():
            if name in row or "format" in descriptor or "enum" in descriptor["constraints"]:
                continue
            shape = flat.shapes.setdefault((table, row_id), {})
            if name not in shape.get("verbatim", {}):
                shape.setdefault("implied", []).append(name)
            row[name] = row.get("name") or "unknown"
            repairs.append(Repair(table, row_id, name, f"required but blank: {row[name]!r}"))
    return repairs


def _references(layout: Layout, flat: Flat, table: str) -> list[Repair]:
    repairs = []
    for column in layout.tables[table].columns:
        target = referenced_table(table, column, layout.tables)
        if target is None:
            continue
        known = flat.rows[target]
        for row_id, row in flat.rows[table].items():
            if column in row and row[column] not in known:
                _move(flat, table, row_id, column)
                repairs.append(Repair(table, row_id, column, f"names no {target} in the export"))
    return repairs
