"""The audit trail: who read or changed a person's data, from which organisation, why, when.

Entries are written inside the same transaction as the read or change they record, so a
response that shows a person's data cannot exist without its audit entry. Nothing in the API
updates or deletes an `AuditEvent`: this module only ever CREATEs them and reads them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kith_common.auth import Principal
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Scope

MAX_LOG_ENTRIES = 200

RECORD = """
UNWIND $entries AS e
CREATE (:AuditEvent {
  id: randomUUID(), who: $who, organisation: $org, purpose: $purpose, when: datetime(),
  what: e.what, person_id: e.person_id, subject_id: e.subject_id
})
"""

# Only an organisation that holds the person (their referrer) may see who looked at them.
ACCESS_LOG = """
MATCH (p:Person {id: $person_id, organisation_id: $org})
OPTIONAL MATCH (a:AuditEvent {person_id: p.id})
WITH p, a ORDER BY a.when DESC, a.id LIMIT $limit
RETURN p.id AS person_id,
       collect(a {.who, .organisation, .what, .purpose, .when, .subject_id}) AS entries
"""


@dataclass(frozen=True)
class Access:
    """One thing the caller saw or did to one person's data."""

    what: str
    person_id: str
    subject_id: str


@dataclass(frozen=True)
class AccessLogEntry:
    who: str
    organisation: str
    what: str
    purpose: str
    when: datetime
    subject_id: str


async def record(tx: AsyncManagedTransaction, scope: Scope, accesses: Sequence[Access]) -> None:
    if not accesses:
        return
    entries = [
        {"what": a.what, "person_id": a.person_id, "subject_id": a.subject_id} for a in accesses
    ]
    await (
        await tx.run(
            RECORD,
            entries=entries,
            who=scope.user_id,
            org=scope.organisation_id,
            purpose=scope.purpose,
        )
    ).consume()


async def audit_person_read(
    tx: AsyncManagedTransaction, principal: Principal, person_id: str, purpose: str
) -> None:
    """The `people.access.PersonReadAudit` hook: records a read of a person's profile through
    `person(id)` in the reading transaction (wire it as the context's `person_read_audit`)."""
    scope = Scope(principal.user_id, principal.organisation_id, True, False, purpose)
    await record(tx, scope, [Access("person.read", person_id, person_id)])


async def access_log(graph: Graph, scope: Scope, person_id: str) -> list[AccessLogEntry] | None:
    """Newest first; None when the person is not one of the caller's organisation's. Looking
    at the log is itself recorded: auditors are audited too."""

    async def work(tx: AsyncManagedTransaction) -> list[AccessLogEntry] | None:
        row = await (
            await tx.run(
                ACCESS_LOG, person_id=person_id, org=scope.organisation_id, limit=MAX_LOG_ENTRIES
            )
        ).single()
        if row is None:
            return None
        entries = [
            AccessLogEntry(
                e["who"],
                e["organisation"],
                e["what"],
                e["purpose"],
                e["when"].to_native(),
                e["subject_id"],
            )
            for e in row["entries"]
        ]
        await record(tx, scope, [Access("person.access-log.read", person_id, person_id)])
        return entries

    return await graph.write(work)
