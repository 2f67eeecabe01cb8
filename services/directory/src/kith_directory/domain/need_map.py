"""Map a feed's own taxonomy terms (LGA/esd, supplier categories...) onto Kith needs (pure).

The table is data (`data/need_map.csv`, reviewed by people, not guessed by code): each row
matches a term by `uri` (its `term_uri`), `code` (its `code`, else ORUK's `term`) or `name`
(normalised: case, "&"/"and", punctuation and spacing ignored), optionally only within one
`taxonomy` (its name, normalised), and gives zero or more Kith need codes. A row with no
needs records a reviewed decision that the term is too broad to mean one need. A row for
the term's own taxonomy wins over a row for any taxonomy; uri wins over code over name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MATCHES = ("uri", "code", "name")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("&", " and ")).split())


class NeedMapError(ValueError):
    """A mapping table row that cannot be used (named by its line)."""


@dataclass(frozen=True)
class NeedMap:
    # (match kind, taxonomy key or "", value key) -> need codes
    entries: Mapping[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, str | None]], known_needs: Iterable[str] | None = None
    ) -> NeedMap:
        """Rows as `csv.DictReader` gives them; `known_needs` (if given) are checked."""
        known = set(known_needs) if known_needs is not None else None
        entries: dict[tuple[str, str, str], tuple[str, ...]] = {}
        for line, row in enumerate(rows, start=2):
            match = (row.get("match") or "").strip()
            if match not in MATCHES or not (row.get("value") or "").strip():
                raise NeedMapError(f"line {line}: needs match in {MATCHES} and a value")
            needs = tuple((row.get("needs") or "").split())
            unknown = [n for n in needs if known is not None and n not in known]
            if unknown:
                raise NeedMapError(f"line {line}: unknown Kith needs {unknown}")
            entries[(match, normalise(row.get("taxonomy")), _key(match, row["value"]))] = needs
        return cls(entries)

    def needs_for(self, term: Mapping[str, Any], taxonomy_name: Any = None) -> tuple[str, ...]:
        """The Kith need codes a term means ((): unmapped or deliberately none)."""
        taxonomy = normalise(taxonomy_name or term.get("taxonomy"))
        candidates = (
            ("uri", term.get("term_uri")),
            ("code", term.get("code") or term.get("term")),
            ("name", term.get("name")),
        )
        for scope in (taxonomy, ""):
            for match, value in candidates:
                found = self.entries.get((match, scope, _key(match, value)))
                if found is not None:
                    return found
        return ()


def _key(match: str, value: Any) -> str:
    if not isinstance(value, str):
        return ""
    if match == "uri":
        return value.strip().rstrip("/")
    return value.strip().lower() if match == "code" else normalise(value)
