"""One timeline per person across organisations, showing each reader only what their
organisation may see under the person's consent (the rule is `visible_kinds`, pure).

| reader's organisation                           | practitioner sees          | receiving worker sees |
| ----------------------------------------------- | -------------------------- | --------------------- |
| holds the person                                | everything                 | referrals             |
| a valid care-coordination consent covers it     | everything                 | referrals             |
| only a valid referral consent covers it         | referrals it sent/received | the same              |
| nothing valid (none, withdrawn, expired)        | no timeline ("not found")  | the same              |

"Everything" is referrals, meeting decisions, tier changes, goals and their reviews, measures
and contacts. System leads and platform admins never see a person's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent, valid_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.outcomes.domain import GAS_LEVELS
from kith_gateway.outcomes.instruments import built_in

ALL_KINDS = ("referral", "meeting-decision", "tier-change", "goal", "goal-review", "measure",
             "contact")  # fmt: skip
PRACTITIONERS = (Role.SOCIAL_PRESCRIBER, Role.MEETING_CHAIR, Role.CLINICIAN)
READERS = (*PRACTITIONERS, Role.RECEIVING_WORKER)

STANDING = f"""
MATCH (p:Person {{id: $person_id}})
RETURN p.organisation_id = $org AS holder, p.reference AS pseudonym,
  EXISTS {{ MATCH (c:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("c", "$org", "datetime()")} }}
    AS coordinating,
  EXISTS {{ MATCH (c:Consent)-[:ABOUT]->(p) WHERE {valid_consent("c", "org")} }} AS referral
