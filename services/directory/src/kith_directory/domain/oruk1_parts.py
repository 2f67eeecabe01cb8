"""ORUK 1.0 parts (schedules, taxonomy, contacts...) mapped to ORUK 3.0 objects; places are
in `oruk1_places`.

Each function takes the cleaned 1.0 object and a `Context` that derives ids and collects
notes about repairs; nothing here raises on bad values, it drops them with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kith_directory.domain.cleaning import number, parse_date, safe_text
from kith_directory.domain.ids import stable_id, term_id
from kith_directory.domain.links import taxonomy_id_for
from kith_directory.domain.schedules import DAYS, normalise_time, parse_byday
from kith_directory.domain.urls import repair_url

Obj = dict[str, Any]
LANGUAGES = {
    "english": "en", "welsh": "cy", "urdu": "ur", "punjabi": "pa", "polish": "pl",
    "bengali": "bn", "arabic": "ar", "gujarati": "gu", "romanian": "ro", "somali": "so",
    "french": "fr", "spanish": "es", "portuguese": "pt", "chinese": "zh", "mandarin": "zh",
    "cantonese": "yue", "farsi": "fa", "persian": "fa", "kurdish": "ku", "tigrinya": "ti",
    "british sign language": "bfi", "bsl": "bfi", "hindi": "hi", "turkish": "tr",
}  # fmt: skip
_ONS_CODE = re.compile(r"\b(E0[0-9]\d{6})\b")


@dataclass
class Context:
    """Per-record: the feed (for ids), the record's path prefix, and collected notes."""

    feed_id: str
    service_key: str
    notes: list[tuple[str, str]] = field(default_factory=list)

    def id(self, kind: str, raw: Mapping[str, Any], path: str) -> str:
        return stable_id(self.feed_id, kind, raw.get("id"), f"{self.service_key}/{path}")

    def note(self, path: str, message: str) -> None:
        self.notes.append((path, message))


def _put(target: Obj, key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


def many(
    ctx: Context, raw: Any, path: str, make: Callable[[Context, Mapping[str, Any], str], Obj | None]
) -> list[Obj]:
    """Map each object of a 1.0 list; non-objects are dropped with a note."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    mapped = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            ctx.note(where, "not an object; dropped")
            continue
        made = make(ctx, item, where)
        if made is not None:
            mapped.append(made)
    return mapped


def schedule(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj | None:
    byday = raw.get("byday") or raw.get("weekday")
    freq = str(raw.get("freq") or "WEEKLY").strip().upper()
    if freq == "DAILY":
        freq, byday = "WEEKLY", ",".join(DAYS)
    if freq not in ("WEEKLY", "MONTHLY"):
        ctx.note(f"{path}.freq", f"unknown frequency {freq!r}; read as WEEKLY")
        freq = "WEEKLY"
    days = parse_byday(str(byday)) if byday else []
    out: Obj = {"id": ctx.id("schedule", raw, path), "freq": freq}
    if days:
        out["byday"] = ",".join(f"{n or ''}{code}" for n, code in days)
    for key in ("opens_at", "closes_at"):
        value = normalise_time(raw.get(key))
        if raw.get(key) is not None and value is None:
            ctx.note(f"{path}.{key}", f"not a time of day: {raw.get(key)!r}; dropped")
        _put(out, key, value)
    for key in ("valid_from", "valid_to", "dtstart"):
        _put(out, key, _iso_date(ctx, raw.get(key), f"{path}.{key}"))
    interval = number(raw.get("interval"))
    _put(out, "interval", int(interval) if interval and interval >= 1 else None)
    _put(out, "bymonthday", safe_text(raw.get("bymonthday")))
    _put(out, "description", safe_text(raw.get("description")))
    return out


def _iso_date(ctx: Context, raw: Any, path: str) -> str | None:
    if raw is None:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        ctx.note(path, f"not a date: {raw!r}; dropped")
    return parsed.isoformat() if parsed else None


def attribute(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj | None:
    term = raw.get("taxonomy")
    name = safe_text(term.get("name")) if isinstance(term, Mapping) else None
    if not isinstance(term, Mapping) or name is None:
        ctx.note(path, "service_taxonomy without a named taxonomy term; dropped")
        return None
    vocabulary = safe_text(term.get("vocabulary")) or "unspecified"
    out_term: Obj = {
        "id": term_id(vocabulary, term.get("id"), name),
        "name": name,
        "description": name,
        "taxonomy": vocabulary,
        "taxonomy_id": taxonomy_id_for(vocabulary),
        "term": name,
    }
    parent = term.get("parent")
    if parent is not None and not isinstance(parent, Mapping):
        out_term["parent_id"] = term_id(vocabulary, parent, str(parent))
    attr_id = ctx.id("attribute", raw, path)
    return {"id": attr_id, "taxonomy_term_id": out_term["id"], "taxonomy_term": out_term}


def language(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj | None:
    name = safe_text(raw.get("language") or raw.get("name"))
    if name is None:
        return None
    code = LANGUAGES.get(name.lower(), name.lower() if len(name) <= 3 else None)
    out: Obj = {"id": ctx.id("language", raw, path), "name": name}
    _put(out, "code", code or re.sub(r"\W+", "-", name.lower()))
    return out


def contact(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    out: Obj = {"id": ctx.id("contact", raw, path)}
    _put(out, "name", safe_text(raw.get("name")))
    _put(out, "title", safe_text(raw.get("title")))
    phones = many(ctx, raw.get("phones"), f"{path}.phones", phone)
    if phones:
        out["phones"] = phones
    return out


def phone(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj | None:
    number_text = safe_text(raw.get("number"))
    return {"id": ctx.id("phone", raw, path), "number": number_text} if number_text else None


def cost_option(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    out: Obj = {"id": ctx.id("cost_option", raw, path)}
    _put(out, "option", safe_text(raw.get("option")))
    _put(out, "amount", number(raw.get("amount")))
    _put(out, "amount_description", safe_text(raw.get("amount_description")))
    _put(out, "valid_from", _iso_date(ctx, raw.get("valid_from"), f"{path}.valid_from"))
    _put(out, "valid_to", _iso_date(ctx, raw.get("valid_to"), f"{path}.valid_to"))
    return out


def funding(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    out: Obj = {"id": ctx.id("funding", raw, path)}
    _put(out, "source", safe_text(raw.get("source")))
    return out


def service_area(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    text = safe_text(raw.get("service_area"))
    out: Obj = {"id": ctx.id("service_area", raw, path)}
    _put(out, "name", text)
    _put(out, "service_area", text)
    _put(out, "extent", safe_text(raw.get("extent")))
    if raw.get("uri") is not None:
        fixed = repair_url(raw["uri"])
        if fixed.note:
            ctx.note(f"{path}.uri", fixed.note if fixed.value else f"{fixed.note}; dropped")
        _put(out, "uri", fixed.value)
    codes = _ONS_CODE.findall(f"{raw.get('uri') or ''} {raw.get('service_area') or ''}")
    if codes:
        out["kith_area_codes"] = list(dict.fromkeys(codes))
    return out
