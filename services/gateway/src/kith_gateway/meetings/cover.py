"""Whom a person's care-coordination consent covers at a meeting, and which person a
practitioner may bring to one.

A practitioner brings a person their own organisation recorded, or a person recorded by
another organisation whose care-coordination consent (or safeguarding basis) covers the
practitioner's organisation now: the case then points at that record, so the same human is
never recorded twice. Without that cover the answer is the same "not found" as for a person
that does not exist, so nobody learns who another organisation holds by trying references.

The check before adding a case says, per organisation at the meeting, whether the consent
covers it (the holder always is). It is audited like any read of the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.access import MeetingRefused

NOT_FOUND = "no person with that reference recorded by your organisation, or shared with it"
NOT_SHARED = "no such person of your organisation or shared with it under their consent"

_BRINGABLE = f"""
WHERE p.organisation_id = $org
   OR EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }}
RETURN p.id AS id, p.organisation_id AS holder
"""

BY_REFERENCE = "MATCH (p:Person {reference: $pseudonym, organisation_id: $holder})" + _BRINGABLE
BY_ID = "MATCH (p:Person {id: $person_id})" + _BRINGABLE

COVER = f"""
MATCH (m:CaseMeeting {{id: $meeting_id}}), (p:Person {{id: $person_id}})
WHERE m.host_organisation_id = $org OR $org IN m.invited_organisation_ids
UNWIND [m.host_organisation_id] + m.invited_organisation_ids AS org
OPTIONAL MATCH (o:Organisation {{id: org}})
CALL (p, org) {{
  OPTIONAL MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "org", "$now")}
  RETURN collect(k.basis) AS bases
}}
RETURN org AS id, coalesce(o.name, org) AS name, bases
"""

HOLDER_NAME = "OPTIONAL MATCH (o:Organisation {id: $id}) RETURN o.name AS name"


@dataclass(frozen=True)
class Bringable:
    person_id: str
    holder: str  # the organisation that recorded the person

    def shared(self, org: str) -> bool:
        """Brought under the person's consent rather than by the organisation holding them."""
        return self.holder != org


@dataclass(frozen=True)
class Cover:
    organisation_id: str
    name: str
    covered: bool
    safeguarding_only: bool  # covered, but only under a safeguarding basis (reviewed later)


@dataclass(frozen=True)
class CaseCheck:
    person_id: str
    holder_organisation_id: str
    holder_name: str
    cover: tuple[Cover, ...]

    @property
    def missing(self) -> tuple[Cover, ...]:
        return tuple(c for c in self.cover if not c.covered)


async def bringable_by_id(
    tx: AsyncManagedTransaction, scope: Scope, person_id: str, now: datetime
) -> Bringable:
    params = {"person_id": person_id, "org": scope.organisation_id, "now": now}
    row = await (await tx.run(BY_ID, params)).single()
    if row is None:
        raise MeetingRefused(MeetingRefused.NOT_FOUND, NOT_SHARED)
    return Bringable(row["id"], row["holder"])


async def check_case(
    graph: Graph, scope: Scope, meeting_id: str, pseudonym: str, now: datetime,
    holder: str | None = None,
) -> CaseCheck:  # fmt: skip
    """Who the person's care-coordination consent covers at this meeting. `holder`: the
    organisation that recorded the person (yours when not given)."""
    org = scope.organisation_id

    async def work(tx: AsyncManagedTransaction) -> CaseCheck:
        params = {"pseudonym": pseudonym.strip(), "holder": holder or org, "org": org, "now": now}
        person = await (await tx.run(BY_REFERENCE, params)).single()
        if person is None:
            raise MeetingRefused(MeetingRefused.NOT_FOUND, NOT_FOUND)
        args = {"meeting_id": meeting_id, "person_id": person["id"], "now": now, "org": org}
        rows = [r.data() async for r in await tx.run(COVER, args)]
        if not rows:
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such meeting")
        what = "meeting.case.check" if person["holder"] == org else "meeting.case.check-shared"
        await record(tx, scope, [Access(what, person["id"], meeting_id)])
        named = await (await tx.run(HOLDER_NAME, id=person["holder"])).single(strict=True)
        cover = tuple(_cover(r, person["holder"]) for r in rows)
        name = named["name"] or "another organisation"
        return CaseCheck(person["id"], person["holder"], name, cover)

    return await graph.write(work)


def _cover(row: dict[str, Any], holder: str) -> Cover:
    bases = row["bases"]
    covered = row["id"] == holder or bool(bases)
    only_safeguarding = bool(bases) and "consent" not in bases and row["id"] != holder
    return Cover(row["id"], row["name"], covered, only_safeguarding)
