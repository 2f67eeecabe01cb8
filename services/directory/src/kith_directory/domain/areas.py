"""ONS small areas (LSOA 2011 -> MSOA -> LAD) from the vendored CSV rows, as graph rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ETHNIC_GROUPS = (
    "white_british",
    "irish",
    "other_white",
    "mixed",
    "indian",
    "pakistani",
    "bangladeshi",
    "chinese",
    "other_asian",
    "black_african",
    "black_caribbean",
    "other_black",
    "arab",
    "other",
)
_INTEGERS = (
    "imd_rank",
    "imd_decile",
    "population",
    "aged_0_15",
    "aged_16_59",
    "aged_60_plus",
    "census2011_persons",
    *(f"eth_{group}" for group in ETHNIC_GROUPS),
)


class AreaRowError(ValueError):
    """A CSV row is missing a column or has a malformed number."""


@dataclass
class AreaRows:
    lads: dict[str, dict[str, Any]] = field(default_factory=dict)
    msoas: dict[str, dict[str, Any]] = field(default_factory=dict)
    lsoas: list[dict[str, Any]] = field(default_factory=list)


def lsoa_row(raw: Mapping[str, str]) -> dict[str, Any]:
    """One CSV row: LSOA node `props`, plus `lat`/`lon` that Cypher turns into its point."""
    try:
        props: dict[str, Any] = {name: int(raw[name]) for name in _INTEGERS}
        props.update(
            code=raw["lsoa_code"],
            name=raw["lsoa_name"],
            msoa_code=raw["msoa_code"],
            lad_code=raw["lad_code"],
            supergroup=raw["lsoa_supergroup"],
        )
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except KeyError as exc:
        raise AreaRowError(f"missing column {exc.args[0]}") from None
    except ValueError as exc:
        raise AreaRowError(f"{raw.get('lsoa_code', '?')}: {exc}") from None
    props["adults"] = props["aged_16_59"] + props["aged_60_plus"]
    return {
        "code": props["code"],
        "msoa_code": props["msoa_code"],
        "lat": lat,
        "lon": lon,
        "props": props,
    }


def area_rows(raws: Iterable[Mapping[str, str]]) -> AreaRows:
    """All LSOAs, plus each distinct MSOA and LAD once."""
    areas = AreaRows()
    for raw in raws:
        lsoa = lsoa_row(raw)
        areas.lsoas.append(lsoa)
        lad_code = lsoa["props"]["lad_code"]
        areas.msoas[lsoa["msoa_code"]] = {
            "code": lsoa["msoa_code"],
            "name": raw["msoa_name"],
            "lad_code": lad_code,
        }
        areas.lads[lad_code] = {"code": lad_code, "name": raw["lad_name"]}
    return areas
