"""Outcome instruments as data: a questionnaire definition (JSON) parsed and checked (pure).

A service adds a free instrument by writing a definition, not code. `parse_instrument` refuses
any definition that could score wrongly or without a citation: every score names its method,
its items, its range (checked against what the answer options can produce), the published
source of the rule, its missing-item rule (with source), its minimal important change (with
source, or a note saying why there is none) and LOINC codes only in LOINC's check-digit form.
The built-in definitions live next to this module in `instruments/*.json`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

METHODS = frozenset({"sum", "mean", "item"})
MISSING_RULES = frozenset({"complete", "prorate"})
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LOINC = re.compile(r"^(\d{1,7})-(\d)$")


class InvalidInstrument(ValueError):
    """A definition that cannot be used; `path` points at the offending part."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    loinc: str | None


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class MissingRule:
    rule: str  # complete: every item needed; prorate: mean of answered x items
    max_missing: int
    source: str


@dataclass(frozen=True)
class Mic:
    kind: str  # absolute: points; relative: share of the baseline score
    value: float
    source: str


@dataclass(frozen=True)
class Flag:
    id: str
    item: str
    at_least: int
    message: str


@dataclass(frozen=True)
class ScoreDefinition:
    id: str
    name: str
    method: str
    items: tuple[str, ...]
    low: float
    high: float
    better: str  # "lower" or "higher"
    decimals: int
    source: str
    bands: tuple[Band, ...]
    missing: MissingRule
    mic: Mic | None
    mic_note: str
    loinc: str | None
    flags: tuple[Flag, ...]

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    name: str
    licence: str
    stem: str
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    scores: tuple[ScoreDefinition, ...]
    loinc: str | None

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    def score(self, score_id: str) -> ScoreDefinition:
        return next(s for s in self.scores if s.id == score_id)


