"""Read ORUK 1.0 services (what most UK council directories still publish) as ORUK 3.0.

Real feeds are messy: HTML in text, blank strings for absent values, numeric or free-text
ids, dates in several formats, missing organisations, supplier extensions (`pc_*`...). A
record is repaired where the meaning is clear (each repair noted), and rejected with its
reason where it is not (no id, no name, unknown status). Nothing a feed contains raises:
an unexpected failure on one record rejects that record only.

The 3.0 record then goes through the same validation as any ORUK 3.0 feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kith_directory.domain import oruk1_parts as parts
from kith_directory.domain import oruk1_places as places
from kith_directory.domain import oruk1_supplier as supplier
from kith_directory.domain.cleaning import drop_blanks, number, parse_date, safe_text
from kith_directory.domain.feed import Rejection
from kith_directory.domain.ids import source_key, stable_id
from kith_directory.domain.urls import Fixed, repair_email, repair_url

Obj = dict[str, Any]
STATUSES = {
    "active": "active", "inactive": "inactive", "defunct": "defunct",
    "temporarily closed": "temporarily closed", "temporarily_closed": "temporarily closed",
    "closed": "defunct", "open": "active", "live": "active", "published": "active",
}  # fmt: skip
MAPPED = {
    "id", "name", "description", "url", "email", "status", "fees", "accreditations",
    "assured_date", "organization", "contacts", "cost_options", "eligibilitys", "fundings",
    "languages", "regular_schedules", "service_areas", "service_at_locations",
    "service_taxonomys",
}  # fmt: skip
_LISTS = (
    ("contacts", "contacts", parts.contact),
    ("cost_options", "cost_options", parts.cost_option),
    ("fundings", "funding", parts.funding),
    ("languages", "languages", parts.language),
    ("regular_schedules", "schedules", parts.schedule),
    ("service_areas", "service_areas", parts.service_area),
    ("service_at_locations", "service_at_locations", places.service_at_location),
    ("service_taxonomys", "attributes", parts.attribute),
)


class Unreadable(ValueError):
    """The record cannot become a service; `path` and the message say why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass
class Converted:
    """ORUK 3.0 records in feed order, with what became of the rest."""

    records: list[Obj] = field(default_factory=list)
    source_ids: dict[str, str] = field(default_factory=dict)  # 3.0 id -> the feed's id
    extensions: dict[str, Obj] = field(default_factory=dict)  # 3.0 id -> unmapped fields
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[Rejection] = field(default_factory=list)
    seen_ids: list[str] = field(default_factory=list)  # every id the feed listed


def convert(records: list[Any], feed_id: str) -> Converted:
    out = Converted()
    for position, raw in enumerate(records):
        label = _label(raw, position)
        if isinstance(raw, Mapping) and source_key(raw.get("id")):
            out.seen_ids.append(stable_id(feed_id, "service", raw["id"], ""))
        try:
            record, ctx = convert_one(raw, feed_id)
        except Unreadable as exc:
            out.rejected.append(Rejection(label, exc.path, exc.message))
            continue
        except Exception as exc:  # a feed must never crash an import: reject the record only
            message = f"could not be read as ORUK 1.0: {type(exc).__name__}: {exc}"
            out.rejected.append(Rejection(label, "$", message))
            continue
        out.records.append(record)
        out.source_ids[record["id"]] = label
        extras = supplier.unmapped(raw, MAPPED)  # as supplied, for provenance
        if extras:
            out.extensions[record["id"]] = extras
        out.notes += [Rejection(label, f"$.{path}", message) for path, message in ctx.notes]
    return out


def _label(raw: Any, position: int) -> str:
    key = source_key(raw.get("id")) if isinstance(raw, Mapping) else None
    return key or f"#{position + 1}"


