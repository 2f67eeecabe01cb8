"""Seeded synthetic people and referrals for gap maps and equity audits, with a deliberate
under-referral: in a third of the GP practices, people of one ethnic group (Pakistani by
default, the largest minority group in Bradford) are referred at 30% of the rate of others.
The equity audit must find it (tests/insights/test_demo.py).

People live in real LSOAs in proportion to their adults, with the ethnic mix of the 2011
Census and the age mix of IoD2019; each LSOA's referrer is its nearest GP practice in the same
local authority. Referrals go to directory services meeting a random need in that authority
and walk the FHIR Task lifecycle (requested -> received -> accepted | rejected -> in-progress
-> completed) with a `StatusChange` per step, in the shape the gateway writes.

This writes straight into the graph on purpose, bypassing the API: benchmarks need a million
people, and the API (consent, audit, outbox, one transaction per change) is not what is being
measured. It never runs in production; everything it writes has `source: 'demo-referrals'`.
Same graph + same seed = same people and referrals (ids are UUIDv5 of the seed and a number).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from kith_common.graph import Graph
from kith_referrals.milestones import SUMMARISE
from kith_referrals.tallies import RETALLY_CODES

from kith_devstack.demo_district import REFERENCE_TIME, uid

ETHNIC = ("white_british", "irish", "other_white", "mixed", "indian", "pakistani", "bangladeshi",
          "chinese", "other_asian", "black_african", "black_caribbean", "other_black", "arab",
          "other")  # fmt: skip
YOUNGER = (("18-24", 7), ("25-34", 10), ("35-44", 10), ("45-54", 10), ("55-59", 5))
OLDER = (("60-64", 5), ("65-74", 10), ("75-84", 10), ("85+", 5))
LANGUAGES = {"pakistani": ("ur", 0.3), "bangladeshi": ("bn", 0.35), "indian": ("gu", 0.2),
             "other_white": ("pl", 0.25), "arab": ("ar", 0.3)}  # fmt: skip
REASONS = (("no-capacity", 0.4), ("not-eligible", 0.3), ("unable-to-contact", 0.2),
           ("declined-by-person", 0.1))  # fmt: skip
UNMET = ("too-far", "full", "language", "schedule", "no-provision")
REFERENCE = REFERENCE_TIME  # the demo directory's "now": the same seed gives the same times


@dataclass
class Plan:
    people: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    unmet: list[dict[str, Any]] = field(default_factory=list)
    catchments: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    biased: frozenset[str] = frozenset()
    group: str = "pakistani"


def _nearest(lsoas: list[dict[str, Any]], practices: list[dict[str, Any]]) -> dict[str, str]:
    """Each LSOA's nearest GP practice in the same local authority."""
    by_lad: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in practices:
        by_lad[p["lad"]].append(p)
    out = {}
    for a in lsoas:
        near = by_lad.get(a["lad"])
        if near:
            best = min(near, key=lambda p: (p["lat"] - a["lat"]) ** 2 + (p["lon"] - a["lon"]) ** 2)
            out[a["code"]] = best["org"]
    return out


def _history(rng: np.random.Generator, start: datetime) -> list[tuple[str, datetime, str | None]]:
    """(status, at, reason) steps after `requested`; stops at REFERENCE (the demo's "now")."""
    steps: list[tuple[str, datetime, str | None]] = []
    at = start + timedelta(hours=float(rng.uniform(0.5, 30)))
    for status, days in (("received", 0.0), ("decide", 5.0), ("in-progress", 3.0),
                         ("completed", 30.0)):  # fmt: skip
        at += timedelta(days=float(rng.exponential(days))) if days else timedelta(0)
        if at > REFERENCE:
            break
        if status == "decide":
            if rng.random() < 0.18:
                reason = REASONS[int(rng.choice(4, p=[w for _, w in REASONS]))][0]
                steps.append(("rejected", at, reason))
                break
            status = "accepted"
        if status == "completed" and rng.random() > 0.65:
            break
        steps.append((status, at, None))
    return steps


def _person(rng: np.random.Generator, area: dict[str, Any], n: int, seed: int) -> dict[str, Any]:
    counts = np.array([float(area.get(f"eth_{g}") or 0) for g in ETHNIC])
    group = ETHNIC[int(rng.choice(len(ETHNIC), p=counts / counts.sum()))] if counts.sum() else None
    young, old = float(area.get("aged_16_59") or 1), float(area.get("aged_60_plus") or 0)
    bands = YOUNGER if rng.random() < young / (young + old) else OLDER
    band = bands[int(rng.choice(len(bands), p=[w / sum(x for _, x in bands) for _, w in bands]))][0]
    code, share = LANGUAGES.get(group or "", ("en", 0.0))
    language = code if rng.random() < share else "en"
    return {"id": uid(f"demo-person|{seed}|{n}"), "reference": f"DEMO-{seed}-{n:07d}",
            "home_area": area["code"], "age_band": band, "preferred_language": language,
            "languages": sorted({"en", language}), "ethnicity": group,
            "ethnicity_recorded": bool(rng.random() < 0.75)}  # fmt: skip


