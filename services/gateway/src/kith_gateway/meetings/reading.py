"""Reading a meeting as one organisation at one moment: which cases it sees (and how much of
each) is `domain.case_access`, applied to facts read live (consent cover, open actions), with
`now` passed in as a parameter so tests freeze time. Every case shown is audited in the
reading transaction; hidden cases are neither read nor audited.

A person's meeting history is every meeting they were discussed in and what was decided, for
the organisations allowed to see each one (the same `case_access` rule as the meeting itself;
meetings whose case is hidden from the caller are left out entirely)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access as Read
from kith_gateway.audit.trail import record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import (
    Access,
    ActionView,
    CaseFacts,
    CaseView,
    DecisionView,
    HiddenCase,
    InviteeView,
    MeetingView,
    ReferralSummary,
    case_access,
    native,
)

# Visible to the host, the invited, and organisations owning one of its actions.
MEETING = """
MATCH (m:CaseMeeting {id: $id})
WHERE m.host_organisation_id = $org OR $org IN m.invited_organisation_ids
   OR EXISTS { (m)-[:HAS_ACTION|CARRIES]->(:MeetingAction {owner_organisation_id: $org}) }
RETURN m {.*, invitees: [(m)-[:INVITES]->(i:MeetingInvitee) | i {.*}]} AS m
"""

CASE_FACTS = f"""
MATCH (:CaseMeeting {{id: $id}})-[:HAS_CASE]->(c:MeetingCase)-[:ABOUT]->(p:Person)
RETURN c.id AS id, p.organisation_id = $org AS holds_person,
  c.added_by_organisation_id = $org AS brought_case,
  EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }}
    AS covered,
  EXISTS {{ MATCH (:MeetingAction {{status: 'open', owner_organisation_id: $org}})
                  -[:FOR_CASE]->(:MeetingCase)-[:ABOUT]->(p) }} AS owns_open_action
ORDER BY c.added_at, c.id
"""

# Context is read live. An action owner (after the window) gets the summary and its own
# actions only; the CASEs keep everything else inside the database.
CASE_DETAILS = """
UNWIND $wanted AS w
MATCH (c:MeetingCase {id: w.id})-[:ABOUT]->(p:Person)
RETURN c {.id, .person_id, .lead_practitioner, .summary, .review_required, .carried,
          pseudonym: p.reference} AS c,
  CASE WHEN w.full THEN [(p)-[:HAS_NEED]->(n:Need) | n.code] ELSE [] END AS needs,
  CASE WHEN w.full THEN [(p)-[:ON_PATHWAY]->(e:PathwayEnrolment) | e.tier] ELSE [] END AS tiers,
  CASE WHEN w.full THEN [(r:Referral)-[:FOR]->(p) | r {.id, .status, .service_id,
       service_name: [(r)-[:TO]->(s:Service) | s.name][0]}] ELSE [] END AS referrals,
  [(a:MeetingAction)-[:FOR_CASE]->(c2:MeetingCase)-[:ABOUT]->(p)
     WHERE (c2 = c OR a.status = 'open') AND (w.full OR a.owner_organisation_id = $org)
     | a {.*, case_id: c2.id}] AS actions,
  CASE WHEN w.full THEN [(c)-[:DECIDED]->(d:MeetingDecision) | d {.*}] ELSE [] END AS decisions
