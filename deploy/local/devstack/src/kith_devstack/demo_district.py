"""Deterministic synthetic directory of Open Referral UK 3.0 services over real LSOA areas.

Areas (population, deprivation, ethnicity) are real ONS/MHCLG data; organisations and services
are invented. Same areas + same arguments give byte-identical output; ids are UUIDv5 of stable
names, so re-importing a regenerated directory is an idempotent upsert.
"""

from __future__ import annotations

import csv
import gc
import gzip
import hashlib
import io
import json
import random
import re
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any
from uuid import UUID

from kith_devstack import demo_catalogue as cat
from kith_devstack.demo_catalogue import NEEDS, Kind, Need, Template

__all__ = [
    "NAMESPACE",
    "NEEDS",
    "REFERENCE_TIME",
    "AreaRow",
    "Need",
    "generate_directory",
    "needs_taxonomy",
    "read_areas",
    "uid",
]

Json = dict[str, Any]
NAMESPACE = UUID("6f1c3f0e-4b1a-5c7e-9d2a-6b6974680001")  # fixed; never change
REFERENCE_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TAXONOMY_URI = "https://kith.example.org/taxonomy/needs"
_NS = NAMESPACE.bytes
_ONS = "http://statistics.data.gov.uk/id/statistical-geography/"
_ETH = ("pakistani", "bangladeshi", "indian", "other_white", "arab")


def uid(name: str) -> str:
    """uuid5(NAMESPACE, name) as a string; about 3x faster than ``str(uuid.uuid5(...))``."""
    h = bytearray(hashlib.sha1(_NS + name.encode(), usedforsecurity=False).digest())
    h[6] = (h[6] & 0x0F) | 0x50
    h[8] = (h[8] & 0x3F) | 0x80
    x = h[:16].hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


@dataclass(frozen=True, slots=True)
class AreaRow:
    lsoa_code: str
    lsoa_name: str
    msoa_code: str
    lad_code: str
    lad_name: str
    imd_decile: int
    population: int
    lat: float
    lon: float
    msoa_name: str = ""
    census_persons: int = 0
    eth_pakistani: int = 0
    eth_bangladeshi: int = 0
    eth_indian: int = 0
    eth_other_white: int = 0
    eth_arab: int = 0

    def share(self, group: str) -> float:
        """Share of 2011 Census usual residents in an ethnic group (e.g. "pakistani")."""
        count: int = getattr(self, f"eth_{group}")
        return count / self.census_persons if self.census_persons else 0.0


def read_areas(path: Path) -> list[AreaRow]:
    """Read a data/areas LSOA file (.csv or .csv.gz)."""
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    return [
        AreaRow(
            r["lsoa_code"],
            r["lsoa_name"],
            r["msoa_code"],
            r["lad_code"],
            r["lad_name"],
            int(r["imd_decile"]),
            int(r["population"]),
            float(r["lat"]),
            float(r["lon"]),
            r["msoa_name"],
            int(r["census2011_persons"]),
            *(int(r[f"eth_{g}"]) for g in _ETH),
        )
        for r in csv.DictReader(io.StringIO(text))
    ]


def _need_term(need: Need) -> Json:
    return {
        "id": uid(f"need/{need.code}"),
        "name": need.label,
        "description": need.description,
        "taxonomy": "Kith needs",
        "taxonomy_id": uid("taxonomy/kith-needs"),
        "term_uri": f"{TAXONOMY_URI}/{need.code}",
        "term": need.code,
    }


_TERMS: dict[str, Json] = {n.code: _need_term(n) for n in NEEDS}


def needs_taxonomy() -> Json:
    """The Kith needs taxonomy as an ORUK taxonomy object (with its terms)."""
    return {
        "id": uid("taxonomy/kith-needs"),
        "name": "Kith needs",
        "version": "1.0",
        "description": "Non-clinical needs that social prescribers match people to "
        "community services for.",
        "uri": TAXONOMY_URI,
        "taxonomy_terms": [dict(_TERMS[n.code]) for n in NEEDS],
    }


