"""The repairs an ORUK 1.0-era feed gets, for ORUK 3.0 feeds too (pure).

Councils publishing 3.0 make the same slips: `http:www.example.co.uk`, `https:/example.co.uk`,
a bare host, an email ending in a dot. Every web address and email anywhere in a 3.0 service
(the service, its organisation, contacts, schedules, locations, taxonomy terms) is repaired
as `urls` does it; a value that cannot be repaired is dropped. Each repair and each drop is a
note naming the record and the JSON path, so nothing changes or vanishes without a word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kith_directory.domain.feed import Rejection, record_label
from kith_directory.domain.urls import Fixed, repair_email, repair_url

# Field names that hold a web address or an email in ORUK 3.0 (`format: uri` / `email` in the
# compiled service schema, plus `logo` and a contact's `email`, which it leaves unformatted).
REPAIRS: dict[str, Callable[[Any], Fixed]] = {
    "url": repair_url,
    "website": repair_url,
    "uri": repair_url,
    "logo": repair_url,
    "schedule_link": repair_url,
    "term_uri": repair_url,
    "email": repair_email,
    "assurer_email": repair_email,
}

KEPT_AS_SENT = frozenset({"kith_supplier_fields"})  # provenance: the supplier's own words


def repair_records(records: list[Any]) -> tuple[list[Any], list[Rejection]]:
    """Each record with its addresses repaired, and a note for every repair or drop."""
    notes: list[Rejection] = []
    repaired = []
    for position, record in enumerate(records):
        label = record_label(record, position)

        def note(path: str, message: str, label: str = label) -> None:
            notes.append(Rejection(label, path, message))

        repaired.append(_repair(record, "$", note))
    return repaired, notes


Note = Callable[[str, str], None]


def _repair(node: Any, path: str, note: Note) -> Any:
    """`node` itself when nothing in it changed (no copy of a clean record), else a copy with
    the repairs; the input is never changed in place."""
    if isinstance(node, list):
        items = [_repair(item, f"{path}[{i}]", note) for i, item in enumerate(node)]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    changed = False
    for key, value in node.items():
        here = f"{path}.{key}"
        repair = REPAIRS.get(key) if type(value) is str else None
        if key in KEPT_AS_SENT or (repair is None and not isinstance(value, dict | list)):
            out[key] = value
        elif repair is None:
            out[key] = _repair(value, here, note)
            changed = changed or out[key] is not value
        else:
            fixed = repair(value)
            if fixed.note:
                note(here, fixed.note if fixed.value is not None else f"{fixed.note}; dropped")
            if fixed.value is not None:
                out[key] = fixed.value
            changed = changed or fixed.value != value
    return out if changed else node
