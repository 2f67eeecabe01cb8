"""What each organisation at a meeting may see: for every organisation (host and invited),
which of the agenda's cases the person's care-coordination consent covers, so a chair can
see before the meeting who will get the placeholder instead of the case.

Only the cases the caller itself sees in full are listed (the same `domain.case_access` rule
as reading the meeting), so this view never tells anyone about a case hidden from them. Each
case listed is audited as a read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access as Read
from kith_gateway.audit.trail import record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import Access, CaseFacts, case_access

# One row per (case, organisation at the meeting): the bases of the consents covering it.
COVER = f"""
MATCH (m:CaseMeeting {{id: $id}})
WHERE m.host_organisation_id = $org OR $org IN m.invited_organisation_ids
MATCH (m)-[:HAS_CASE]->(c:MeetingCase)-[:ABOUT]->(p:Person)
UNWIND [m.host_organisation_id] + m.invited_organisation_ids AS at
OPTIONAL MATCH (o:Organisation {{id: at}})
CALL (p, at) {{
  OPTIONAL MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "at", "$now")}
  RETURN collect(k.basis) AS bases
}}
RETURN c.id AS case_id, p.id AS person_id, p.reference AS pseudonym, at,
  coalesce(o.name, 'an organisation not in the directory') AS name,
  p.organisation_id AS holder, c.added_by_organisation_id AS brought_by, bases,
  m.published_at IS NOT NULL AND m.published_at <= $now AS published,
  $now < m.ends_at + duration({{hours: m.access_hours}}) AS in_window
ORDER BY c.added_at, c.id
"""


@dataclass(frozen=True)
class Seen:
    case_id: str
    pseudonym: str | None
    covered: bool  # the consent (or the organisation holding the person) lets it see the case
    safeguarding_only: bool


@dataclass(frozen=True)
class OrganisationAudience:
    organisation_id: str
    name: str
    cases: tuple[Seen, ...]


def _access(row: dict[str, Any], org: str) -> Access:
    """How much `org` sees of the row's case now (the caller's own view)."""
    facts = CaseFacts(
        holds_person=row["holder"] == org, participant=True, covered=bool(row["bases"]),
        published=row["published"], in_window=row["in_window"], owns_open_action=False,
        brought_case=row["brought_by"] == org,
    )  # fmt: skip
    return case_access(facts)


def _seen(row: dict[str, Any]) -> Seen:
    holder = row["holder"] == row["at"]
    bases = row["bases"]
    only_safeguarding = bool(bases) and "consent" not in bases and not holder
    return Seen(row["case_id"], row["pseudonym"], holder or bool(bases), only_safeguarding)


def _visible(rows: list[dict[str, Any]], org: str) -> dict[str, str]:
    """The cases `org` sees in full now (case id → person id)."""
    return {
        r["case_id"]: r["person_id"]
        for r in rows
        if r["at"] == org and _access(r, org) is Access.FULL
    }


def audience_of(rows: list[dict[str, Any]], org: str) -> list[OrganisationAudience]:
    """Per organisation (in the meeting's order), the cases the caller `org` sees in full."""
    mine = _visible(rows, org)
    by_org: dict[str, tuple[str, list[Seen]]] = {}
    for row in rows:
        _, seen = by_org.setdefault(row["at"], (row["name"], []))
        if row["case_id"] in mine:
            seen.append(_seen(row))
    return [OrganisationAudience(o, name, tuple(seen)) for o, (name, seen) in by_org.items()]


async def meeting_audience(
    graph: Graph, scope: Scope, meeting_id: str, now: datetime
) -> list[OrganisationAudience]:
    org = scope.organisation_id

    async def work(tx: AsyncManagedTransaction) -> list[OrganisationAudience]:
        params = {"id": meeting_id, "org": org, "now": now}
        rows = [r.data() async for r in await tx.run(COVER, params)]
        reads = [Read("meeting.audience.read", p, c) for c, p in _visible(rows, org).items()]
        await record(tx, scope, reads)
        return audience_of(rows, org)

    return await graph.write(work)