"""

ENTRIES = """
MATCH (p:Person {id: $person_id})
CALL (p) {
  MATCH (r:Referral)-[:FOR]->(p)
  WHERE 'referral' IN $kinds AND r.status <> 'draft'
    AND ($all_referrals OR $org IN [r.from_organisation_id, r.to_organisation_id])
  RETURN 'referral' AS kind, r.id AS id, r.created_at AS at, r.from_organisation_id AS org,
         [(r)-[:TO]->(s:Service) | s.name][0] AS name, r.status AS detail, null AS value
  UNION ALL
  MATCH (c:MeetingCase)-[:ABOUT]->(p) WHERE 'meeting-decision' IN $kinds
  MATCH (c)-[:DECIDED]->(d:MeetingDecision)
  RETURN DISTINCT 'meeting-decision' AS kind, d.id AS id, d.recorded_at AS at,
         d.organisation_id AS org, d.kind AS name, d.text AS detail, null AS value
  UNION ALL
  MATCH (p)-[:ON_PATHWAY]->(e:PathwayEnrolment)-[:CHANGED]->(t:TierChange)
  WHERE 'tier-change' IN $kinds
  RETURN 'tier-change' AS kind, t.id AS id, t.at AS at, t.by_organisation_id AS org,
         [(e)-[:OF]->(pw) | pw.name][0] AS name, t.direction AS detail, t.to_tier AS value
  UNION ALL
  MATCH (g:Goal {person_id: p.id}) WHERE 'goal' IN $kinds
  RETURN 'goal' AS kind, g.id AS id, g.set_at AS at, g.organisation_id AS org,
         g.words AS name, g.status AS detail, g.baseline AS value
  UNION ALL
  MATCH (v:GoalReview {person_id: p.id}) WHERE 'goal-review' IN $kinds
  RETURN 'goal-review' AS kind, v.id AS id, v.at AS at, v.by_organisation_id AS org,
         COLLECT { MATCH (g:Goal {id: v.goal_id}) RETURN g.words }[0] AS name, v.note AS detail,
         v.attainment AS value
  UNION ALL
  MATCH (m:Measure {person_id: p.id}) WHERE 'measure' IN $kinds
  RETURN 'measure' AS kind, m.id AS id, m.taken_at AS at, m.organisation_id AS org,
         m.instrument_id AS name, m.timepoint AS detail,
         [i IN range(0, size(m.score_ids) - 1) | m.score_ids[i] + '=' + toString(m.score_values[i])]
           AS value
  UNION ALL
  MATCH (c:Contact {person_id: p.id}) WHERE 'contact' IN $kinds
  RETURN 'contact' AS kind, c.id AS id, c.at AS at, c.organisation_id AS org,
         c.kind AS name, null AS detail, null AS value
}
WITH kind, id, at, org, name, detail, value
OPTIONAL MATCH (o:Organisation {id: org})
RETURN kind, id, at, org, coalesce(o.name, org) AS organisation, name, detail, value
ORDER BY at, id
"""


# Plain words for the codes the timeline's sources speak (referral status, tier direction,
# meeting decision, contact kind); an unknown code is shown with its dashes as spaces.
WORDS = {"requested": "sent", "received": "received", "accepted": "accepted",
         "in-progress": "in progress", "on-hold": "on hold", "completed": "completed",
         "rejected": "declined", "failed": "closed, not completed", "cancelled": "cancelled",
         "entered-in-error": "entered in error", "step-up": "stepped up",
         "step-down": "stepped down", "step-up-tier": "step up a tier", "refer": "refer",
         "joint-visit": "joint visit", "other": "other", "check-in": "check-in",
         "review": "review", "keep-in-touch": "keep in touch", "baseline": "baseline"}  # fmt: skip


def words(code: str | None) -> str:
    return WORDS.get(code or "", (code or "").replace("-", " "))


@dataclass(frozen=True)
class Standing:
    holder: bool
    coordinating: bool  # a valid care-coordination consent covers the reader's organisation
    referral: bool  # a valid referral consent covers it
    pseudonym: str | None = None  # the holder's reference for the person


@dataclass(frozen=True)
class Entry:
    kind: str
    id: str
    at: datetime
    organisation_id: str
    organisation: str
    title: str  # in plain words


@dataclass(frozen=True)
class Timeline:
    pseudonym: str | None  # only for the holder and a care-coordination consent
    entries: list[Entry]


def visible_kinds(principal: Principal, standing: Standing) -> tuple[tuple[str, ...], bool]:
    """(kinds the reader may see, whether every referral or only their own organisation's)."""
    practitioner = principal.has(*PRACTITIONERS)
    if (standing.holder or standing.coordinating) and practitioner:
        return ALL_KINDS, True
    if standing.holder or standing.coordinating:
        return ("referral",), True
    if standing.referral and principal.has(*READERS):
        return ("referral",), False
    return (), False


def _title(row: dict[str, Any]) -> str:
    kind, name, detail, value = row["kind"], row["name"], row["detail"], row["value"]
    if kind == "referral":
        return f"Referral to {name or 'a service'}: {words(detail)}"
    if kind == "meeting-decision":
        return f"Case meeting decided ({words(name)}): {detail}"
    if kind == "tier-change":
        return f"{name}: {words(detail)} to tier {value}"
    if kind == "goal":
        return f"Goal set: “{name}”" + (" (since reset)" if detail == "reset" else "")
    if kind == "goal-review":
        note = f" — {detail}" if detail else ""
        return f"Goal reviewed: “{name}” {GAS_LEVELS[value]} ({value:+d}){note}"
    if kind == "measure":
        return _measure_title(name, detail, value or [])
    return f"Contact: {words(name)}"


def _measure_title(instrument_id: str, timepoint: str, scores: list[str]) -> str:
    instrument = built_in().get(instrument_id)
    names = {s.id: s.name for s in instrument.scores} if instrument else {}
    shown = []
    for pair in scores:
        score_id, _, value = pair.partition("=")
        number = f"{float(value):g}" if value.replace(".", "", 1).isdigit() else value
        shown.append(f"{names.get(score_id, score_id.replace('-', ' '))} {number}")
    what = instrument.name if instrument else instrument_id
    return f"{what} at {words(timepoint)}: {', '.join(shown) or 'not scored'}"


async def timeline(graph: Graph, principal: Principal, person_id: str) -> Timeline | None:
    """The person's journey as the caller may see it (audited); None: not theirs to see."""
    scope = Scope(principal.user_id, principal.organisation_id, True, False, "direct-care-journey")

    async def work(tx: AsyncManagedTransaction) -> Timeline | None:
        row = await (
            await tx.run(STANDING, person_id=person_id, org=scope.organisation_id)
        ).single()
        if row is None:
            return None
        standing = Standing(**row.data())
        kinds, all_referrals = visible_kinds(principal, standing)
        if not kinds:
            return None
        rows = [r.data() async for r in await tx.run(
            ENTRIES, person_id=person_id, org=scope.organisation_id, kinds=list(kinds),
            all_referrals=all_referrals)]  # fmt: skip
        await record(tx, scope, [Access("outcomes.timeline.read", person_id, person_id)])
        entries = [Entry(r["kind"], r["id"], r["at"].to_native(), r["org"], r["organisation"],
                         _title(r)) for r in rows]  # fmt: skip
        known = standing.holder or standing.coordinating
        return Timeline(standing.pseudonym if known else None, entries)

    return await graph.write(work)
