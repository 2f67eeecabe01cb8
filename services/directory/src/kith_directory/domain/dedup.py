"""De-duplication across feeds (pure): which listings are probably the same service, with
the score and the signals that fired.

Candidates come from blocking keys (a shared phone, email, web address, postcode,
organisation identifier, a ~300 m cell, or a leading name word), so only plausible pairs
are scored. The score weighs name similarity most: one charity's several services share
its phone, email, website and hall, so shared contacts or place only support a name that
already looks alike.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kith_directory.domain.matching_keys import name_words

AUTO = 0.85  # readers see one service
SUGGEST = 0.70  # a system lead is asked
MIN_NAME = 0.72
NEAR_METRES = 150.0
FAR_METRES = 1_000.0
_CELL = 0.003  # degrees: ~330 m north-south
_RAREST = " rarest"  # not a word: the weight of words never seen


@dataclass(frozen=True)
class Fingerprint:
    id: str
    feed_id: str
    name: str
    org_identifiers: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    webs: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()
    created: str = ""

    @property
    def words(self) -> list[str]:
        return name_words(self.name)


@dataclass(frozen=True)
class Match:
    duplicate: str  # the later listing
    canonical: str  # the one readers keep seeing
    score: float
    signals: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        return "auto" if self.score >= AUTO else "suggested"


def blocking_keys(fp: Fingerprint) -> set[str]:
    keys = {f"org:{k}" for k in fp.org_identifiers}
    keys |= {f"phone:{k}" for k in fp.phones} | {f"email:{k}" for k in fp.emails}
    keys |= {f"web:{k}" for k in fp.webs} | {f"postcode:{k}" for k in fp.postcodes}
    for lat, lon in fp.points:
        row, col = math.floor(lat / _CELL), math.floor(lon / (_CELL * 1.6))
        keys |= {f"cell:{row + dr}:{col + dc}" for dr in (-1, 0, 1) for dc in (-1, 0, 1)}
    keys |= {f"word:{w}" for w in sorted(fp.words)[:3]}  # typo-free words still pair names
    return keys


Weights = Mapping[str, float]


def word_weights(names: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of each name word: a venue or a common word ("group",
    "centre") says little about which service it is; a rare one says a lot."""
    counts: Counter[str] = Counter()
    total = 0
    for name in names:
        counts.update(set(name_words(name)))
        total += 1
    weights = {word: math.log((1 + total) / (1 + n)) + 1 for word, n in counts.items()}
    weights[_RAREST] = max(weights.values(), default=1.0)
    return weights


def _matched(words: list[str], others: list[str], weights: Weights) -> tuple[float, float]:
    """(weight of `words` found in `others`, allowing typos; total weight of `words`).
    A word the weights do not know counts as rare."""
    found = total = 0.0
    unknown = weights.get(_RAREST, 1.0)
    for word in words:
        weight = weights.get(word, unknown)
        total += weight
        best = max((fuzz.ratio(word, other) for other in others), default=0.0) / 100
        found += weight * best if best >= 0.8 else 0.0
    return found, total


def name_similarity(a: str, b: str, weights: Weights | None = None) -> float:
    """Soft TF-IDF: shared words (in any order, small typos allowed) weighted by rarity;
    different or extra words pull it down by their weight."""
    left, right = name_words(a), name_words(b)
    if not left or not right:
        return 0.0
    weights = weights or {}
    found_l, total_l = _matched(left, right, weights)
    found_r, total_r = _matched(right, left, weights)
    return round((found_l + found_r) / (total_l + total_r), 3)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def score(a: Fingerprint, b: Fingerprint, weights: Weights | None = None) -> Match | None:
    """The match between two listings of different feeds, or None below `SUGGEST`."""
    if a.feed_id == b.feed_id or a.id == b.id:
        return None
    name = name_similarity(a.name, b.name, weights)
    if name < MIN_NAME:
        return None
    signals = [f"name:{name:.2f}"]
    for label, left, right in (
        ("organisation_identifier", a.org_identifiers, b.org_identifiers),
        ("phone", a.phones, b.phones),
        ("email", a.emails, b.emails),
        ("web", a.webs, b.webs),
        ("postcode", a.postcodes, b.postcodes),
    ):
        if left & right:
            signals.append(label)
    distances = [metres(p, q) for p in a.points for q in b.points]
    if any(d <= NEAR_METRES for d in distances):
        signals.append("proximity")
    elif distances and min(distances) > FAR_METRES and "postcode" not in signals:
        signals.append("elsewhere")  # both say where they are, and it is not the same place
    contact = any(s in signals for s in ("phone", "email", "web"))
    place = any(s in signals for s in ("postcode", "proximity"))
    total = 0.6 * name + 0.15 * contact + 0.1 * ("organisation_identifier" in signals)
    total += 0.15 * place + 0.1 * (contact and place) - 0.15 * ("elsewhere" in signals)
    total = round(min(total, 1.0), 3)
    if total < SUGGEST:
        return None
    first, second = sorted((a, b), key=lambda f: (f.created, f.id))
    return Match(duplicate=second.id, canonical=first.id, score=total, signals=tuple(signals))


def candidate_pairs(
    prints: Iterable[Fingerprint], max_block: int = 200
) -> Iterator[tuple[Fingerprint, Fingerprint]]:
    """Each cross-feed pair sharing a blocking key, once. Oversized blocks (a national
    helpline number on hundreds of listings) are skipped: they cannot discriminate."""
    blocks: dict[str, list[Fingerprint]] = defaultdict(list)
    for fp in prints:
        for key in blocking_keys(fp):
            blocks[key].append(fp)
    seen: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if a.feed_id != b.feed_id and pair not in seen:
                    seen.add(pair)
                    yield a, b


def find_matches(prints: Iterable[Fingerprint]) -> list[Match]:
    listed = list(prints)
    weights = word_weights(fp.name for fp in listed)
    matches = (score(a, b, weights) for a, b in candidate_pairs(listed))
    return sorted((m for m in matches if m is not None), key=lambda m: (m.duplicate, m.canonical))
