"""The gap map page's data: the gateway's `gapMap` read as the signed-in lead, the filters
from the query string, and the areas as the map and tables show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from kith_web.lead.areas import Atlas
from kith_web.lead.choropleth import MapArea
from kith_web.lead.words import area_sentence

BRADFORD = "E08000032"  # the demo district's main local authority
DEPRIVATION = {
    "all": (10, "All areas"),
    "1": (1, "Most deprived 10% of England"),
    "2": (2, "Most deprived 20%"),
    "3": (3, "Most deprived 30%"),
    "5": (5, "Most deprived half"),
}
NAMED_PRIORITIES = 8  # neighbourhoods of the top priority areas named on the map

GAP_MAP = """
query GapMapPage($g: GeographyInput!, $need: String) {
  gapMapNeeds { code name }
  gapMap(geography: $g, need: $need) {
    __typename
    ... on GapMap {
      name reachKm prevalence suppressionThreshold placeBasedServices attribution
      totals { referrals }
      lsoas { rank code name imdDecile population estimatedChronicPain servicesWithinReach
              provisionPer10k gapScore priority latitude longitude
              friction { referrals referralsPer1000 } }
    }
    ... on InputError { field message }
    ... on NotFoundError { message }
  }
}"""


@dataclass(frozen=True)
class Filters:
    area: str
    need: str | None
    deprivation: str

    @classmethod
    def of(cls, params: QueryParams) -> Filters:
        area = params.get("area") or BRADFORD
        deprivation = params.get("deprivation", "all")
        return cls(
            area=area if area.replace("-", "").isalnum() else BRADFORD,
            need=params.get("need") or None,
            deprivation=deprivation if deprivation in DEPRIVATION else "all",
        )

    @property
    def max_decile(self) -> int:
        return DEPRIVATION[self.deprivation][0]

    def variables(self, atlas: Atlas) -> dict[str, Any]:
        """An ICB is asked for as the list of its LSOAs; a local authority by its code."""
        icb = atlas.icbs.get(self.area)
        where = {"lsoas": list(icb.lsoas)} if icb else {"code": self.area}
        return {"g": where, "need": self.need}

    def query_string(self) -> str:
        return urlencode(
            {"area": self.area, "need": self.need or "", "deprivation": self.deprivation}
        )


def place_of(atlas: Atlas, code: str) -> tuple[str, str]:
    """(neighbourhood, local authority) of an LSOA, from the ONS lookup."""
    found = atlas.places.get(code)
    return (found.msoa_name, found.lad_name) if found else ("", "")


def map_areas(
    rows: list[dict[str, Any]], atlas: Atlas, f: Filters, reach_km: float
) -> list[MapArea]:
    priorities = [r["code"] for r in rows if r["priority"]]  # rows come in rank order
    named = set(priorities[:NAMED_PRIORITIES])
    out = []
    for r in rows:
        msoa, lad = place_of(atlas, r["code"])
        out.append(
            MapArea(
                code=r["code"],
                words=area_sentence(r, f"{msoa}, {lad}" if lad else msoa, reach_km),
                score=r["gapScore"],
                shown=r["imdDecile"] <= f.max_decile,
                lad=lad,
                msoa=msoa,
                weight=float(r["population"]),
                lon=r["longitude"],
                lat=r["latitude"],
                labelled=r["code"] in named,
            )
        )
    return out
