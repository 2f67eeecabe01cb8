"""Measure the directory de-duplicator on a labelled synthetic set (not a test: it prints).

Feed A is the seeded demo district (real Bradford & Craven areas). Feed B re-publishes a
share of A's services the way a second directory would (new ids; typos; reordered words;
other phone, email and URL spellings; a jittered map pin; sometimes no phone or no place) and
adds hard negatives: other services of the same organisations (same phone, email, website
and hall, different service), plus unrelated services from another seed.

    uv run python -m bench.dedup_eval [--services 600] [--share 0.4] [--seed 11]
"""

from __future__ import annotations

import argparse
import copy
import random
import time
import uuid
from pathlib import Path
from typing import Any

from kith_devstack.demo_district import generate_directory, read_areas
from kith_directory.domain.dedup import AUTO, SUGGEST, Fingerprint, find_matches
from kith_directory.domain.mapping import organisation_identifiers
from kith_directory.domain.matching_keys import record_keys

AREAS = Path("data/areas/bradford_craven_lsoa2011_imd2019.csv")
Record = dict[str, Any]


def typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if not letters:
        return text
    i = rng.choice(letters)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap" and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeiourst") + text[i + 1 :]


def reorder(rng: random.Random, name: str) -> str:
    for sep in (": ", " - ", " at ", " in "):
        if sep in name:
            left, right = name.split(sep, 1)
            return f"{right} {left}" if rng.random() < 0.5 else f"{right}{sep}{left}"
    words = name.split()
    if len(words) > 2:
        words[0], words[1] = words[1], words[0]
    return " ".join(words)


def phone_variant(rng: random.Random, number: str) -> str:
    digits = "".join(c for c in number if c.isdigit())
    return rng.choice(
        (f"+44 {digits[1:5]} {digits[5:]}", f"({digits[:5]}) {digits[5:8]}-{digits[8:]}", digits,
         f"0044 (0){digits[1:]}")
    )  # fmt: skip


def republish(rng: random.Random, record: Record) -> Record:
    twin = copy.deepcopy(record)

    def fresh() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128)))

    twin["id"] = fresh()
    name = twin["name"]
    change = rng.choice(("typo", "reorder", "both", "case", "same"))
    if change in ("typo", "both"):
        name = typo(rng, name)
    if change in ("reorder", "both"):
        name = reorder(rng, name)
    if change == "case":
        name = name.upper() if rng.random() < 0.5 else name.lower()
    twin["name"] = name
    if twin.get("email") and rng.random() < 0.5:
        twin["email"] = twin["email"].upper()
    if twin.get("url") and rng.random() < 0.6:
        twin["url"] = twin["url"].replace("https://", "http://www.") + "/"
    for contact in twin.get("contacts") or []:
        for phone in contact.get("phones") or []:
            phone["number"] = phone_variant(rng, phone["number"])
        if rng.random() < 0.25:
            contact["phones"] = []
    for sal in twin.get("service_at_locations") or []:
        location = sal["location"]
        sal["id"], location["id"] = fresh(), fresh()
        if "latitude" in location:
            location["latitude"] += rng.uniform(-0.0003, 0.0003)
            location["longitude"] += rng.uniform(-0.0004, 0.0004)
        if rng.random() < 0.2:
            location.pop("latitude", None)
            location.pop("longitude", None)
            location["addresses"] = []
    twin["organization"] = {**twin["organization"], "id": fresh()}
    return twin


def sibling(rng: random.Random, record: Record, others: list[Record]) -> Record:
    """Another service of the same organisation, at the same place and numbers."""
    other = copy.deepcopy(rng.choice(others))
    other["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
    for key in ("email", "url", "contacts", "service_at_locations", "organization"):
        if key in record:
            other[key] = copy.deepcopy(record[key])
    return other


def fingerprint(record: Record, feed: str, order: int) -> Fingerprint:
    keys = record_keys(record)
    points = tuple(
        (sal["location"]["latitude"], sal["location"]["longitude"])
        for sal in record.get("service_at_locations") or []
        if "latitude" in sal["location"]
    )
    return Fingerprint(
        id=record["id"], feed_id=feed, name=record["name"],
        org_identifiers=frozenset(organisation_identifiers(record.get("organization") or {})),
        phones=frozenset(keys["match_phones"]), emails=frozenset(keys["match_emails"]),
        webs=frozenset(keys["match_webs"]), postcodes=frozenset(keys["match_postcodes"]),
        points=points, created=f"{order:08d}",
    )  # fmt: skip


def build(services: int, share: float, seed: int) -> tuple[list[Fingerprint], set[frozenset[str]]]:
    rng = random.Random(seed)
    areas = read_areas(AREAS)
    feed_a = generate_directory(areas, services=services, organisations=services // 3, seed=seed)
    unrelated = generate_directory(
        areas, services=services // 2, organisations=services // 6, seed=seed + 1
    )
    for record in unrelated:  # a different directory: its own ids
        record["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
    twins, truth = [], set()
    for record in rng.sample(feed_a, int(len(feed_a) * share)):
        twin = republish(rng, record)
        twins.append(twin)
        truth.add(frozenset((record["id"], twin["id"])))
    siblings = [sibling(rng, r, feed_a) for r in rng.sample(feed_a, len(feed_a) // 5)]
    feed_b = twins + siblings + unrelated
    rng.shuffle(feed_b)
    prints = [fingerprint(r, "council", i) for i, r in enumerate(feed_a)]
    prints += [fingerprint(r, "nhs", len(feed_a) + i) for i, r in enumerate(feed_b)]
    return prints, truth


def report(matches: list[Any], truth: set[frozenset[str]], threshold: float) -> str:
    found = {frozenset((m.duplicate, m.canonical)) for m in matches if m.score >= threshold}
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return (
        f"score >= {threshold:.2f}: {len(found):5d} links, {hits:5d} true; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dedup_eval")
    parser.add_argument("--services", type=int, default=600)
    parser.add_argument("--share", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    prints, truth = build(args.services, args.share, args.seed)
    started = time.perf_counter()
    matches = find_matches(prints)
    took = time.perf_counter() - started
    print(f"{len(prints)} listings in two feeds, {len(truth)} labelled duplicate pairs; "
          f"detector ran in {took:.2f}s")  # fmt: skip
    print(report(matches, truth, AUTO) + "   (auto: readers see one service)")
    print(report(matches, truth, SUGGEST) + "   (suggested: a system lead is asked)")
    missed = [p for p in truth if p not in {frozenset((m.duplicate, m.canonical)) for m in matches}]
    by_id = {fp.id: fp.name for fp in prints}
    for pair in sorted(missed, key=sorted)[:5]:
        print("  missed:", " | ".join(by_id[i] for i in sorted(pair)))
    wrong = [m for m in matches if frozenset((m.duplicate, m.canonical)) not in truth]
    for m in wrong[:5]:
        print("  false link:", by_id[m.duplicate], "|", by_id[m.canonical], m.score, m.signals)


if __name__ == "__main__":
    main()
