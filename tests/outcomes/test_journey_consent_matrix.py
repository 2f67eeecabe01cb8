"""The journey's consent scope as a matrix: role x organisation x consent state, each cell
checked against an oracle written out here (not the code's own rule)."""

from __future__ import annotations

import itertools
import re
import uuid

import pytest
from kith_common.auth import Role

from tests.helpers.outcomes import (
    ORG_A,
    ORG_B,
    ORG_C,
    ORG_R,
    PRESCRIBER,
    RECORD_CONTACT,
    RECORD_MEASURE,
    SERVICE_B,
    SERVICE_R,
    SET_GOAL,
    add_consent,
    add_person,
    goal_input,
    phq9,
)  # fmt: skip
from tests.helpers.referrals import Api, key, principal

JOURNEY = """query($p: ID!) { personJourney(personId: $p) { __typename
  ... on Journey { pseudonym entries { kind id title organisation } }
  ... on NotFoundError { message } } }"""

EVERYTHING = {"referral", "meeting-decision", "tier-change", "goal", "measure", "contact"}
ROLES = [Role.SOCIAL_PRESCRIBER, Role.MEETING_CHAIR, Role.CLINICIAN, Role.RECEIVING_WORKER,
         Role.ORG_ADMIN, Role.SYSTEM_LEAD, Role.PLATFORM_ADMIN]  # fmt: skip
ORGS = [ORG_A, ORG_R, ORG_B, ORG_C]
STATES = ["none", "care", "referral", "care-withdrawn", "care-expired"]
TO_B, TO_R = str(uuid.uuid4()), str(uuid.uuid4())

HISTORY = """
MATCH (p:Person {id: $person_id}), (sb:Service {id: $svc_b}), (sr:Service {id: $svc_r})
CREATE (rb:Referral {id: $to_b, status: 'accepted', from_organisation_id: $org_a,
                   to_organisation_id: $org_b, created_at: datetime('2026-01-02T10:00Z')})
       -[:FOR]->(p)
CREATE (rr:Referral {id: $to_r, status: 'in-progress', from_organisation_id: $org_a,
                   to_organisation_id: $org_r, created_at: datetime('2026-01-03T10:00Z')})
       -[:FOR]->(p)
CREATE (rb)-[:TO]->(sb), (rr)-[:TO]->(sr)
CREATE (p)-[:ON_PATHWAY]->(e:PathwayEnrolment {person_id: p.id, pathway_id: 'pw'})
       -[:OF]->(:Pathway {id: 'pw', name: 'Rethinking Pain'})
CREATE (e)-[:CHANGED]->(:TierChange {id: randomUUID(), to_tier: 2, direction: 'step-up',
        by_organisation_id: $org_a, at: datetime('2026-01-04T10:00Z')})
CREATE (c:MeetingCase {id: randomUUID()})-[:ABOUT]->(p)
CREATE (c)-[:DECIDED]->(:MeetingDecision {id: randomUUID(), kind: 'joint-visit',
        text: 'Coach and housing visit together', organisation_id: $org_r,
        recorded_at: datetime('2026-01-05T10:00Z')})
"""


def expected(role: Role, org: str, state: str) -> str | tuple[set[str], set[str]]:
    """'forbidden', 'not-found', or (kinds seen, referral ids seen)."""
    if role in (Role.ORG_ADMIN, Role.SYSTEM_LEAD, Role.PLATFORM_ADMIN):
        return "forbidden"
    practitioner = role is not Role.RECEIVING_WORKER
    full = org == ORG_A or state == "care"
    if full:
        kinds = EVERYTHING if practitioner else {"referral"}
        return kinds, {TO_B, TO_R}
    if state == "referral":
        own = {TO_B} if org == ORG_B else {TO_R} if org == ORG_R else set()
        return ({"referral"} if own else set()), own
    return "not-found"


async def _world(api: Api, state: str) -> str:
    person = await add_person(api.graph)
    await api.graph.execute(HISTORY, person_id=person, svc_b=SERVICE_B, svc_r=SERVICE_R,
                            to_b=TO_B, to_r=TO_R, org_a=ORG_A, org_b=ORG_B, org_r=ORG_R)  # fmt: skip
    await api.ok(SET_GOAL, {"i": goal_input(person)}, PRESCRIBER)
    await api.ok(RECORD_MEASURE, {"i": phq9(person, [1] * 9)}, PRESCRIBER)
    contact = {"idempotencyKey": key(), "personId": person, "kind": "CHECK_IN",
               "at": "2026-01-20T10:00:00Z"}  # fmt: skip
    await api.ok(RECORD_CONTACT, {"i": contact}, PRESCRIBER)
    others = [ORG_R, ORG_B, ORG_C]
    if state in ("care", "care-withdrawn", "care-expired"):
        status = "withdrawn" if state == "care-withdrawn" else "active"
        await add_consent(api.graph, person, others, status=status,
                          days=-1 if state == "care-expired" else 365)  # fmt: skip
    if state == "referral":
        await add_consent(api.graph, person, others, purpose="referral")
    return person


@pytest.mark.parametrize("state", STATES)
async def test_timeline_consent_matrix(api: Api, state: str) -> None:
    person = await _world(api, state)
    for role, org in itertools.product(ROLES, ORGS):
        body = await api.run(JOURNEY, {"p": person}, principal(org, role, user=f"u-{org}"))
        want = expected(role, org, state)
        cell = (role.value, org, state)
        if want == "forbidden":
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", cell
            continue
        got = body["data"]["personJourney"]
        if want == "not-found":
            assert got["__typename"] == "NotFoundError", cell
            continue
        assert not isinstance(want, str), cell
        kinds, referrals = want
        entries = got["entries"]
        # The person's reference only where the whole journey is seen.
        assert (got["pseudonym"] is not None) == (org == ORG_A or state == "care"), cell
        assert {e["kind"] for e in entries} - {"goal-review"} == kinds, cell
        assert {e["id"] for e in entries if e["kind"] == "referral"} == referrals, cell


async def test_the_timeline_reads_in_plain_words_and_is_audited(api: Api) -> None:
    person = await _world(api, "care")
    body = await api.run(JOURNEY, {"p": person}, PRESCRIBER)
    titles = [e["title"] for e in body["data"]["personJourney"]["entries"]]
    assert titles[:4] == [
        "Referral to Food parcels: accepted",
        "Referral to Health coaching: in progress",
        "Rethinking Pain: stepped up to tier 2",
        "Case meeting decided (joint visit): Coach and housing visit together",
    ]
    assert "PHQ-9 (Patient Health Questionnaire, depression) at baseline: PHQ-9 total 9" in titles
    codes = re.compile(r"\b(in-progress|step-up|joint-visit|keep-in-touch|total)\b")
    assert not [t for t in titles if codes.search(t.replace("PHQ-9 total", ""))], titles
    assert {e["organisation"] for e in body["data"]["personJourney"]["entries"]} >= {
        "Rethinking Pain"}  # fmt: skip
    audit = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'outcomes.timeline.read'}) RETURN a.person_id AS p"
    )
    assert audit == [{"p": person}]