def generate_directory(
    areas: Sequence[AreaRow], *, services: int = 300, organisations: int = 120, seed: int = 7
) -> list[Json]:
    """ORUK 3.0 service objects, fully nested, spread over ``areas`` by population.

    Exactly ``services`` services from ``min(organisations, services)`` organisations (one of
    them Rethinking Pain with its 12 services when there is room). Extensions beyond ORUK:
    service ``service_capacity`` (HSDS 3.1 proposal), ``kith_capacity_status``, ``kith_kind``,
    ``kith_tier``, ``kith_self_referral``, ``kith_eligibility``, ``kith_area_codes``; service
    area ``kith_area_codes``; location ``kith_lsoa_code``; accessibility ``kith_access``;
    language ``name``/``code`` and contact ``phones`` (HSDS 3.0 fields absent from ORUK).
    """
    if not areas or services <= 0 or organisations <= 0:
        return []
    enabled = gc.isenabled()
    gc.disable()  # builds ~50 small acyclic objects per service; GC passes only cost time
    try:
        return _Builder(areas, random.Random(seed)).build(services, organisations)
    finally:
        if enabled:
            gc.enable()


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    quotas = [total * w / sum(weights) for w in weights]
    counts = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(slots=True)
class _Org:
    key: str
    kind: Kind | None  # None: Rethinking Pain
    area: AreaRow
    name: str
    place: str
    json: Json
    text: str  # the organisation as JSON text; parsed afresh for every service
    venue: str | None = None  # JSON text of the shared venue; parsed afresh for every service


