"""Provider updates to a listing: load (locked) -> decide -> write the new version, the
rewritten ORUK document and a `kith.directory.service-updated` event, in one transaction.

Replaying an update with the same idempotency key returns the version it made (no second
version, no second event); the same key for a different update is a conflict.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.auth import Principal
from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.directory.domain import (
    Change,
    NotAllowed,
    OpeningTime,
    apply_overlay,
    may_update,
    merge_overlays,
)
from kith_gateway.kernel.refusals import Refused

# Taking the write lock first serialises concurrent updates of one listing.
LOCK_AND_LOAD = """
MATCH (s:Service {id: $id})
WHERE NOT coalesce(s.removed_from_feed, false)
SET s.version = coalesce(s.version, 0)
WITH s
OPTIONAL MATCH (v:ServiceVersion {idempotency_key: $key})
RETURN s.organisation_id AS organisation_id, s.version AS version, s.oruk_json AS doc,
       s.provider_overlay AS overlay, v.version AS replayed_version,
       v.request_hash AS replayed_hash, v.service_id AS replayed_service
"""

APPLY = """
MATCH (s:Service {id: $id})
SET s += $props, s.version = $version, s.oruk_json = $doc, s.provider_overlay = $overlay,
    s.verified_at = $at, s.provider_verified_at = $at, s.last_modified = $at
CREATE (v:ServiceVersion {id: $version_id, service_id: $id, version: $version, kind: $kind,
                          at: $at, by_user: $user, by_organisation: $org,
                          idempotency_key: $key, request_hash: $hash, change_json: $change})
CREATE (s)-[:HAS_VERSION]->(v)
"""

REPLACE_SCHEDULES = """
MATCH (s:Service {id: $id})
OPTIONAL MATCH (s)-[:HAS_SCHEDULE]->(old:Schedule)
DETACH DELETE old
WITH DISTINCT s
UNWIND $schedules AS row
CREATE (x:Schedule)
SET x = row
CREATE (s)-[:HAS_SCHEDULE]->(x)
"""


class UpdateRefused(Refused):
    """A provider update that cannot be applied (not theirs, or a stale version)."""


@dataclass(frozen=True)
class Updated:
    service_id: str
    version: int
    replayed: bool


@dataclass(frozen=True)
class Request:
    """One update as asked: `inputs` fingerprint it (for idempotency), `make_change` turns
    it into the change at the moment it is applied."""

    service_id: str
    key: str
    expected_version: int | None
    inputs: Mapping[str, Any]
    make_change: Callable[[datetime], Change]
    schedules: Sequence[OpeningTime] | None = None

    def hash(self) -> str:
        body = json.dumps([self.service_id, dict(self.inputs)], sort_keys=True, default=str)
        return hashlib.sha256(body.encode()).hexdigest()


async def update_listing(
    graph: Graph, principal: Principal, request: Request, now: datetime
) -> Updated:
    scoped_key = f"{principal.organisation_id}:{request.key}"

    async def work(tx: AsyncManagedTransaction) -> Updated:
        found = await (await tx.run(LOCK_AND_LOAD, id=request.service_id, key=scoped_key)).single()
        if found is None:
            raise UpdateRefused(UpdateRefused.NOT_FOUND, f"no service {request.service_id}")
        if not may_update(principal, found["organisation_id"]):
            raise NotAllowed("only staff of the organisation that provides it may update it")
        if found["replayed_version"] is not None:
            return _replay(found, request)
        current = int(found["version"])
        if request.expected_version is not None and request.expected_version != current:
            message = f"the listing is at version {current}, not {request.expected_version}"
            raise UpdateRefused(UpdateRefused.CONFLICT, message, current)
        return await _apply(tx, principal, request, scoped_key, found, current + 1, now)

    return await graph.write(work)


def _replay(found: Any, request: Request) -> Updated:
    if found["replayed_hash"] != request.hash() or found["replayed_service"] != request.service_id:
        raise UpdateRefused(
            UpdateRefused.CONFLICT, "this idempotency key was already used for another update"
        )
    return Updated(request.service_id, int(found["replayed_version"]), replayed=True)


async def _apply(
    tx: AsyncManagedTransaction,
    principal: Principal,
    request: Request,
    scoped_key: str,
    found: Any,
    version: int,
    at: datetime,
) -> Updated:
    change = request.make_change(at)
    overlay = merge_overlays(json.loads(found["overlay"] or "{}"), change)
    document = apply_overlay(json.loads(found["doc"]), overlay)
    document["last_modified"] = at.isoformat().replace("+00:00", "Z")
    version_id = str(uuid.uuid4())
    await tx.run(
        APPLY,
        id=request.service_id,
        props=change.props,
        version=version,
        doc=json.dumps(document, separators=(",", ":"), ensure_ascii=False),
        overlay=json.dumps(overlay, separators=(",", ":"), ensure_ascii=False),
        at=at,
        version_id=version_id,
        kind=change.kind,
        user=principal.user_id,
        org=principal.organisation_id,
        key=scoped_key,
        hash=request.hash(),
        change=json.dumps(change.overlay, separators=(",", ":"), default=str),
    )
    if request.schedules is not None:
        rows = [
            s.oruk(request.service_id, request.key) | s.query_fields() for s in request.schedules
        ]
        await tx.run(REPLACE_SCHEDULES, id=request.service_id, schedules=rows)
    event = Event(
        type=DIRECTORY_SERVICE_UPDATED,
        aggregate_id=request.service_id,
        data={"service_id": request.service_id, "organisation_id": found["organisation_id"]},
        id=version_id,
        aggregate_version=version,
    )
    await outbox.add(tx, event)
    return Updated(request.service_id, version, replayed=False)


# Confirming may also link two listings the detector missed; the pair keeps one direction.
DECIDE = """
MATCH (a:Service {id: $duplicate}), (b:Service {id: $canonical})
OPTIONAL MATCH (b)-[reverse:SAME_AS]->(a)
DELETE reverse
MERGE (a)-[r:SAME_AS]->(b)
ON CREATE SET r.signals = ['system_lead'], r.score = null
SET r.status = $status, r.decided_by = $user, r.decided_at = $at
RETURN a.id AS duplicate, b.id AS canonical, r.status AS status
"""


async def decide_duplicate(
    graph: Graph, duplicate: str, canonical: str, status: str, user: str, at: datetime
) -> dict[str, str] | None:
    """A system lead confirms or splits a suspected duplicate (`SAME_AS`). Confirmed: readers
    see one service with both sources. Split: two services, never linked again."""
    rows = await graph.execute(
        DECIDE, duplicate=duplicate, canonical=canonical, status=status, user=user,
        at=at,
    )  # fmt: skip
    return rows[0] if rows else None
