"""Use cases for a person's profile: create, edit and read, each one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from kith_common.auth import Principal
from kith_common.graph import Graph
from kith_referrals.tallies import RETALLY_BEFORE, RETALLY_IF_REFERRED
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.refusals import RefusalKind, Refused
from kith_gateway.people.access import NO_AUDIT, PersonReadAudit
from kith_gateway.people.domain import InvalidProfile, Profile
from kith_gateway.people.records import fingerprint, from_props, to_props

KNOWN_CODES = """
OPTIONAL MATCH (a:Area:LSOA {code: $area})
CALL (a) { UNWIND $needs AS code OPTIONAL MATCH (n:Need {code: code})
           RETURN collect(CASE WHEN n IS NULL THEN code END) AS unknown }
RETURN a IS NOT NULL AS area_known, unknown
"""

REFERENCE_TAKEN = """
MATCH (p:Person {reference: $reference, organisation_id: $org})
WHERE p.id <> $id
RETURN count(p) > 0 AS taken
"""

# MERGE on the organisation-scoped idempotency key (unique): a retried create finds the first.
CREATE_PERSON = """
MERGE (p:Person {idempotency_key: $scoped_key})
ON CREATE SET p.id = $id, p.organisation_id = $org, p.request_hash = $request_hash,
              p.created_at = datetime(), p.created_by = $user, p.version = 0, p._new = true
WITH p, coalesce(p._new, false) AS created
REMOVE p._new
RETURN p.id AS id, p.request_hash AS request_hash, created
"""

# Everything a profile says is rewritten whole, relationships included. The reports' tallies
# of the LSOAs the person leaves and lives in are re-counted (kith_referrals.tallies).
WRITE_PROFILE = f"""
MATCH (p:Person {{id: $id, organisation_id: $org}})
SET p += $props, p.reference = $reference, p.updated_at = datetime(), p.updated_by = $user,
    p.version = coalesce(p.version, 0) + 1
WITH p, [(p)-[:LIVES_IN]->(old:Area:LSOA) | old] AS before
CALL (p) {{ MATCH (p)-[r:LIVES_IN|HAS_NEED]->() DELETE r }}
WITH p, before
MATCH (a:Area:LSOA {{code: $props.home_area}})
MERGE (p)-[:LIVES_IN]->(a)
WITH p, before
CALL (p) {{ UNWIND $needs AS code MATCH (n:Need {{code: code}}) MERGE (p)-[:HAS_NEED]->(n) }}
{RETALLY_BEFORE}
{RETALLY_IF_REFERRED}
RETURN p.version AS version
"""

# The organisation check is in the query itself: another organisation's person is "not found".
READ_PERSON = """
MATCH (p:Person {id: $id})
WHERE p.organisation_id = $org
RETURN properties(p) AS props, [(p)-[:HAS_NEED]->(n:Need) | n.code] AS needs
"""


class PersonRejected(Refused):
    """A person record that cannot be written."""


@dataclass(frozen=True)
class StoredPerson:
    id: str
    reference: str | None
    organisation_id: str
    version: int
    profile: Profile | None  # None: recorded by a referral, no matching profile yet
    matching_vector: list[float] | None = None  # "what matters", embedded (see matching)
    matching_vector_key: str | None = None


async def check_codes(tx: AsyncManagedTransaction, profile: Profile) -> None:
    result = await tx.run(KNOWN_CODES, area=profile.home_area, needs=sorted(profile.needs))
    row = await result.single(strict=True)
    if not row["area_known"]:
        raise InvalidProfile("homeArea", f"unknown area {profile.home_area}")
    if row["unknown"]:
        raise InvalidProfile("needs", f"unknown need codes: {', '.join(sorted(row['unknown']))}")


async def _write(
    tx: AsyncManagedTransaction, person_id: str, who: Principal, profile: Profile, ref: str | None
) -> int:
    if ref is not None:
        taken = await tx.run(REFERENCE_TAKEN, reference=ref, org=who.organisation_id, id=person_id)
        if (await taken.single(strict=True))["taken"]:
            raise PersonRejected(
                RefusalKind.CONFLICT, "another person in your organisation has this reference"
            )
    result = await tx.run(
        WRITE_PROFILE,
        id=person_id,
        org=who.organisation_id,
        props=to_props(profile),
        reference=ref,
        user=who.user_id,
        needs=sorted(profile.needs),
    )
    row = await result.single()
    if row is None:
        raise PersonRejected(RefusalKind.NOT_FOUND, f"no person with id {person_id}")
    version: int = row["version"]
    return version


async def create_person(
    graph: Graph, who: Principal, key: str, profile: Profile, reference: str | None
) -> tuple[str, bool]:
    """(person id, created now?) — the same key again returns the same person."""

    async def work(tx: AsyncManagedTransaction) -> tuple[str, bool]:
        await check_codes(tx, profile)
        wanted = fingerprint(profile, reference)
        result = await tx.run(
            CREATE_PERSON,
            scoped_key=f"{who.organisation_id}:{key}",
            id=str(uuid.uuid4()),
            org=who.organisation_id,
            request_hash=wanted,
            user=who.user_id,
        )
        row = await result.single(strict=True)
        if not row["created"]:
            if row["request_hash"] != wanted:
                raise PersonRejected(
                    RefusalKind.CONFLICT, "this idempotency key was used for another person"
                )
            return row["id"], False
        await _write(tx, row["id"], who, profile, reference)
        return row["id"], True

    return await graph.write(work)


async def update_person(
    graph: Graph, who: Principal, person_id: str, profile: Profile, reference: str | None
) -> int:
    async def work(tx: AsyncManagedTransaction) -> int:
        await check_codes(tx, profile)
        return await _write(tx, person_id, who, profile, reference)

    return await graph.write(work)


async def load_person(
    tx: AsyncManagedTransaction,
    who: Principal,
    person_id: str,
    purpose: str,
    audit: PersonReadAudit = NO_AUDIT,
) -> StoredPerson | None:
    """The person if `who`'s organisation recorded them; the read is audited in `tx`."""
    result = await tx.run(READ_PERSON, id=person_id, org=who.organisation_id)
    row = await result.single()
    if row is None:
        return None
    await audit(tx, who, person_id, purpose)
    props: dict[str, Any] = row["props"]
    return StoredPerson(
        id=props["id"],
        reference=props.get("reference"),
        organisation_id=props["organisation_id"],
        version=int(props.get("version") or 0),
        profile=from_props(props, row["needs"]) if "max_travel_km" in props else None,
        matching_vector=props.get("matching_vector"),
        matching_vector_key=props.get("matching_vector_key"),
    )


async def read_person(
    graph: Graph, who: Principal, person_id: str, audit: PersonReadAudit = NO_AUDIT
) -> StoredPerson | None:
    # A write transaction so that an audit hook that records the read commits with it.
    return await graph.write(lambda tx: load_person(tx, who, person_id, "view", audit))
