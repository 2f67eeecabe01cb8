"""Decisions that act through other domains (referrals, pathways) in the same transaction;
the next meeting of a series carrying open actions forward; a person's meeting history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kith_common.auth import Role

from tests.helpers.meetings import (
    ALL_PARTNERS,
    AMB,
    AREA,
    CHAIR,
    DECIDE,
    GP_SP,
    HOUSING,
    HOUSING_SERVICE,
    HOUSING_W,
    MINUTES,
    RECORD_CONSENT,
    Api,
    cases,
    key,
    who,
)

OPEN_NEXT = """mutation($i: OpenNextMeetingInput!) { openNextMeeting(input: $i) {
  __typename ... on MeetingScheduled { meetingId created } ... on InputError { message } } }"""

HISTORY = """query($p: ID!) { personMeetings(personId: $p) { meetingId title
  case { access summary decisions { kind text } } } }"""

PATHWAY = """
CREATE (pw:Pathway {id: 'pw-pain', name: 'Pain'})
WITH pw UNWIND [[1, false], [2, false], [3, true]] AS t
CREATE (pw)-[:HAS_TIER]->(:PathwayTier {level: t[0], requires_decision: t[1]})
"""


async def case_on_agenda(api: Api, pseudonym: str, **meeting: Any) -> tuple[str, str, str]:
    meeting_id = await api.schedule(ALL_PARTNERS, **meeting)
    person = await api.person(pseudonym, ALL_PARTNERS)
    # The person's home area is part of their profile (people/); referrals need it.
    await api.graph.execute("MATCH (p:Person {id: $id}) SET p.home_area = $a", id=person, a=AREA)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    return meeting_id, person, case_id


async def decide(api: Api, case_id: str, kind: str, **extra: Any) -> Any:
    given = {"idempotencyKey": key(), "caseId": case_id, "kind": kind, "text": "Agreed", **extra}
    return await api.ok(DECIDE, {"i": given}, CHAIR)


async def test_a_refer_decision_creates_and_sends_the_referral(api: Api) -> None:
    meeting_id, person, case_id = await case_on_agenda(api, "PSN-REF-1")
    no_consent = await decide(api, case_id, "REFER", serviceId=HOUSING_SERVICE)
    assert no_consent["__typename"] == "ConsentRequiredError"
    assert no_consent["message"].startswith("No referral consent covers Housing options:")
    assert "a referral to Housing options advice" in no_consent["message"]
    assert await api.graph.query("MATCH (d:MeetingDecision) RETURN d") == []  # rolled back
    referral_consent = {
        "idempotencyKey": key(), "personPseudonym": "PSN-REF-1", "categories": ["PSEUDONYM"],
        "sharedWithOrganisationIds": [HOUSING], "purpose": "REFERRAL", "method": "VERBAL",
        "expiresAt": "2030-01-01T00:00:00Z",
    }  # fmt: skip
    await api.ok(RECORD_CONSENT, {"i": referral_consent}, GP_SP)
    done = await decide(api, case_id, "REFER", serviceId=HOUSING_SERVICE)
    assert done["__typename"] == "DecisionRecorded"
    assert done["referralId"]
    rows = await api.graph.query(
        "MATCH (d:MeetingDecision {id: $d})-[:CREATED]->(r:Referral)-[:FOR]->(p:Person)"
        " RETURN r.status AS status, r.to_organisation_id AS to, p.id AS person",
        d=done["decisionId"],
    )
    assert rows == [{"status": "requested", "to": HOUSING, "person": person}]
    minutes = await api.ok(MINUTES, {"id": meeting_id}, CHAIR)
    assert "- Referral to Housing options advice: requested" in minutes
    assert "| Refer (recorded before the meeting) | Agreed |" in minutes  # before the start


async def test_a_step_up_decision_moves_the_person_on_the_pathway(api: Api) -> None:
    await api.graph.execute(PATHWAY)
    meeting_id, person, case_id = await case_on_agenda(api, "PSN-TIER-1")
    missing = await decide(api, case_id, "STEP_UP_TIER", tier=3)
    assert missing == {"__typename": "InputError", "field": "pathwayId",
                       "message": "a step-up decision names the pathway"}  # fmt: skip
    done = await decide(api, case_id, "STEP_UP_TIER", tier=3, pathwayId="pw-pain")
    assert done["__typename"] == "DecisionRecorded"
    rows = await api.graph.query(
        "MATCH (e:PathwayEnrolment {person_id: $p})-[:CHANGED]->(c:TierChange)"
        " RETURN e.tier AS tier, c.basis AS basis, c.meeting_decision_id AS decision",
        p=person,
    )
    assert rows == [{"tier": 3, "basis": "meeting", "decision": done["decisionId"]}]
    assert (await cases(api, meeting_id, GP_SP))[0]["tier"] == 3


async def test_the_next_meeting_opens_with_open_actions_carried_forward(api: Api) -> None:
    meeting_id, person, case_id = await case_on_agenda(api, "PSN-SERIES-1",
                                                       recurrence="FORTNIGHTLY")  # fmt: skip
    still_open = await api.action(case_id, HOUSING, timedelta(days=10))
    finished = await api.action(case_id, HOUSING, timedelta(days=10))
    await api.change("completeMeetingAction", {"id": finished, "version": 1}, HOUSING_W)
    opened = await api.ok(OPEN_NEXT, {"i": {"meetingId": meeting_id}}, CHAIR)
    again = await api.ok(OPEN_NEXT, {"i": {"meetingId": meeting_id}}, CHAIR)
    assert opened["created"]
    assert not again["created"]
    assert opened["meetingId"] == again["meetingId"]
    nxt = await api.meeting(opened["meetingId"], GP_SP)
    assert nxt["occurrence"] == 2
    (carried,) = nxt["agenda"]
    assert carried["carriedForward"]
    assert carried["personId"] == person
    assert [a["id"] for a in carried["actions"]] == [still_open]
    single = await api.schedule(ALL_PARTNERS)
    refused = await api.ok(OPEN_NEXT, {"i": {"meetingId": single}}, CHAIR)
    assert refused["__typename"] == "InputError"


async def test_a_persons_history_shows_only_what_each_organisation_may_see(api: Api) -> None:
    meeting_id, person, case_id = await case_on_agenda(api, "PSN-HIST-1")
    await api.publish(meeting_id)
    await decide(api, case_id, "JOINT_VISIT")
    (mine,) = await api.ok(HISTORY, {"p": person}, GP_SP)
    assert mine["meetingId"] == meeting_id
    assert mine["case"]["decisions"] == [{"kind": "joint-visit", "text": "Agreed"}]
    (theirs,) = await api.ok(HISTORY, {"p": person}, AMB)
    assert theirs["case"]["access"] == "FULL"
    stranger = who("org-stranger", Role.SOCIAL_PRESCRIBER)
    assert await api.ok(HISTORY, {"p": person}, stranger) == []
    reads = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'meeting.history.read'}) RETURN a.organisation AS org"
        " ORDER BY org"
    )
    assert [r["org"] for r in reads] == sorted([AMB.organisation_id, GP_SP.organisation_id])