def plan(
    world: dict[str, list[dict[str, Any]]],
    *,
    seed: int = 11,
    per_1000_adults: float = 10.0,
    referrals_per_person: float = 1.25,
    group: str = "pakistani",
    keep: float = 0.3,
) -> Plan:
    rng = np.random.default_rng(seed)
    practices = sorted(world["practices"], key=lambda p: p["org"])
    order = rng.permutation(len(practices))
    biased = frozenset(practices[i]["org"] for i in order[: len(practices) // 3])
    nearest = _nearest(world["lsoas"], practices)
    targets: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for t in world["targets"]:
        for need in t["needs"]:
            targets[(t["lad"], need)].append(t)
    needs = sorted({need for _, need in targets})
    out = Plan(biased=biased, group=group)
    if not needs:  # no services to refer to (a district without a directory yet)
        return out
    for area in sorted(world["lsoas"], key=lambda a: a["code"]):
        org = nearest.get(area["code"])
        if org is None:
            continue
        out.catchments[org].append(area["code"])
        for _ in range(int(rng.poisson(float(area.get("adults") or 0) * per_1000_adults / 1000))):
            person = _person(rng, area, len(out.people), seed)
            if org in biased and person["ethnicity"] == group and rng.random() > keep:
                continue  # the deliberate under-referral
            person["organisation_id"] = org
            out.people.append(person)
            # At least one referral each (that is how they came to be in Kith), more by Poisson.
            for _ in range(1 + int(rng.poisson(referrals_per_person - 1))):
                need = "pain" if rng.random() < 0.3 else needs[int(rng.integers(len(needs)))]
                near = targets.get((area["lad"], need)) or []
                if near:
                    _refer(rng, out, person, near[int(rng.integers(len(near)))], seed)
            if rng.random() < 0.05:
                _unmet(rng, out, person, needs, seed)
    return out


def _refer(
    rng: np.random.Generator, out: Plan, person: dict[str, Any], target: dict[str, Any], seed: int
) -> None:
    rid = uid(f"demo-referral|{seed}|{len(out.referrals)}")
    created = REFERENCE - timedelta(days=float(rng.uniform(0, 365)))
    steps = [("requested", created, None), *_history(rng, created)]
    changes = [
        {"key": f"demo:{rid}:{v}", "from": prev[0] if v > 2 else "draft", "to": status,
         "at": at, "version": v, "reason_code": reason}
        for v, ((status, at, reason), prev) in enumerate(
            zip(steps, [("draft", created, None), *steps], strict=False), start=2)
    ]  # fmt: skip
    out.referrals.append(
        {"id": rid, "person_id": person["id"], "service_id": target["service"],
         "to_org": target["org"], "from_org": person["organisation_id"],
         "status": steps[-1][0], "version": len(steps) + 1, "created_at": created,
         "received_at": steps[1][1] if len(steps) > 1 else None, "changes": changes}
    )  # fmt: skip


def _unmet(
    rng: np.random.Generator, out: Plan, person: dict[str, Any], needs: list[str], seed: int
) -> None:
    out.unmet.append(
        {"id": uid(f"demo-unmet|{seed}|{len(out.unmet)}"), "area": person["home_area"],
         "need": needs[int(rng.integers(len(needs)))], "org": person["organisation_id"],
         "reason": UNMET[int(rng.integers(len(UNMET)))],
         "at": REFERENCE - timedelta(days=float(rng.uniform(0, 365)))}
    )  # fmt: skip


AREAS = """
MATCH (a:Area:LSOA) WHERE a.point IS NOT NULL
RETURN a {.code, .adults, .aged_16_59, .aged_60_plus, .eth_white_british, .eth_irish,
  .eth_other_white, .eth_mixed, .eth_indian, .eth_pakistani, .eth_bangladeshi, .eth_chinese,
  .eth_other_asian, .eth_black_african, .eth_black_caribbean, .eth_other_black, .eth_arab,
  .eth_other, lad: a.lad_code, lat: a.point.latitude, lon: a.point.longitude} AS a
"""

PRACTICES = """
MATCH (s:Service {kind: 'gp-practice'})-[:AVAILABLE_AT]->()-[:AT]->(l:Location)-[:IN]->(a:Area)
WITH s.organisation_id AS org, min(l.id) AS first
MATCH (l:Location {id: first})-[:IN]->(a:Area)
RETURN org, a.lad_code AS lad, l.point.latitude AS lat, l.point.longitude AS lon
"""

TARGETS = """
MATCH (s:Service {status: 'active'})-[:AVAILABLE_AT]->()-[:AT]->(:Location)-[:IN]->(a:Area)
WHERE s.kind <> 'gp-practice'
WITH DISTINCT s, a.lad_code AS lad
RETURN s.id AS service, s.organisation_id AS org, lad, [(s)-[:MEETS]->(n:Need) | n.code] AS needs
"""

WRITE_PEOPLE = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.reference = row.reference, p.organisation_id = row.organisation_id,
    p.home_area = row.home_area, p.age_band = row.age_band, p.source = 'demo-referrals',
    p.preferred_language = row.preferred_language, p.languages = row.languages
WITH p, row
MATCH (a:Area {code: row.home_area})
MERGE (p)-[:LIVES_IN]->(a)
WITH p, row WHERE row.ethnicity_recorded AND row.ethnicity IS NOT NULL
MERGE (e:EthnicityStatement {person_id: p.id})
SET e.group = row.ethnicity, e.consented_at = $now, e.organisation_id = p.organisation_id,
    e.source = 'demo-referrals'
MERGE (p)-[:SELF_DESCRIBED]->(e)
"""

WRITE_REFERRALS = f"""
UNWIND $rows AS row
MATCH (p:Person {{id: row.person_id}})
MATCH (s:Service {{id: row.service_id}})
MERGE (r:Referral {{id: row.id}})
SET r.status = row.status, r.version = row.version, r.created_at = row.created_at,
    r.received_at = row.received_at, r.updated_at = row.changes[-1].at,
    r.from_organisation_id = row.from_org, r.to_organisation_id = row.to_org,
    r.service_id = row.service_id, r.source = 'demo-referrals'
MERGE (r)-[:FOR]->(p)
MERGE (r)-[:TO]->(s)
WITH r, row
UNWIND row.changes AS c
MERGE (h:StatusChange {{idempotency_key: c.key}})
SET h.referral_id = r.id, h.from = c.from, h.to = c.to, h.at = c.at, h.version = c.version,
    h.reason_code = c.reason_code, h.source = 'demo-referrals'
MERGE (r)-[:CHANGED]->(h)
WITH DISTINCT r
{SUMMARISE}"""

WRITE_UNMET = """
UNWIND $rows AS row
MERGE (u:UnmetNeed {id: row.id})
SET u.need = row.need, u.area = row.area, u.reason = row.reason, u.at = row.at,
    u.organisation_id = row.org, u.source = 'demo-referrals'
WITH u, row
MATCH (a:Area {code: row.area})
MERGE (u)-[:IN]->(a)
"""


async def load_world(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    return {
        "lsoas": [r["a"] for r in await graph.query(AREAS)],
        "practices": await graph.query(PRACTICES),
        "targets": [r for r in await graph.query(TARGETS) if r["needs"]],
    }


async def write_plan(graph: Graph, made: Plan, batch: int = 2000) -> None:
    """Batched UNWIND MERGEs (idempotent: writing the same plan twice changes nothing)."""
    for query, rows in ((WRITE_PEOPLE, made.people), (WRITE_REFERRALS, made.referrals),
                        (WRITE_UNMET, made.unmet)):  # fmt: skip
        for start in range(0, len(rows), batch):
            await graph.execute(query, rows=rows[start : start + batch], now=REFERENCE)
    await retally(graph, sorted({p["home_area"] for p in made.people}))


async def retally(graph: Graph, codes: list[str], batch: int = 25) -> None:
    """Re-count the reports' tallies of these LSOAs (kith_referrals.tallies): the batched
    writes above skip the per-referral count a live writer does, and count once at the end.
    A few LSOAs per transaction: each recount reads all of an area's people and referrals,
    and hundreds at once outgrew a small server's transaction memory."""
    for start in range(0, len(codes), batch):
        await graph.execute(RETALLY_CODES, codes=codes[start : start + batch])


async def generate(graph: Graph, *, seed: int = 11, **options: Any) -> Plan:
    """Plan from what the graph holds (areas, practices, services), then write it."""
    made = plan(await load_world(graph), seed=seed, **options)
    await write_plan(graph, made)
    return made
