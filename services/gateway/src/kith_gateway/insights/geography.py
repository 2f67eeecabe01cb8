"""Which LSOAs a question is about: a LAD, an MSOA, one LSOA, or a custom list (a Primary
Care Network's LSOAs, say), resolved against the areas in the graph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph

from kith_gateway.insights import queries as q
from kith_gateway.kernel.refusals import RefusalKind, Refused

MAX_CUSTOM = 5000
_LSOA = re.compile(r"^E01\d{6}$")
_CODE = re.compile(r"^E0[1-9]\d{6}$")


class GeographyError(Refused):
    """`kind` is INVALID (bad input) or NOT_FOUND (no such area)."""


@dataclass(frozen=True)
class Geography:
    kind: str  # LAD, MSOA, LSOA or CUSTOM
    key: str  # the area code, or "custom:<digest of the sorted codes>"
    name: str
    areas: tuple[dict[str, Any], ...]  # the LSOAs' public facts (SCOPE's `area` rows)

    @property
    def codes(self) -> list[str]:
        return [a["code"] for a in self.areas]

    @property
    def all_codes(self) -> list[str]:
        """The LSOAs and every MSOA and LAD they are part of (for services' COVERS)."""
        parents = {a[k] for a in self.areas for k in ("msoa", "lad") if a.get(k)}
        return sorted({*self.codes, *parents})


def _custom_key(codes: list[str]) -> str:
    digest = hashlib.sha256(",".join(sorted(codes)).encode()).hexdigest()[:16]
    return f"custom:{digest}"


def check(code: str | None, lsoas: list[str] | None) -> tuple[str | None, list[str]]:
    if (code is None) == (lsoas is None):
        raise GeographyError(
            RefusalKind.INVALID, "give either an area code or a list of LSOA codes"
        )
    if code is not None:
        if not _CODE.fullmatch(code):
            raise GeographyError(
                RefusalKind.INVALID, f"{code!r} is not an ONS area code like E08000032"
            )
        return code, []
    wanted = sorted(set(lsoas or []))
    if not wanted or len(wanted) > MAX_CUSTOM:
        raise GeographyError(RefusalKind.INVALID, f"list between 1 and {MAX_CUSTOM} LSOA codes")
    bad = [c for c in wanted if not _LSOA.fullmatch(c)]
    if bad:
        raise GeographyError(RefusalKind.INVALID, f"not LSOA codes: {', '.join(bad[:5])}")
    return None, wanted


def _scope_query(kind: str, code: str | None, custom: list[str]) -> tuple[str, dict[str, Any]]:
    """One index seek per geography kind (a LAD's, an MSOA's, or listed LSOAs)."""
    if kind == "LAD":
        return q.SCOPE_OF_LAD, {"lad": code}
    if kind == "MSOA":
        return q.SCOPE_OF_MSOA, {"msoa": code}
    return q.SCOPE_OF_CODES, {"codes": [code] if kind == "LSOA" else custom}


async def resolve(graph: Graph, code: str | None, lsoas: list[str] | None) -> Geography:
    code, custom = check(code, lsoas)
    kind, name = "CUSTOM", f"{len(custom)} chosen LSOAs"
    if code is not None:
        found = await graph.query(q.AREA_LEVEL, code=code)
        if not found or found[0]["level"] not in {"LAD", "MSOA", "LSOA"}:
            raise GeographyError(RefusalKind.NOT_FOUND, f"no area with code {code}")
        kind, name = found[0]["level"], found[0]["name"] or code
    query, params = _scope_query(kind, code, custom)
    rows = await q.rows(graph, query, **params)
    if kind == "CUSTOM" and len(rows) < len(custom):
        known = {r["area"]["code"] for r in rows}
        missing = [c for c in custom if c not in known]
        raise GeographyError(RefusalKind.NOT_FOUND, f"unknown LSOAs: {', '.join(missing[:5])}")
    key = code if code is not None else _custom_key(custom)
    return Geography(kind, key, name, tuple(r["area"] for r in rows))