class _Builder:
    def __init__(self, areas: Sequence[AreaRow], rng: random.Random) -> None:
        self.areas, self.rng = areas, rng
        self.cum_pop = list(accumulate(max(a.population, 1) for a in areas))
        self.cum_dep = list(
            accumulate(max(a.population, 1) * (1.6 - a.imd_decile / 10) for a in areas)
        )
        self.lad_cum: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
        self.by_lad: dict[str, list[int]] = {}
        for i, a in enumerate(areas):
            self.by_lad.setdefault(a.lad_code, []).append(i)
        self.places: dict[str, tuple[str, str, str, str]] = {}
        self.lad_post: dict[str, tuple[str, str]] = {}
        self.names: set[str] = set()
        self.idents: set[str] = set()
        self.keys: dict[str, int] = {}
        self.lad_names = {a.lad_code: a.lad_name for a in areas}
        self.lang_p: dict[str, list[tuple[str, str, float]]] = {}

    # -- areas and places ---------------------------------------------------------------
    def pick(self, deprived: bool = False) -> AreaRow:
        cum = self.cum_dep if deprived else self.cum_pop
        return self.areas[bisect(cum, self.rng.random() * cum[-1])]

    def pick_in(self, lads: tuple[str, ...]) -> AreaRow:
        if lads not in self.lad_cum:
            idx = sorted(i for lad in lads for i in self.by_lad.get(lad, ()))
            pops = (max(self.areas[i].population, 1) for i in idx)
            self.lad_cum[lads] = (idx, list(accumulate(pops)))
        idx, cum = self.lad_cum[lads]
        return self.areas[idx[bisect(cum, self.rng.random() * cum[-1])]] if idx else self.pick()

    def place(self, a: AreaRow) -> tuple[str, str, str, str]:
        """(place name, postcode district, post town, county) for an area."""
        if a.lsoa_code not in self.places:
            near = [p for p in cat.PLACES if p.lad_code == a.lad_code]
            if near:
                p = min(near, key=lambda p: (p.lat - a.lat) ** 2 + ((p.lon - a.lon) * 0.6) ** 2)
                self.places[a.lsoa_code] = (p.name, p.district, p.town, p.county)
            else:
                if a.lad_code not in self.lad_post:
                    c, t, _, _ = min(
                        cat.POST_AREAS,
                        key=lambda q: (q[2] - a.lat) ** 2 + ((q[3] - a.lon) * 0.6) ** 2,
                    )
                    self.lad_post[a.lad_code] = (c, t)
                code, town = self.lad_post[a.lad_code]
                n = int(a.lsoa_code[3:]) % 19 + 1
                self.places[a.lsoa_code] = (a.lad_name, f"{code}{n}", town, a.lad_name)
        return self.places[a.lsoa_code]

    def unique_key(self, stem: str) -> str:
        n = self.keys.get(stem, 0)
        self.keys[stem] = n + 1
        return f"{stem}/{n}"

    def unique_name(self, name: str) -> str:
        if name in self.names:
            name = f"{name} ({self.rng.choice(cat.STREETS)})"
        base, n = name, 1
        while name in self.names:
            n += 1
            name = f"{base} #{n}"
        self.names.add(name)
        return name

    def fill(self, pattern: str, a: AreaRow) -> str:
        r = self.rng
        return pattern.format(
            place=self.place(a)[0],
            street=r.choice(cat.STREETS),
            saint=r.choice(cat.SAINTS),
            tree=r.choice(cat.TREES),
            lad=a.lad_name,
        )

    def venue(self, key: str, a: AreaRow, name: str) -> Json:
        r, lid = self.rng, uid(key)
        _, district, town, county = self.place(a)
        unit = "".join(r.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        street = f"{r.randint(1, 240)} {r.choice(cat.STREETS)}"
        access = []
        ok = True
        for code, label, details, p in cat.ACCESS:
            ok = r.random() < p and (ok or code == "hearing-loop")
            if ok:
                access.append(
                    {
                        "id": uid(f"{key}/access/{code}"),
                        "location_id": lid,
                        "description": label,
                        "details": details,
                        "accessibility": label,
                        "kith_access": code,
                    }
                )
        return {
            "id": lid,
            "location_type": "physical",
            "name": name,
            "description": f"{name}, {street}, {town}.",
            "latitude": round(a.lat + r.uniform(-0.0027, 0.0027), 6),
            "longitude": round(a.lon + r.uniform(-0.0045, 0.0045), 6),
            "addresses": [
                {
                    "id": uid(f"{key}/address"),
                    "location_id": lid,
                    "address_1": street,
                    "city": town,
                    "state_province": county,
                    "postal_code": f"{district} {r.randint(1, 9)}{unit}",
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": access,
            "kith_lsoa_code": a.lsoa_code,
        }

    # -- organisations --------------------------------------------------------------------
    def identifier(self, kind: str, org_id: str, a: AreaRow) -> list[Json]:
        r = self.rng
        if kind == "lad":
            scheme, typ, ident = None, "ONS local authority district code", a.lad_code
        elif kind in ("ods", "charity"):
            while True:
                if kind == "charity":
                    ident = str(r.randint(1_000_000, 1_199_999))
                else:
                    pre = {"E08000032": "B83", "E07000163": "B82"}.get(a.lad_code)
                    ident = (
                        f"{pre}{r.randint(0, 999):03d}"
                        if pre
                        else f"{r.choice('ABCDEFGHJKLMNPY')}{r.randint(0, 99999):05d}"
                    )
                if ident not in self.idents:
                    break
            self.idents.add(ident)
            scheme, typ = (
                ("GB-CHC", "Charity number") if kind == "charity" else ("GB-NHS", "ODS code")
            )
        else:
            return []
        out: Json = {
            "id": uid(f"{org_id}/identifier"),
            "organization_id": org_id,
            "identifier_type": typ,
            "identifier": ident,
        }
        if scheme:
            out["identifier_scheme"] = scheme
        return [out]

    def org(self, kind: Kind | None, a: AreaRow) -> _Org:
        code = kind.code if kind else "rethinking-pain"
        if kind is None:
            name = self.unique_name("Rethinking Pain")
        elif kind.code == "faith-group":
            weights = [
                a.share("pakistani") + a.share("bangladeshi") + a.share("arab") + 0.02,
                0.5,
                a.share("indian") * 0.5 + 0.004,
                a.share("indian") * 0.5 + 0.004,
            ]
            faith = self.rng.choices(list(cat.FAITHS), weights)[0]
            name = self.unique_name(self.fill(self.rng.choice(cat.FAITHS[faith]), a))
        else:
            name = self.unique_name(self.fill(self.rng.choice(kind.names), a))
        key = self.unique_key(f"org/{code}/{a.lsoa_code}")
        oid, slug = uid(key), _slug(name)
        about = (kind.about if kind else cat.RP_ABOUT).format(
            place=self.place(a)[0], lad=a.lad_name
        )
        body: Json = {
            "id": oid,
            "name": name,
            "description": about,
            "email": f"hello@{slug}.example.org",
            "website": f"https://{slug}.example.org/",
            "organization_identifiers": self.identifier(kind.ident if kind else "", oid, a),
        }
        org = _Org(key, kind, a, name, self.place(a)[0], body, json.dumps(body))
        if kind and kind.own_venue:
            org.venue = json.dumps(self.venue(f"{key}/venue", a, name))
        return org

    def build(self, services: int, organisations: int) -> list[Json]:
        n_orgs = min(organisations, services)
        with_rp = n_orgs >= 2 and services - 12 >= n_orgs - 1
        n_other = n_orgs - 1 if with_rp else n_orgs
        counts = _apportion(n_other, [k.weight for k in cat.KINDS])
        orgs = [
            self.org(k, self.pick(k.deprived))
            for k, n in zip(cat.KINDS, counts, strict=True)
            for _ in range(n)
        ]
        per = [1] * len(orgs)
        extra = services - len(orgs) - (12 if with_rp else 0)
        cum = list(accumulate(o.kind.richness for o in orgs if o.kind))
        for i in self.rng.choices(range(len(orgs)), cum_weights=cum, k=max(extra, 0)):
            per[i] += 1
        out: list[Json] = self.rethinking_pain() if with_rp else []
        for org, n in zip(orgs, per, strict=True):
            out.extend(self.for_org(org, n))
        return out

    # -- services -------------------------------------------------------------------------
    def rethinking_pain(self) -> list[Json]:
        lads = tuple(c for c in cat.RP_LADS if c in self.lad_names) or (self.pick().lad_code,)
        home = self.pick_in(lads)
        org = self.org(None, home)
        hub = json.dumps(
            self.venue(f"{org.key}/venue", home, self.fill("{place} Health Centre", home))
        )
        out = []
        specs = [(cat.RP_TIER1, 1), *((m, 2) for m in cat.RP_MODULES), (cat.RP_TIER3, 3)]
        for j, (t, tier) in enumerate(specs):
            key, area, venue = f"{org.key}/s{j}", home, json.loads(hub)
            if tier == 2:
                area = self.pick_in(lads)
                host = self.fill(self.rng.choice(cat.HOSTS), area)
                venue = self.venue(f"{key}/venue", area, host)
            out.append(self.make(org, t, key, area, venue, tier=tier, lads=lads))
        return out

    def for_org(self, org: _Org, n: int) -> list[Json]:
        assert org.kind is not None
        kind, r, tmpls = org.kind, self.rng, org.kind.templates
        order = list(range(1, len(tmpls)))
        r.shuffle(order)
        order.insert(0, 0)
        out = []
        for j in range(n):
            key, area, suffix = f"{org.key}/s{j}", org.area, ""
            if j >= len(tmpls):  # a branch elsewhere in the same district
                area = self.pick_in((org.area.lad_code,))
                suffix = f" {cat.DASH} {self.place(area)[0]}"
            loc = None
            if r.random() >= kind.online:
                if suffix:
                    name = f"{org.name}{suffix}" if kind.own_venue else r.choice(cat.HOSTS)
                    loc = self.venue(f"{key}/venue", area, self.fill(name, area))
                else:
                    if org.venue is None:
                        host = self.fill(r.choice(cat.HOSTS), area)
                        org.venue = json.dumps(self.venue(f"{org.key}/venue", area, host))
                    loc = json.loads(org.venue)
            out.append(self.make(org, tmpls[order[j % len(tmpls)]], key, area, loc, suffix=suffix))
        return out

    def schedule(self, key: str, sid: str, code: str, online: bool) -> tuple[Json, str]:
        r = self.rng
        day, (o, c) = r.randrange(6), r.choice(_SLOTS)
        freq, byday, when = "WEEKLY", _DAYS[day], f"{_DAY_NAMES[day]}s"
        if code in ("weekday", "office"):
            byday, when = "MO,TU,WE,TH,FR", "Monday to Friday"
            o, c = ("08:00", "18:30") if code == "weekday" else ("09:30", "16:30")
        elif code == "twice":
            a, b = sorted((day, (day + r.randint(2, 3)) % 6))
            byday, when = f"{_DAYS[a]},{_DAYS[b]}", f"{_DAY_NAMES[a]}s and {_DAY_NAMES[b]}s"
        elif code == "monthly":
            nth = r.randint(1, 4)
            freq, byday, when = "MONTHLY", f"{nth}{_DAYS[day]}", f"{_ORD[nth]} {_DAY_NAMES[day]}"
        elif code == "evening":
            day, (o, c) = r.randrange(5), r.choice(_EVENINGS)
            byday, when = _DAYS[day], f"{_DAY_NAMES[day]}s"
        text = f"{when} {o}{cat.DASH}{c}"
        sched: Json = {
            "id": uid(f"{key}/schedule"),
            "service_id": sid,
            "freq": freq,
            "interval": 1,
            "byday": byday,
            "opens_at": o,
            "closes_at": c,
            "description": text,
            "attending_type": "online" if online else "in person",
        }
        if code == "course":
            sched["notes"] = "Six-week course; new groups start every month."
        return sched, text

    def languages(self, key: str, sid: str, a: AreaRow) -> list[Json]:
        if a.lsoa_code not in self.lang_p:
            self.lang_p[a.lsoa_code] = [
                (name, code, min(0.85, sum(a.share(g) * m for g, m in mult.items())))
                for name, code, mult in cat.LANGUAGES
            ]
        langs = [("English", "en")]
        for name, code, p in self.lang_p[a.lsoa_code]:
            if self.rng.random() < p:
                langs.append((name, code))
        if self.rng.random() < 0.04:
            langs.append(("British Sign Language", "bfi"))
        return [
            {"id": uid(f"{key}/language/{code}"), "service_id": sid, "name": name, "code": code}
            for name, code in langs
        ]

    def area_json(self, key: str, sid: str, code: str, name: str, what: str, text: str) -> Json:
        return {
            "id": uid(f"{key}/area/{code}"),
            "service_id": sid,
            "name": name,
            "extent": f"{name} {what} ({code})",
            "extent_type": "text",
            "uri": _ONS + code,
            "service_area": f"Available to people living in {text}.",
            "kith_area_codes": [code],
        }

    def make(
        self,
        org: _Org,
        t: Template,
        key: str,
        area: AreaRow,
        loc: Json | None,
        *,
        tier: int | None = None,
        lads: tuple[str, ...] = (),
        suffix: str = "",
    ) -> Json:
        r, sid, kind = self.rng, uid(key), org.kind
        online = loc is None
        name = t.name.format(org=org.name, place=org.place) + suffix
        sched, when = self.schedule(key, sid, t.sched, online)
        langs = self.languages(key, sid, area)
        if loc is None:
            loc = {
                "id": uid(f"{key}/online"),
                "location_type": "virtual",
                "name": f"{name} (online)",
                "description": "Online by video call or phone.",
            }
        if lads:
            areas = [
                self.area_json(
                    key, sid, c, self.lad_names[c], "local authority district", self.lad_names[c]
                )
                for c in lads
            ]
        elif kind and not online and r.random() < kind.msoa:
            msoa = area.msoa_name or area.msoa_code
            near = f"{self.place(area)[0]} and nearby streets ({msoa})"
            areas = [self.area_json(key, sid, area.msoa_code, msoa, "MSOA", near)]
        else:
            areas = [
                self.area_json(
                    key,
                    sid,
                    area.lad_code,
                    area.lad_name,
                    "local authority district",
                    area.lad_name,
                )
            ]
        x = r.random()
        status = "active" if tier or x >= 0.05 else "inactive" if x < 0.03 else "temporarily closed"
        cap = (
            "closed"
            if status != "active"
            else "additional-assessment"
            if tier == 3
            else r.choices(_CAPACITY, _CAPACITY_WEIGHTS)[0]
        )
        maximum = r.randint(8, 40)
        available = (
            r.randint(1, maximum)
            if cap == "open"
            else r.randint(0, maximum // 2)
            if cap == "additional-assessment"
            else 0
        )
        modified, updated = self.stamp(900), self.stamp(45)
        text = [t.text.format(org=org.name, place=org.place), f"When: {when}."]
        if online:
            text.append("Sessions are online by video call or phone, so you can join from home.")
        if len(langs) > 1:
            text.append(f"We can help you in {_join([lang['name'] for lang in langs])}.")
        access = [cat.ACCESS_PHRASES[a["kith_access"]] for a in loc.get("accessibility", [])]
        if access:
            text.append(f"The venue has {_join(access)}.")
        text.append(
            "You can refer yourself."
            if t.self_ref
            else "You need a referral from a GP, social prescriber or health professional."
        )
        contact = uid(f"{key}/contact")
        number = r.choice(_PHONES).format(r.randint(0, 999))
        svc: Json = {
            "id": sid,
            "organization_id": org.json["id"],
            "name": name,
            "description": " ".join(text),
            "url": f"{org.json['website']}{_slug(t.name.format(org='', place=''))}",
            "email": org.json["email"],
            "status": status,
            "last_modified": _ts(modified),
            "assured_date": modified.date().isoformat(),
            "assurer_email": "directory@kith.example.org",
            "schedules": [sched],
            "service_areas": areas,
            "languages": langs,
            "service_at_locations": [
                {
                    "id": uid(f"{key}/sal"),
                    "service_id": sid,
                    "location_id": loc["id"],
                    "location": loc,
                }
            ],
            "organization": json.loads(org.text),
            "contacts": [
                {
                    "id": contact,
                    "service_id": sid,
                    "title": r.choice(_TITLES),
                    "name": f"{r.choice(cat.FIRST)} {r.choice(cat.LAST)}",
                    "phones": [
                        {
                            "id": uid(f"{key}/phone"),
                            "contact_id": contact,
                            "number": number,
                            "description": "Main contact number",
                        }
                    ],
                }
            ],
            "attributes": [
                {
                    "id": uid(f"{key}/need/{n}"),
                    "link_id": sid,
                    "link_type": "need",
                    "taxonomy_term_id": _TERMS[n]["id"],
                    "taxonomy_term": dict(_TERMS[n]),
                }
                for n in t.needs
            ],
            "service_capacity": [
                {
                    "id": uid(f"{key}/capacity"),
                    "unit": "places",
                    "available": available,
                    "maximum": maximum,
                    "updated": _ts(updated),
                }
            ],
            "kith_capacity_status": cap,
            "kith_kind": kind.code if kind else "rethinking-pain",
            "kith_tier": tier,
            "kith_self_referral": t.self_ref,
            "kith_eligibility": {"gender": t.gender},
            "kith_area_codes": [code for a in areas for code in a["kith_area_codes"]],
        }
        if t.lo is not None:
            svc["minimum_age"] = t.lo
        if t.hi is not None:
            svc["maximum_age"] = t.hi
        if t.cost is not None or r.random() < 0.08:
            amount = t.cost or 0
            svc["cost_options"] = [
                {
                    "id": uid(f"{key}/cost"),
                    "service_id": sid,
                    "amount": amount,
                    "option": "Per session" if amount else "Free",
                    "amount_description": f"\u00a3{amount:.2f} per session; free if money is tight"
                    if amount
                    else "Free of charge",
                }
            ]
        return svc

    def stamp(self, max_days: int) -> datetime:
        """A time before REFERENCE_TIME: ~55% fresh (<6 months), ~25% due, ~20% stale (>1y)."""
        r, x = self.rng, self.rng.random()
        days = (
            r.randint(1, 175)
            if x < 0.55 or max_days < 190
            else r.randint(190, 360)
            if x < 0.8
            else r.randint(380, max_days)
        )
        return REFERENCE_TIME - timedelta(days=min(days, max_days), minutes=r.randint(0, 480))


def _ts(t: datetime) -> str:
    return t.isoformat()[:19] + "Z"


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_ORD = ("", "1st", "2nd", "3rd", "4th")
_SLOTS = (
    ("09:30", "11:30"),
    ("10:00", "12:00"),
    ("10:30", "12:30"),
    ("13:00", "15:00"),
    ("13:30", "15:30"),
    ("14:00", "16:00"),
)
_EVENINGS = (("18:00", "20:00"), ("18:30", "20:30"), ("19:00", "21:00"))
_CAPACITY = ("open", "waitlist", "closed", "additional-assessment")
_CAPACITY_WEIGHTS = (76, 18, 2, 4)
_PHONES = ("01632 960{:03d}", "01632 960{:03d}", "0113 496 0{:03d}", "07700 900{:03d}")
_TITLES = ("Coordinator", "Volunteer Coordinator", "Service Lead", "Group Organiser", "Reception")
