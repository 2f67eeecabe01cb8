"""The HSDS 3.0 tabular form, derived from the official per-object JSON schemas (pure).

Each schema in `standards/hsds-3.0/schema/` with `datapackage_metadata` is one table: its
scalar properties are the columns (type, format, `required` + `tabular_required`, `unique`,
`enum`), its `$ref` properties the nested objects. Foreign keys follow the schemas' own
naming: `<table>_id` points at that table's `id`, `parent_id` at its own table's,
`parent_<table>_id` at `<table>`'s. The polymorphic links (`attribute.link_id`,
`metadata.resource_id`) name their table in a sibling column and carry no foreign key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}
_FORMATS = frozenset({"uuid", "uri", "email"})
# The schemas describe date and time strings loosely ("HH:MM", with or without a zone); the
# JSON documents are not stricter, so neither is the table: frictionless' "any" parser.
_LOOSE = {"date": "any", "time": "any"}

# Tables that a parent holds one of (`service.organization`, `service_at_location.location`,
# `attribute.taxonomy_term`...) are shared entities, referenced by id, never nested as
# arrays elsewhere (HSDS' `organization.locations` would duplicate `service_at_location`).
POLYMORPHIC = {
    "attribute": ("link_entity", "link_id"),
    "metadata": ("resource_type", "resource_id"),
}


@dataclass(frozen=True)
class Child:
    prop: str
    table: str
    many: bool


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    order: int
    columns: tuple[str, ...]
    fields: tuple[dict[str, Any], ...]
    children: tuple[Child, ...]

    @cached_property
    def column_set(self) -> frozenset[str]:
        return frozenset(self.columns)

    @cached_property
    def child_props(self) -> frozenset[str]:
        return frozenset(c.prop for c in self.children)

    def child(self, prop: str) -> Child | None:
        return next((c for c in self.children if c.prop == prop), None)


def _ref_table(prop: Mapping[str, Any]) -> tuple[str, bool] | None:
    if "$ref" in prop:
        return str(prop["$ref"]).removesuffix(".json"), False
    items = prop.get("items")
    if prop.get("type") == "array" and isinstance(items, Mapping) and "$ref" in items:
        return str(items["$ref"]).removesuffix(".json"), True
    return None


def _field(name: str, prop: Mapping[str, Any], required: bool) -> dict[str, Any]:
    kind = prop.get("datapackage_type") or _TYPES.get(str(prop.get("type")), "string")
    field: dict[str, Any] = {"name": name, "type": kind}
    if prop.get("format") in _FORMATS:
        field["format"] = prop["format"]
    elif kind in _LOOSE:
        field["format"] = _LOOSE[kind]
    if prop.get("description"):
        field["description"] = prop["description"]
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if (prop.get("constraints") or {}).get("unique"):
        constraints["unique"] = True
    if prop.get("enum"):
        constraints["enum"] = list(prop["enum"])
    if constraints:
        field["constraints"] = constraints
    return field


def table_from_schema(schema: Mapping[str, Any]) -> Table:
    required = {*schema.get("required", ()), *schema.get("tabular_required", ())}
    columns, fields, children = [], [], []
    for name, prop in schema["properties"].items():
        ref = _ref_table(prop)
        if ref is not None:
            children.append(Child(name, *ref))
            continue
        columns.append(name)
        fields.append(_field(name, prop, name in required))
    meta = schema["datapackage_metadata"]
    return Table(
        schema["name"], schema["path"], int(meta["order"]), tuple(columns), tuple(fields),
        tuple(children),
    )  # fmt: skip


def tables_from_schemas(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Table]:
    """Every tabular schema (by name), in the order the specification gives them."""
    tables = [table_from_schema(s) for s in schemas.values() if "datapackage_metadata" in s]
    return {t.name: t for t in sorted(tables, key=lambda t: t.order)}


def referenced_table(table: str, column: str, tables: Mapping[str, Table]) -> str | None:
    """The table a column's values are ids of, by the schemas' naming, or None."""
    if column == "id" or not column.endswith("_id"):
        return None
    stem = column.removesuffix("_id")
    if stem == "parent":
        return table
    stem = stem.removeprefix("parent_")
    return stem if stem in tables else None


def entity_tables(tables: Mapping[str, Table]) -> frozenset[str]:
    """Tables some parent holds exactly one of (shared, referenced by id)."""
    return frozenset(c.table for t in tables.values() for c in t.children if not c.many)


def foreign_keys(table: Table, tables: Mapping[str, Table]) -> list[dict[str, Any]]:
    keys = []
    for column in table.columns:
        target = referenced_table(table.name, column, tables)
        if target is not None:
            reference = {"resource": "" if target == table.name else target, "fields": ["id"]}
            keys.append({"fields": [column], "reference": reference})
    return keys


# When a row names several parents (a phone with `contact_id` and `service_id`), it belongs
# to the most specific one.
SPECIFICITY = ("contact", "phone", "service_at_location", "location", "service", "organization")


class Layout:
    """The tables and how rows nest, computed once."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = dict(tables)
        self.entities = entity_tables(tables)
        self.parents = {name: self._parent_tables(name) for name in tables}
        self.required = {
            name: frozenset(f["name"] for f in t.fields if f.get("constraints", {}).get("required"))
            for name, t in tables.items()
        }

    def _parent_tables(self, table: str) -> list[str]:
        """The tables that nest `table` as an array and that it names by a `<parent>_id`
        column, most specific first (none for shared entities and polymorphic links)."""
        if table in POLYMORPHIC or table in self.entities:
            return []
        columns = self.tables[table].columns
        parents = [
            t.name
            for t in self.tables.values()
            if f"{t.name}_id" in columns and any(c.table == table and c.many for c in t.children)
        ]
        rank = {name: i for i, name in enumerate(SPECIFICITY)}
        return sorted(parents, key=lambda name: rank.get(name, len(rank)))

    def natural_parent(self, table: str, row: Mapping[str, Any]) -> tuple[str, str] | None:
        """(parent table, parent id) a row's own columns name, or None."""
        if table in POLYMORPHIC:
            kind, ref = POLYMORPHIC[table]
            if row.get(kind) and row.get(ref):
                return str(row[kind]), str(row[ref])
            return None
        for parent in self.parents[table]:
            value = row.get(f"{parent}_id")
            if value:
                return parent, str(value)
        return None


def table_schema(table: Table, tables: Mapping[str, Table]) -> dict[str, Any]:
    return {
        "fields": [dict(f) for f in table.fields],
        "primaryKey": ["id"],
        "foreignKeys": foreign_keys(table, tables),
        "missingValues": [""],
    }
