"""Does semantic fit help? nDCG@5 and recall@5 of matching on the labelled statements in
`bench/matching_eval_set.py`, against the demo directory, with and without the semantic part.

    uv run python -m bench.matching_eval [--weights semantic=0.08,...]

Runs the real domain (`kith_gateway.matching.domain.match`) and the real model; candidates
are built straight from the generated ORUK records (what the candidate query returns, with
exact cosine for every candidate: the vector index only adds far-off semantic neighbours,
which the radius then drops). No Neo4j is needed, so it runs in about a minute.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from kith_devstack.demo_district import REFERENCE_TIME, AreaRow, generate_directory, read_areas
from kith_devstack.processes import REPO_ROOT
from kith_gateway.matching.config import MatchingConfig, weights_from
from kith_gateway.matching.domain import Candidate, Home, Place, match
from kith_gateway.matching.domain.schedule import session_from
from kith_gateway.matching.embeddings import E5Embedder, service_text
from kith_gateway.people.domain import validate_profile

from bench.matching_eval_set import STATEMENTS, Statement

AREAS = REPO_ROOT / "data/areas/bradford_craven_lsoa2011_imd2019.csv"
CACHE = REPO_ROOT / ".state" / "matching-eval-embeddings.json"
TRAVEL_KM = 5.0
K = 5


class EmbeddingCache:
    """Embeddings by (model, role, text) on disk: re-running the evaluation costs seconds."""

    def __init__(self, path: Path, embedder: E5Embedder) -> None:
        self.path, self.embedder = path, embedder
        self.known: dict[str, list[float]] = json.loads(path.read_text()) if path.exists() else {}

    def _key(self, role: str, text: str) -> str:
        return hashlib.sha256(f"{self.embedder.model}|{role}|{text}".encode()).hexdigest()

    def passages(self, texts: Sequence[str]) -> list[list[float]]:
        missing = [t for t in texts if self._key("passage", t) not in self.known]
        for t, v in zip(missing, self.embedder.passages(missing), strict=True):
            self.known[self._key("passage", t)] = v
        return [self.known[self._key("passage", t)] for t in texts]

    def query(self, text: str) -> list[float]:
        key = self._key("query", text)
        if key not in self.known:
            self.known[key] = self.embedder.query(text)
        return self.known[key]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.known))


def metres(a: AreaRow, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def _place(sal: dict[str, Any], home: AreaRow) -> Place:
    loc = sal["location"]
    if loc.get("location_type") == "virtual":
        return Place(loc["id"], True, None, None)
    access = frozenset(a["kith_access"] for a in loc.get("accessibility") or [])
    return Place(loc["id"], False, metres(home, loc["latitude"], loc["longitude"]), access)


def candidate(record: dict[str, Any], home: AreaRow, cosine: float | None) -> Candidate:
    cap = (record.get("service_capacity") or [{}])[0]
    return Candidate(
        id=record["id"],
        name=record["name"],
        organisation_id=record["organization"]["id"],
        organisation_name=record["organization"]["name"],
        needs=frozenset(a["taxonomy_term"]["term"] for a in record["attributes"]),
        places=tuple(_place(s, home) for s in record["service_at_locations"]),
        status=record["status"],
        kind=record["kith_kind"],
        capacity_status=record["kith_capacity_status"],
        capacity_available=cap.get("available"),
        capacity_maximum=cap.get("maximum"),
        min_age=record.get("minimum_age"),
        max_age=record.get("maximum_age"),
        gender=record["kith_eligibility"]["gender"],
        languages=frozenset(x["code"] for x in record["languages"]),
        covers=frozenset(record["kith_area_codes"]),
        sessions=tuple(
            session_from(x["byday"], x["opens_at"], x["closes_at"], x["description"])
            for x in record["schedules"]
        ),
        last_modified=datetime.fromisoformat(record["last_modified"].replace("Z", "+00:00")),
        semantic=cosine,
    )


def in_search_area(c: Candidate, home: AreaRow, radius_km: float) -> bool:
    codes = {home.lsoa_code, home.msoa_code, home.lad_code}
    return any(
        (p.virtual and bool(c.covers & codes))
        or (p.metres is not None and p.metres <= radius_km * 1000)
        for p in c.places
    )


def ndcg(ranked: Sequence[bool], ideal: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, rel in enumerate(ranked[:K]) if rel)
    best = sum(1 / math.log2(i + 2) for i in range(min(ideal, K)))
    return dcg / best if best else 0.0


def evaluate(
    statements: Sequence[Statement],
    directory: list[dict[str, Any]],
    areas: dict[str, AreaRow],
    passages: dict[str, list[float]],
    queries: dict[str, list[float]],
    cfg: MatchingConfig,
) -> dict[str, tuple[float, float, int]]:
    """Mean (nDCG@5, recall@5, n) per language and overall."""
    scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for st in statements:
        home, q = areas[st.area], queries[st.key]
        profile = validate_profile(
            home_area=st.area,
            needs=list(st.needs),
            max_travel_km=TRAVEL_KM,
            online_ok=True,
            what_matters=st.text,
            gender=st.gender,
        )
        pattern = re.compile(st.relevant)
        cands = []
        for r in directory:
            cos = sum(a * b for a, b in zip(passages[r["id"]], q, strict=True))
            c = candidate(r, home, cos)
            if in_search_area(c, home, cfg.search_radius_km(TRAVEL_KM)):
                cands.append(c)
        outcome = match(
            profile, Home(home.lsoa_code, home.msoa_code, home.lad_code), cands, cfg, REFERENCE_TIME
        )
        relevant = {c.id for c in cands if pattern.search(f"{c.kind} | {c.name}")}
        structured = dataclasses.replace(
            cfg, weights=dataclasses.replace(cfg.weights, semantic=0.5)
        )
        every = match(
            profile,
            Home(home.lsoa_code, home.msoa_code, home.lad_code),
            cands,
            dataclasses.replace(structured, semantic_only_min=0.0),
            REFERENCE_TIME,
        )
        ideal = len(relevant & {r.scored.candidate.id for r in every.ranked})
        if ideal == 0:
            print(f"  (skipped {st.key}: nothing relevant is acceptable)")
            continue
        top = [r.scored.candidate.id in relevant for r in outcome.ranked[:K]]
        result = (ndcg(top, ideal), sum(top) / min(ideal, K))
        scores[st.language].append(result)
        scores["all"].append(result)
    return {
        lang: (sum(n for n, _ in v) / len(v), sum(r for _, r in v) / len(v), len(v))
        for lang, v in scores.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.matching_eval")
    parser.add_argument(
        "--weights", nargs="*", default=[""], help="runs to compare, e.g. semantic=0.1 semantic=0.2"
    )
    args = parser.parse_args()
    rows = read_areas(AREAS)
    areas = {a.lsoa_code: a for a in rows}
    directory = generate_directory(rows, services=300, organisations=120, seed=7)
    started = time.perf_counter()
    cache = EmbeddingCache(CACHE, E5Embedder())
    texts = [
        service_text(
            r["name"], r["description"], [a["taxonomy_term"]["name"] for a in r["attributes"]]
        )
        for r in directory
    ]
    passages = dict(zip([r["id"] for r in directory], cache.passages(texts), strict=True))
    queries = {st.key: cache.query(st.text) for st in STATEMENTS}
    cache.save()
    print(
        f"embedded {len(texts)} listings and {len(queries)} statements in {time.perf_counter() - started:.0f}s"
    )
    off = MatchingConfig(weights=weights_from("semantic=0"))
    results = {"structured only": evaluate(STATEMENTS, directory, areas, passages, queries, off)}
    for text in args.weights:
        on = MatchingConfig(weights=weights_from(text))
        name = f"with semantic ({on.weights.semantic:g})"
        results[name] = evaluate(STATEMENTS, directory, areas, passages, queries, on)
    print(f"\n{'run':<28} {'language':<8} {'n':>3} {'nDCG@5':>8} {'recall@5':>9}")
    for run, by_lang in results.items():
        for lang in ("all", "en", "ur", "pa", "bn", "pl"):
            if lang in by_lang:
                n, r, count = by_lang[lang]
                print(f"{run:<28} {lang:<8} {count:>3} {n:>8.3f} {r:>9.3f}")


if __name__ == "__main__":
    main()