def convert_one(raw: Any, feed_id: str) -> tuple[Obj, parts.Context]:
    if not isinstance(raw, Mapping):
        raise Unreadable("$", "a service must be a JSON object")
    record = drop_blanks(raw)
    source = source_key(record.get("id"))
    if source is None:
        raise Unreadable("$.id", "the service has no id, so it cannot be kept up to date")
    name = safe_text(record.get("name"))
    if name is None:
        raise Unreadable("$.name", "the service has no name")
    ctx = parts.Context(feed_id, source)
    out: Obj = {"id": stable_id(feed_id, "service", source, ""), "name": name}
    out["status"] = _status(record.get("status"))
    _text_fields(ctx, record, out)
    out["organization"] = _organisation(ctx, record.get("organization"), feed_id)
    out["organization_id"] = out["organization"]["id"]
    for source_key_, target, make in _LISTS:
        mapped = parts.many(ctx, record.get(source_key_), source_key_, make)
        if mapped:
            out[target] = mapped
    _ages(ctx, record.get("eligibilitys"), out)
    kept = supplier.unmapped(record, MAPPED | supplier.apply(ctx, record, out))
    if kept:
        out["kith_supplier_fields"] = kept
    return out, ctx


def _status(raw: Any) -> str:
    if raw is None:
        return "active"  # 1.0 feeds list what is running and often omit the status
    status = STATUSES.get(str(raw).strip().lower())
    if status is None:
        raise Unreadable("$.status", f"unknown status {raw!r}")
    return status


def _text_fields(ctx: parts.Context, record: Mapping[str, Any], out: Obj) -> None:
    for key in ("description", "fees", "accreditations"):
        if (text := safe_text(record.get(key))) is not None:
            out[key] = text
    for key, repair in (("url", repair_url), ("email", repair_email)):
        if record.get(key) is not None:
            _put_fixed(ctx, out, key, repair(record[key]))
    if record.get("assured_date") is not None:
        assured = parse_date(record["assured_date"])
        if assured is None:
            ctx.note("assured_date", f"not a date: {record['assured_date']!r}; dropped")
        else:
            out["assured_date"] = assured.isoformat()


def _put_fixed(ctx: parts.Context, out: Obj, key: str, fixed: Fixed, path: str = "") -> None:
    """Keep a repaired value (noting the repair); note a refused one as dropped."""
    if fixed.note:
        ctx.note(path or key, fixed.note if fixed.value else f"{fixed.note}; dropped")
    if fixed.value is not None:
        out[key] = fixed.value


def _organisation(ctx: parts.Context, raw: Any, feed_id: str) -> Obj:
    if not isinstance(raw, Mapping) or source_key(raw.get("id")) is None:
        ctx.note("organization", "no organisation; listed under the feed's placeholder")
        return {
            "id": stable_id(feed_id, "organization", "(not stated)", ""),
            "name": f"Organisation not stated ({feed_id})",
            "description": "The feed did not say which organisation provides these services.",
        }
    name = safe_text(raw.get("name"))
    if name is None:
        ctx.note("organization.name", "organisation has no name")
    org: Obj = {
        "id": stable_id(feed_id, "organization", raw["id"], ""),
        "name": name or "Unnamed organisation",
        "description": safe_text(raw.get("description")) or "",
    }
    website = "website" if raw.get("website") is not None else "url"
    for key, source, repair in (
        ("email", "email", repair_email),
        ("website", website, repair_url),
        ("logo", "logo", repair_url),
        ("uri", "uri", repair_url),
    ):
        if raw.get(source) is not None:
            _put_fixed(ctx, org, key, repair(raw[source]), f"organization.{source}")
    return org


def _ages(ctx: parts.Context, raw: Any, out: Obj) -> None:
    """1.0 puts ages on eligibility rows: the service takes the widest range they allow."""
    rows = raw if isinstance(raw, list) else []
    minimums = [number(r.get("minimum_age")) for r in rows if isinstance(r, Mapping)]
    maximums = [number(r.get("maximum_age")) for r in rows if isinstance(r, Mapping)]
    known_min = [m for m in minimums if m is not None and m >= 0]
    known_max = [m for m in maximums if m is not None and m >= 0]
    if known_min:
        out["minimum_age"] = min(known_min)
    if known_max:
        out["maximum_age"] = max(known_max)
    if known_min and known_max and out["minimum_age"] > out["maximum_age"]:
        ctx.note("eligibilitys", "minimum age above maximum age; ages dropped")
        del out["minimum_age"], out["maximum_age"]
