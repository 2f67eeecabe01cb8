"""ORUK 1.0-era supplier metadata given an ORUK 3.0 home (pure).

Council directories publish, beside the 1.0 fields, what their supplier's system knows: when a
record was last changed (`pc_metadata.last_updated`, `modified`, HSDS 2 `metadata` rows...),
who assured it, and service-level classifications 3.0 no longer has (target audience,
attending type and access, deliverable type). Where 3.0 has a home the value goes there:

- the newest change stamp → `last_modified` (so freshness is not guessed);
- an assurer that is (or contains) an email address → `assurer_email`;
- `attending_type` → each schedule's `attending_type` (3.0 keeps it per schedule);
- target audience, attending access and deliverable type → `attributes`, as terms of a
  taxonomy named after the 1.0 field, so search and the need map can use them.

Everything else the record carried that has no home is kept whole on the service as
`kith_supplier_fields`, which the read API returns, and is never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from kith_directory.domain.cleaning import parse_datetime, safe_text
from kith_directory.domain.ids import term_id
from kith_directory.domain.links import taxonomy_id_for
from kith_directory.domain.oruk1_parts import Context, Obj
from kith_directory.domain.urls import repair_email

STAMP_KEYS = ("last_modified", "lastModified", "updated_at", "modified", "modified_date",
              "last_updated", "lastUpdated", "date_modified", "updated")  # fmt: skip
METADATA_KEYS = ("pc_metadata", "metadata", "meta")
ASSURER_KEYS = ("assurer_email", "assurer", "assured_by", "assuredBy")
CLASSIFIERS = {
    "pc_targetAudience": "target audience",
    "target_audience": "target audience",
    "targetAudience": "target audience",
    "attending_access": "attending access",
    "deliverable_type": "deliverable type",
}
ATTENDING_TYPE = "attending_type"


def apply(ctx: Context, record: Mapping[str, Any], out: Obj) -> set[str]:
    """Put the record's supplier metadata where ORUK 3.0 has a home for it; returns the
    top-level keys whose values now live in 3.0 fields."""
    used = _last_modified(ctx, record, out) | _assurer(ctx, record, out)
    used |= _attending_type(ctx, record, out)
    for key, taxonomy in CLASSIFIERS.items():
        for i, value in enumerate(_texts(record.get(key))):
            out.setdefault("attributes", []).append(_attribute(ctx, key, i, taxonomy, value))
            used.add(key)
    return used


def _sources(record: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    yield "", record
    for key in METADATA_KEYS:
        block = record.get(key)
        rows = block if isinstance(block, list) else [block]
        for i, row in enumerate(rows):
            if isinstance(row, Mapping):
                yield (f"{key}[{i}]." if isinstance(block, list) else f"{key}."), row


def _last_modified(ctx: Context, record: Mapping[str, Any], out: Obj) -> set[str]:
    stamps: list[datetime] = []
    used: set[str] = set()
    for prefix, source in _sources(record):
        for key in (*STAMP_KEYS, "last_action_date"):
            if source.get(key) is None:
                continue
            stamp = parse_datetime(source[key])
            if stamp is None:
                ctx.note(prefix + key, f"not a date and time: {source[key]!r}; not used")
            else:
                stamps.append(stamp)
                if not prefix:  # a metadata block is kept whole, for what else it says
                    used.add(key)
    if stamps:
        out["last_modified"] = max(stamps).isoformat().replace("+00:00", "Z")
    return used


def _assurer(ctx: Context, record: Mapping[str, Any], out: Obj) -> set[str]:
    for prefix, source in _sources(record):
        for key in ASSURER_KEYS:
            raw = source.get(key)
            if raw is None:
                continue
            raw = raw.get("email") if isinstance(raw, Mapping) else raw
            fixed = repair_email(_email_in(raw))
            if fixed.value is None:
                ctx.note(prefix + key, f"assurer {raw!r} has no email address; kept as supplied")
                continue
            if fixed.note:
                ctx.note(prefix + key, fixed.note)
            out["assurer_email"] = fixed.value
            return {key} if not prefix else set()
    return set()


def _email_in(raw: Any) -> Any:
    """ "Jo Bloggs <jo@x.org>" names the assurer and their address: the address."""
    if isinstance(raw, str) and "<" in raw and raw.rstrip().endswith(">"):
        return raw[raw.rindex("<") :]
    return raw


def _attending_type(ctx: Context, record: Mapping[str, Any], out: Obj) -> set[str]:
    texts = _texts(record.get(ATTENDING_TYPE))
    if not texts:
        return set()
    how = "; ".join(texts)
    schedules = [*out.get("schedules", [])]
    for sal in out.get("service_at_locations", []):
        schedules += sal.get("schedules", [])
    for schedule in schedules:
        schedule.setdefault("attending_type", how)
    if not schedules:
        ctx.note(ATTENDING_TYPE, f"no schedule to carry attending type {how!r}; kept as supplied")
        return set()
    return {ATTENDING_TYPE}


def _texts(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    texts = [safe_text(i.get("name") if isinstance(i, Mapping) else i) for i in items]
    return [t for t in texts if t]


def _attribute(ctx: Context, key: str, i: int, taxonomy: str, value: str) -> Obj:
    term: Obj = {
        "id": term_id(taxonomy, None, value),
        "name": value,
        "description": value,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id_for(taxonomy),
        "term": value,
    }
    attr_id = ctx.id("attribute", {}, f"{key}[{i}]")
    return {"id": attr_id, "taxonomy_term_id": term["id"], "taxonomy_term": term}


def unmapped(record: Mapping[str, Any], mapped: Iterable[str]) -> Obj:
    """What the record carried that no 3.0 field holds, as supplied."""
    held = set(mapped)
    return {k: v for k, v in record.items() if k not in held}
