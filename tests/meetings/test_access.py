"""Time-boxed access with a frozen clock, and the audit trail of every case read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.helpers.meetings import (
    ALL_PARTNERS,
    AMB,
    AMBULANCE,
    CHAIR,
    GP_SP,
    HOUSING,
    HOUSING_W,
    T0,
    Api,
    cases,
)

AFTER_WINDOW = T0 + timedelta(days=1, hours=2) + timedelta(hours=48, minutes=1)


async def meeting_with_case(api: Api) -> tuple[str, str, str]:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-TIME-1", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    return meeting_id, person, case_id


async def audit(api: Api, organisation: str) -> list[dict[str, Any]]:
    return await api.graph.query(
        "MATCH (a:AuditEvent {organisation: $org}) WHERE a.what STARTS WITH 'meeting.'"
        " RETURN a.what AS what, a.person_id AS person, a.subject_id AS subject,"
        " a.who AS who, a.purpose AS purpose",
        org=organisation,
    )


async def test_participants_read_from_publication_until_the_window_closes(api: Api) -> None:
    meeting_id, _, _ = await meeting_with_case(api)
    assert (await cases(api, meeting_id, AMB))[0]["__typename"] == "RestrictedCase"
    await api.publish(meeting_id)
    api.now = T0 + timedelta(minutes=5)
    (seen,) = await cases(api, meeting_id, AMB)
    assert seen["__typename"] == "AgendaCase"
    assert seen["access"] == "FULL"
    api.now = AFTER_WINDOW - timedelta(minutes=2)
    assert (await cases(api, meeting_id, AMB))[0]["__typename"] == "AgendaCase"
    api.now = AFTER_WINDOW
    assert (await cases(api, meeting_id, AMB))[0]["__typename"] == "RestrictedCase"
    assert (await cases(api, meeting_id, GP_SP))[0]["access"] == "FULL"  # holds the person


async def test_after_the_window_action_owners_keep_only_what_their_action_needs(
    api: Api,
) -> None:
    meeting_id, _, case_id = await meeting_with_case(api)
    await api.publish(meeting_id)
    housing_action = await api.action(case_id, HOUSING, timedelta(days=14))
    await api.action(case_id, AMBULANCE, timedelta(days=14))
    decide = """mutation($i: RecordDecisionInput!) { recordMeetingDecision(input: $i) {
      __typename } }"""
    await api.ok(decide, {"i": {"idempotencyKey": "k-decision-1", "caseId": case_id,
                                "kind": "JOINT_VISIT", "text": "Joint home visit"}}, CHAIR)  # fmt: skip
    api.now = AFTER_WINDOW
    (kept,) = await cases(api, meeting_id, HOUSING_W)
    assert kept["access"] == "ACTION_OWNER"
    assert kept["summary"].startswith("Calls 999")
    assert [a["id"] for a in kept["actions"]] == [housing_action]  # not the ambulance's
    assert kept["decisions"] == []
    assert kept["needs"] == []
    assert kept["referrals"] == []
    done = await api.change("completeMeetingAction", kept["actions"][0], HOUSING_W)
    assert done["status"] == "done"
    assert (await cases(api, meeting_id, HOUSING_W))[0]["__typename"] == "RestrictedCase"


async def test_every_case_read_is_audited_and_hidden_ones_are_not(api: Api) -> None:
    meeting_id, person, case_id = await meeting_with_case(api)
    await cases(api, meeting_id, AMB)  # not yet published: a placeholder, nothing read
    assert await audit(api, AMBULANCE) == []
    await api.publish(meeting_id)
    await cases(api, meeting_id, AMB)
    await cases(api, meeting_id, AMB)
    entries = await audit(api, AMBULANCE)
    assert entries == 2 * [{"what": "meeting.case.read", "person": person, "subject": case_id,
                            "who": AMB.user_id, "purpose": "care-coordination"}]  # fmt: skip
