"""Nested HSDS/ORUK documents -> one row per object per HSDS table (pure).

A CSV cell carries a number or a non-blank string; everything a table cannot say about an
object is kept as its *shape* (one `kith_extensions` row), so reassembly gives back the very
document (same content hash): fields beyond HSDS (`extra`), values a cell cannot hold
(`verbatim`: null, ""), link columns the flattening filled in (`implied`), empty arrays
(`empty`), a one-to-one object given only by id (`unnested`), and a parent other than the
one the row's own columns name (`parent`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kith_directory.domain.hsds_tables import POLYMORPHIC, Layout

Row = dict[str, Any]
Shape = dict[str, Any]


def carriable(value: Any) -> bool:
    """Whether a CSV cell can hold `value` and give it back unchanged."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and value.strip() != "" and value == value.strip()


@dataclass
class Flat:
    """Rows by table and id (in first-seen order), and shapes by (table, id)."""

    rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    shapes: dict[tuple[str, str], Shape] = field(default_factory=dict)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # one id, two contents
    _first: dict[tuple[str, str], str] = field(default_factory=dict)


class Flattener:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.flat = Flat(rows={name: {} for name in layout.tables})

    def add(
        self, table: str, obj: Mapping[str, Any], parent: tuple[str, str] | None = None
    ) -> None:
        object_id = obj.get("id")
        if not isinstance(object_id, str) or not object_id:
            return
        if self._seen(table, object_id, obj):
            return
        spec = self.layout.tables[table]
        row: Row = {}
        shape: Shape = {}
        verbatim: Shape = {}
        extra: Shape = {}
        for key, value in obj.items():
            if key in spec.column_set:
                (row if carriable(value) else verbatim)[key] = value
            elif key not in spec.child_props:
                extra[key] = value
        implied = self._link_parent(table, row, parent)
        self.flat.rows[table][object_id] = row
        implied += self._children(table, obj, row, shape, extra)
        if parent is not None and self.layout.natural_parent(table, row) != parent:
            shape["parent"] = list(parent)
        for key, value in (("verbatim", verbatim), ("extra", extra), ("implied", implied)):
            if value:
                shape[key] = value
        if shape:
            self.flat.shapes[(table, object_id)] = shape

    def _children(
        self, table: str, obj: Mapping[str, Any], row: Row, shape: Shape, extra: Shape
    ) -> list[str]:
        """Flatten the nested objects; the link columns this filled in are returned."""
        implied: list[str] = []
        for child in self.layout.tables[table].children:
            value = obj.get(child.prop)
            if child.many and isinstance(value, list):
                if not value:
                    shape.setdefault("empty", []).append(child.prop)
                for item in value:
                    if isinstance(item, Mapping):
                        self.add(child.table, item, (table, str(obj["id"])))
            elif not child.many:
                implied += self._link_one(row, child.prop, child.table, value, shape, extra)
        return implied

    def _seen(self, table: str, object_id: str, obj: Mapping[str, Any]) -> bool:
        if object_id not in self.flat.rows[table]:
            if table in self.layout.entities:
                self.flat._first[(table, object_id)] = _canonical(obj)
            return False
        first = self.flat._first.get((table, object_id))
        if first is None or first != _canonical(obj):
            self.flat.conflicts.append((table, object_id))
        return True

    def _link_parent(self, table: str, row: Row, parent: tuple[str, str] | None) -> list[str]:
        if parent is None:
            return []
        parent_table, parent_id = parent
        kind, ref = POLYMORPHIC.get(table, (None, f"{parent_table}_id"))
        implied = []
        if ref in self.layout.tables[table].columns and ref not in row:
            row[ref] = parent_id
            implied.append(ref)
        if kind is not None and kind not in row:
            row[kind] = parent_table
            implied.append(kind)
        return implied

    def _link_one(
        self, row: Row, prop: str, table: str, value: Any, shape: Shape, extra: Shape
    ) -> list[str]:
        column = f"{table}_id"
        if not isinstance(value, Mapping):
            if row.get(column):  # given by id only: reassembly must not nest it
                shape.setdefault("unnested", []).append(prop)
            return []
        self.add(table, value)
        if column in row and row[column] != value.get("id"):  # the id names another row
            extra[prop] = value
            return []
        if isinstance(value.get("id"), str) and column not in row:
            row[column] = value["id"]
            return [column]
        return []


def _canonical(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def flatten(layout: Layout, services: Iterable[Mapping[str, Any]]) -> Flat:
    flattener = Flattener(layout)
    for service in services:
        flattener.add("service", service)
    return flattener.flat