def loinc_ok(code: str) -> bool:
    """LOINC's mod-10 check digit (the Luhn scheme over the digits before the hyphen)."""
    match = _LOINC.match(code)
    if match is None:
        return False
    total = 0
    for position, digit in enumerate(reversed(match[1]), start=1):
        d = int(digit) * (2 if position % 2 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10 == int(match[2])


def _text(doc: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInstrument(f"{path}.{key}", "must be a non-empty text")
    return value.strip()


def _loinc(doc: Mapping[str, Any], path: str) -> str | None:
    code = doc.get("loinc")
    if code is None:
        return None
    if not isinstance(code, str) or not loinc_ok(code):
        raise InvalidInstrument(f"{path}.loinc", f"{code!r} is not a LOINC code (check digit)")
    return code


def _options(raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise InvalidInstrument("options", "give at least two answer options")
    options = []
    for i, o in enumerate(raw):
        value = o.get("value") if isinstance(o, dict) else None
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInstrument(f"options[{i}].value", "must be a whole number")
        options.append(Option(value, _text(o, "label", f"options[{i}]")))
    if len({o.value for o in options}) != len(options):
        raise InvalidInstrument("options", "answer values must be distinct")
    return tuple(options)


def _items(raw: Any) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInstrument("items", "give at least one item")
    items = []
    for i, it in enumerate(raw):
        path = f"items[{i}]"
        if not isinstance(it, dict) or not _ID.match(str(it.get("id", ""))):
            raise InvalidInstrument(f"{path}.id", "an id of lower-case letters, digits and '-'")
        items.append(Item(it["id"], _text(it, "text", path), _loinc(it, path)))
    if len({i.id for i in items}) != len(items):
        raise InvalidInstrument("items", "item ids must be distinct")
    return tuple(items)


def _reachable(method: str, n: int, options: Sequence[Option]) -> tuple[float, float]:
    low, high = min(o.value for o in options), max(o.value for o in options)
    return (low * n, high * n) if method == "sum" else (low, high)


def _bands(raw: Any, low: float, high: float, path: str) -> tuple[Band, ...]:
    bands = tuple(Band(float(b["from"]), float(b["to"]), str(b["label"])) for b in raw or [])
    for b in bands:
        if not low <= b.low <= b.high <= high:
            raise InvalidInstrument(f"{path}.bands", f"band {b.label!r} lies outside the range")
    for a, b in itertools.pairwise(bands):
        if b.low <= a.high:
            raise InvalidInstrument(f"{path}.bands", "bands must be in order and not overlap")
    return bands


def _missing(raw: Any, n: int, path: str) -> MissingRule:
    if not isinstance(raw, dict) or raw.get("rule") not in MISSING_RULES:
        raise InvalidInstrument(f"{path}.missing.rule", f"one of {sorted(MISSING_RULES)}")
    most = int(raw.get("max_missing", 0))
    if raw["rule"] == "prorate" and not 1 <= most < n:
        raise InvalidInstrument(f"{path}.missing.max_missing", f"between 1 and {n - 1}")
    return MissingRule(raw["rule"], most if raw["rule"] == "prorate" else 0,
                       _text(raw, "source", f"{path}.missing"))  # fmt: skip


def _mic(doc: Mapping[str, Any], path: str) -> tuple[Mic | None, str]:
    raw = doc.get("mic")
    if raw is None:
        return None, _text(doc, "mic_note", path)
    kind, value = raw.get("kind"), raw.get("value")
    if kind not in ("absolute", "relative") or not isinstance(value, int | float) or value <= 0:
        raise InvalidInstrument(f"{path}.mic", "kind absolute or relative, value above 0")
    if kind == "relative" and value >= 1:
        raise InvalidInstrument(f"{path}.mic.value", "a relative change is a share below 1")
    return Mic(kind, float(value), _text(raw, "source", f"{path}.mic")), ""


def _flags(raw: Any, items: Sequence[str], path: str) -> tuple[Flag, ...]:
    flags = []
    for i, f in enumerate(raw or []):
        if f.get("item") not in items:
            raise InvalidInstrument(f"{path}.flags[{i}].item", "must be one of the score's items")
        _text(f, "source", f"{path}.flags[{i}]")
        flags.append(Flag(str(f["id"]), f["item"], int(f["at_least"]), str(f["message"])))
    return tuple(flags)


def _score(raw: Mapping[str, Any], index: int, inst: Instrument) -> ScoreDefinition:
    path = f"scores[{index}]"
    method, items = raw.get("method"), raw.get("items")
    known = {i.id for i in inst.items}
    if method not in METHODS:
        raise InvalidInstrument(f"{path}.method", f"one of {sorted(METHODS)}")
    if not isinstance(items, list) or not items or not set(items) <= known:
        raise InvalidInstrument(f"{path}.items", "name one or more of the instrument's items")
    if method == "item" and len(items) != 1:
        raise InvalidInstrument(f"{path}.items", "an 'item' score takes exactly one item")
    low, high = _reachable(method, len(items), inst.options)
    if [float(v) for v in raw.get("range", [])] != [low, high]:
        raise InvalidInstrument(f"{path}.range", f"the options give [{low:g}, {high:g}]")
    if raw.get("better") not in ("lower", "higher"):
        raise InvalidInstrument(f"{path}.better", "say whether lower or higher is better")
    mic, mic_note = _mic(raw, path)
    return ScoreDefinition(
        id=str(raw.get("id")), name=_text(raw, "name", path), method=method, items=tuple(items),
        low=low, high=high, better=raw["better"], decimals=int(raw.get("decimals", 0)),
        source=_text(raw, "source", path), bands=_bands(raw.get("bands"), low, high, path),
        missing=_missing(raw.get("missing"), len(items), path), mic=mic, mic_note=mic_note,
        loinc=_loinc(raw, path), flags=_flags(raw.get("flags"), items, path),
    )  # fmt: skip


def parse_instrument(doc: Mapping[str, Any]) -> Instrument:
    """A checked instrument, or `InvalidInstrument` naming the first problem."""
    if not _ID.match(str(doc.get("id", ""))):
        raise InvalidInstrument("id", "an id of lower-case letters, digits and '-'")
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        raise InvalidInstrument("version", "a whole number from 1")
    inst = Instrument(
        doc["id"], version, _text(doc, "name", "instrument"), _text(doc, "licence", "instrument"),
        _text(doc, "stem", "instrument", required=False), _options(doc.get("options")),
        _items(doc.get("items")), (), _loinc(doc, "instrument"),
    )  # fmt: skip
    raw_scores = doc.get("scores")
    if not isinstance(raw_scores, list) or not raw_scores:
        raise InvalidInstrument("scores", "define at least one score")
    scores = tuple(_score(s, i, inst) for i, s in enumerate(raw_scores))
    if len({s.id for s in scores}) != len(scores):
        raise InvalidInstrument("scores", "score ids must be distinct")
    return Instrument(**{**inst.__dict__, "scores": scores})


@cache
def built_in() -> dict[str, Instrument]:
    """The instruments shipped with Kith, by id."""
    folder = resources.files("kith_gateway.outcomes") / "instruments"
    found = (parse_instrument(json.loads(f.read_text())) for f in folder.iterdir()
             if f.name.endswith(".json"))  # fmt: skip
    return {i.id: i for i in found}