"""


# Organisations are public data: their names replace ids in the views and minutes.
NAMES = "MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, o.name AS name"


async def case_details(
    tx: AsyncManagedTransaction, wanted: list[dict[str, Any]], org: str
) -> dict[str, dict[str, Any]]:
    result = await tx.run(CASE_DETAILS, wanted=wanted, org=org)
    return {r["c"]["id"]: r.data() async for r in result}


def _invitees(m: dict[str, Any]) -> tuple[InviteeView, ...]:
    people = sorted(m.get("invitees") or [], key=lambda i: (i["organisation_id"], i["user_id"]))
    return tuple(
        InviteeView(i["user_id"], i["organisation_id"], i.get("role"), i.get("attended"))
        for i in people
    )


def meeting_of(m: dict[str, Any]) -> MeetingView:
    ends_at = native(m["ends_at"])
    attended = m.get("attended_organisation_ids")
    return MeetingView(
        m["id"], m["title"], native(m["starts_at"]), ends_at, m.get("place"),
        m.get("online_link"), m["recurrence"], m["series_id"], int(m["occurrence"]),
        m["host_organisation_id"], m["chair_user_id"], tuple(m["invited_organisation_ids"]),
        int(m["version"]), native(m.get("published_at")),
        ends_at + timedelta(hours=int(m["access_hours"])), [], _invitees(m),
        None if attended is None else tuple(attended),
    )  # fmt: skip


def facts_of(view: MeetingView, row: dict[str, Any], org: str, now: datetime) -> CaseFacts:
    published = view.published_at is not None and view.published_at <= now
    return CaseFacts(
        holds_person=row["holds_person"],
        participant=org == view.host_organisation_id or org in view.invited_organisation_ids,
        covered=row["covered"],
        published=published,
        in_window=now < view.access_until,
        owns_open_action=row["owns_open_action"],
        brought_case=bool(row.get("brought_case")),
    )


def case_of(row: dict[str, Any], access: Access) -> CaseView:
    c = row["c"]
    actions = sorted((ActionView.of(a) for a in row["actions"]), key=lambda a: (a.due_on, a.id))
    decisions = [
        DecisionView(
            d["id"],
            d["kind"],
            d["text"],
            d.get("referral_id"),
            d.get("tier"),
            bool(d.get("early")),
        )
        for d in sorted(row["decisions"], key=lambda d: (native(d["recorded_at"]), d["id"]))
    ]
    return CaseView(
        c["id"], c["person_id"], access, c["lead_practitioner"], c["summary"],
        bool(c["review_required"]), bool(c["carried"]), tuple(sorted(row["needs"])),
        max((t for t in row["tiers"] if t is not None), default=None), tuple(ReferralSummary(r["id"], r["status"], r["service_id"], r.get("service_name"))
                           for r in sorted(row["referrals"], key=lambda r: r["id"])),
        tuple(actions), tuple(decisions), c.get("pseudonym"),
    )  # fmt: skip


async def meeting_in(
    tx: AsyncManagedTransaction,
    scope: Scope,
    meeting_id: str,
    now: datetime,
    what: str = "meeting.case.read",
) -> MeetingView | None:
    """The meeting as `scope`'s organisation may see it at `now` (None: not theirs to see)."""
    org = scope.organisation_id
    found = await (await tx.run(MEETING, id=meeting_id, org=org)).single()
    if found is None:
        return None
    view = meeting_of(found["m"])
    facts = [r.data() async for r in await tx.run(CASE_FACTS, id=meeting_id, org=org, now=now)]
    levels = [case_access(facts_of(view, row, org, now)) for row in facts]
    wanted = [
        {"id": row["id"], "full": level is Access.FULL}
        for row, level in zip(facts, levels, strict=True)
        if level is not Access.HIDDEN
    ]
    details = await case_details(tx, wanted, org)
    for position, (row, level) in enumerate(zip(facts, levels, strict=True)):
        shown = details.get(row["id"])
        view.agenda.append(HiddenCase(position) if shown is None else case_of(shown, level))
    reads = [Read(what, c.person_id, c.id) for c in view.cases]
    await record(tx, scope, reads)
    owners = {a.owner_organisation_id for c in view.cases for a in c.actions}
    ids = sorted({*view.organisations, *owners})
    view.organisation_names.update(
        {r["id"]: r["name"] async for r in await tx.run(NAMES, ids=ids) if r["name"]}
    )
    return view


async def read_meeting(
    graph: Graph, scope: Scope, meeting_id: str, now: datetime, what: str = "meeting.case.read"
) -> MeetingView | None:
    async def work(tx: AsyncManagedTransaction) -> MeetingView | None:
        return await meeting_in(tx, scope, meeting_id, now, what)

    return await graph.write(work)  # a write: the audit entries commit with the read


HISTORY = f"""
MATCH (m:CaseMeeting)-[:HAS_CASE]->(c:MeetingCase)-[:ABOUT]->(p:Person {{id: $person_id}})
RETURN m {{.*}} AS m, c.id AS id, p.organisation_id = $org AS holds_person,
  c.added_by_organisation_id = $org AS brought_case,
  EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }}
    AS covered,
  EXISTS {{ MATCH (:MeetingAction {{status: 'open', owner_organisation_id: $org}})
                  -[:FOR_CASE]->(:MeetingCase)-[:ABOUT]->(p) }} AS owns_open_action
ORDER BY m.starts_at, m.id
"""


@dataclass(frozen=True)
class HistoryEntry:
    meeting: MeetingView  # its agenda is empty: only this person's case is shown
    case: CaseView


async def person_history(
    graph: Graph, scope: Scope, person_id: str, now: datetime
) -> list[HistoryEntry]:
    org = scope.organisation_id

    async def work(tx: AsyncManagedTransaction) -> list[HistoryEntry]:
        params = {"person_id": person_id, "org": org, "now": now}
        rows = [r.data() async for r in await tx.run(HISTORY, params)]
        seen = []
        for row in rows:
            meeting = meeting_of(row["m"])
            level = case_access(facts_of(meeting, row, org, now))
            if level is not Access.HIDDEN:
                seen.append((meeting, row["id"], level))
        wanted = [{"id": case_id, "full": level is Access.FULL} for _, case_id, level in seen]
        details = await case_details(tx, wanted, org)
        entries = [HistoryEntry(m, case_of(details[i], level)) for m, i, level in seen]
        await record(
            tx, scope, [Read("meeting.history.read", person_id, e.case.id) for e in entries]
        )
        return entries

    return await graph.write(work)
