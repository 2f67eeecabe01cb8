"""HSDS tables (CSV rows) -> nested ORUK service documents (pure).

Cells are typed by the table schema (blank = absent; a number column's text that is no
number stays text so that validation names it). Each row hangs under the parent its link
columns name (the most specific one), one-to-one objects (`organization_id` ->
`organization`) are nested from their tables, and a Kith export's shapes
(`domain/flatten.py`) restore what a table cannot say. Problems are reported per record:
a row with no id or a repeated id, a row whose parent does not exist, a service whose
link names a missing row (the whole service is rejected, never half-built), and every row
no service reached (under a rejected parent, or used by no service): no row is dropped
without a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kith_directory.domain.feed import Rejection
from kith_directory.domain.flatten import Row, Shape
from kith_directory.domain.hsds_tables import POLYMORPHIC, Layout

RawRows = Mapping[str, Sequence[tuple[int, Mapping[str, str | None]]]]  # table -> (row no., cells)


class Broken(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


@dataclass
class Reassembled:
    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[Rejection] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # every service id the package has


def typed(value: str, kind: str) -> Any:
    if kind not in ("number", "integer"):
        return value
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return value
        return number if number == number and abs(number) != float("inf") else value


class Reassembler:
    def __init__(self, layout: Layout, raw: RawRows, shapes: Mapping[tuple[str, str], Shape]):
        self.layout, self.shapes = layout, shapes
        self.out = Reassembled()
        self.by_id: dict[str, dict[str, Row]] = {name: {} for name in layout.tables}
        self.kids: dict[tuple[str, str, str], list[Row]] = {}
        self.parent_of: dict[tuple[str, str], tuple[str, str]] = {}
        self.reached: set[tuple[str, str]] = set()
        self.refused: set[tuple[str, str]] = set()
        for table in layout.tables:
            self._index(table, raw.get(table, []))
        for table in layout.tables:
            self._attach(table)

    def _index(self, table: str, rows: Sequence[tuple[int, Mapping[str, str | None]]]) -> None:
        kinds = {f["name"]: f["type"] for f in self.layout.tables[table].fields}
        where = self.layout.tables[table].path
        unknown = sorted(set(rows[0][1]) - set(kinds) - {""}) if rows else []
        if unknown:
            message = f"columns that are not HSDS {table} fields were ignored: {unknown}"
            self.out.notes.append(Rejection(where, "$", message))
        for number, cells in rows:
            row = {
                k: typed(v.strip(), kinds[k])
                for k, v in cells.items()
                if k in kinds and v and v.strip()
            }
            row_id = row.get("id")
            if not isinstance(row_id, str):
                self._reject(f"{where} row {number}", "$.id", "the row has no id")
            elif row_id in self.by_id[table]:
                self._reject(row_id, f"{where} row {number}", "this id is already used above")
            else:
                self.by_id[table][row_id] = row

    def _attach(self, table: str) -> None:
        where = self.layout.tables[table].path
        if not self.layout.parents[table] and table not in POLYMORPHIC:
            return
        for row_id, row in self.by_id[table].items():
            shape = self.shapes.get((table, row_id), {})
            parent = tuple(shape["parent"]) if "parent" in shape else None
            parent = parent or self.layout.natural_parent(table, row)
            if parent is None:
                self._reject(row_id, where, "the row names no parent it belongs to")
                self.refused.add((table, row_id))
            elif parent[0] not in self.by_id or parent[1] not in self.by_id[parent[0]]:
                message = f"its parent {parent[0]} {parent[1]} is not in the package"
                self._reject(row_id, where, message)
                self.refused.add((table, row_id))
            else:
                self.kids.setdefault((table, *parent), []).append(row)
                self.parent_of[(table, row_id)] = (parent[0], parent[1])

    def _reject(self, record_id: str, path: str, message: str) -> None:
        self.out.rejected.append(Rejection(record_id, path, message))

    def build(self, table: str, row: Row, path: str) -> dict[str, Any]:
        spec = self.layout.tables[table]
        shape = self.shapes.get((table, row["id"]), {})
        self.reached.add((table, row["id"]))
        obj: dict[str, Any] = dict(row)
        for child in spec.children:
            at = f"{path}.{child.prop}"
            if child.many and child.table not in self.layout.entities:
                kids = self.kids.get((child.table, table, row["id"]), [])
                built = [self.build(child.table, k, f"{at}[{i}]") for i, k in enumerate(kids)]
                if built or child.prop in shape.get("empty", ()):
                    obj[child.prop] = built
            elif not child.many and child.prop not in shape.get("unnested", ()):
                self._nest(obj, table, child.prop, child.table, path)
        for column in shape.get("implied", ()):
            obj.pop(column, None)
        restored: dict[str, Any] = {**obj, **shape.get("verbatim", {}), **shape.get("extra", {})}
        return restored

    def _nest(self, obj: dict[str, Any], owner: str, prop: str, table: str, path: str) -> None:
        ref = obj.get(f"{table}_id")
        if ref is None:
            return
        target = self.by_id[table].get(str(ref))
        if target is not None:
            obj[prop] = self.build(table, target, f"{path}.{prop}")
        elif f"{table}_id" in self.layout.required.get(owner, ()):
            where = self.layout.tables[table].path
            raise Broken(f"{path}.{table}_id", f"{table}_id {ref} names no row in {where}")
        # else: an optional link (a term's taxonomy, a service's program) stays an id

    def report_unreached(self) -> None:
        """Every row that no service reached and nothing above refused, with why."""
        for table, rows in self.by_id.items():
            where = self.layout.tables[table].path
            for row_id in rows:
                if (table, row_id) in self.reached or (table, row_id) in self.refused:
                    continue
                parent = self.parent_of.get((table, row_id))
                if parent is not None:
                    message = f"not imported: its parent {parent[0]} {parent[1]} was not"
                    self._reject(row_id, where, message)
                else:  # a shared row (organisation, location, term) no service uses
                    message = "not imported: no service in the package uses it"
                    self.out.notes.append(Rejection(row_id, where, message))


def reassemble(
    layout: Layout, raw: RawRows, shapes: Mapping[tuple[str, str], Shape] | None = None
) -> Reassembled:
    """The package's services as nested documents, with every problem found on the way."""
    assembler = Reassembler(layout, raw, shapes or {})
    assembler.out.listed = list(assembler.by_id["service"])
    for service_id, row in assembler.by_id["service"].items():
        try:
            assembler.out.records.append(assembler.build("service", row, "$"))
        except Broken as broken:
            assembler.out.rejected.append(Rejection(service_id, broken.path, broken.message))
        except RecursionError:
            assembler.out.rejected.append(Rejection(service_id, "$", "nested too deeply"))
    assembler.report_unreached()
    return assembler.out
