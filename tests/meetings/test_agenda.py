"""Scheduling, invitations as events, and the consent gate on the agenda (real graph)."""

from __future__ import annotations

import asyncio
import json

from kith_common.auth import Role

from tests.helpers.meetings import (
    ALL_PARTNERS,
    AMB,
    AMBULANCE,
    CHAIR,
    COACH,
    GP_SP,
    HOUSING,
    HOUSING_W,
    INVITE,
    SCHEDULE,
    VCS,
    Api,
    cases,
    key,
    who,
)


async def outbox(api: Api, subject: str) -> list[dict[str, str]]:
    rows = await api.graph.query(
        "MATCH (o:Outbox {subject: $s}) RETURN o.payload AS p ORDER BY o.payload", s=subject
    )
    return [json.loads(r["p"])["data"] for r in rows]


async def test_scheduling_invites_each_organisation_by_event(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    invited = await outbox(api, "kith.meeting.invited")
    assert sorted(e["organisation_id"] for e in invited) == sorted(ALL_PARTNERS)
    assert {e["meeting_id"] for e in invited} == {meeting_id}
    assert all(set(e) == {"meeting_id", "organisation_id"} for e in invited)  # ids only


async def test_a_retried_schedule_finds_the_first_meeting(api: Api) -> None:
    given = {
        "idempotencyKey": key(), "title": "MDT", "startsAt": "2026-12-02T09:00:00Z",
        "endsAt": "2026-12-02T10:00:00Z", "onlineLink": "https://meet.example/mdt",
        "invitedOrganisationIds": [AMBULANCE],
    }  # fmt: skip
    first = await api.ok(SCHEDULE, {"i": given}, CHAIR)
    again = await api.ok(SCHEDULE, {"i": given}, CHAIR)
    assert (first["created"], again["created"]) == (True, False)
    assert first["meetingId"] == again["meetingId"]
    assert len(await outbox(api, "kith.meeting.invited")) == 1
    bad = await api.ok(SCHEDULE, {"i": {**given, "idempotencyKey": key(), "place": None,
                                          "onlineLink": None}}, CHAIR)  # fmt: skip
    assert bad == {"__typename": "InputError", "field": "place",
                   "message": "give a place or an online link"}  # fmt: skip


async def test_only_chairs_schedule(api: Api) -> None:
    body = await api.run(SCHEDULE, {"i": {"idempotencyKey": key(), "title": "x",
        "startsAt": "2026-12-02T09:00:00Z", "endsAt": "2026-12-02T10:00:00Z",
        "place": "here", "invitedOrganisationIds": [AMBULANCE]}}, GP_SP)  # fmt: skip
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_one_organisation_without_cover_blocks_the_case(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-GATE-1", [AMBULANCE, HOUSING])  # not the VCS coach
    refused = await api.add_case(meeting_id, person)
    assert refused["__typename"] == "ConsentCoverageError"
    assert refused["organisationsWithoutCover"] == 1
    assert "PSN-GATE-1" not in refused["message"]
    assert (await api.meeting(meeting_id, CHAIR))["agenda"] == []
    assert await outbox(api, "kith.meeting.case-added") == []


async def test_full_cover_adds_the_case_and_safeguarding_is_flagged(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    consenting = await api.person("PSN-GATE-2", ALL_PARTNERS)
    added = await api.add_case(meeting_id, consenting)
    assert added["__typename"] == "CaseAdded"
    assert added["reviewRequired"] is False
    at_risk = await api.person("PSN-GATE-3", ALL_PARTNERS, basis="SAFEGUARDING")
    flagged = await api.add_case(meeting_id, at_risk)
    assert flagged["__typename"] == "CaseAdded"
    assert flagged["reviewRequired"] is True
    announced = await outbox(api, "kith.meeting.case-added")
    assert len(announced) == 2 * len(ALL_PARTNERS)
    assert all(set(e) == {"meeting_id", "case_id", "organisation_id"} for e in announced)


async def test_another_organisation_adds_a_person_only_under_their_consent(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-GATE-4", [AMBULANCE, HOUSING])  # not the VCS coach
    other = await api.add_case(meeting_id, person, as_=COACH)
    assert other["__typename"] == "NotFoundError"  # more in test_bring_shared.py
    body = await api.run("query($id: ID!) { meeting(id: $id) { id } }", {"id": meeting_id},
                         who("org-stranger", Role.SOCIAL_PRESCRIBER))  # fmt: skip
    assert body["data"]["meeting"] is None


async def test_uncovered_organisations_see_only_a_placeholder(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    person = await api.person("PSN-LATE-1", [AMBULANCE, HOUSING])
    await api.add_case(meeting_id, person)
    await api.publish(meeting_id)
    version = (await api.meeting(meeting_id, CHAIR))["version"]
    invited = await api.ok(INVITE, {"i": {"meetingId": meeting_id, "organisationIds": [VCS],
                                          "expectedVersion": version}}, CHAIR)  # fmt: skip
    assert invited["__typename"] == "AgendaChanged"

    (seen,) = await cases(api, meeting_id, AMB)
    assert seen["__typename"] == "AgendaCase"
    assert seen["summary"].startswith("Calls 999")
    (hidden,) = await cases(api, meeting_id, COACH)
    assert hidden == {"__typename": "RestrictedCase", "position": 0,
                      "message": "a case is on the agenda you cannot see"}  # fmt: skip


async def test_withdrawn_consent_hides_the_case_at_once(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    person = await api.person("PSN-WD-1", [AMBULANCE, HOUSING])
    await api.add_case(meeting_id, person)
    await api.publish(meeting_id)
    assert (await cases(api, meeting_id, HOUSING_W))[0]["__typename"] == "AgendaCase"
    withdraw = """mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) {
      __typename } }"""
    given = {"consentId": api.consents["PSN-WD-1"], "idempotencyKey": key()}
    await api.ok(withdraw, {"i": given}, GP_SP)
    assert (await cases(api, meeting_id, HOUSING_W))[0]["__typename"] == "RestrictedCase"
    assert (await cases(api, meeting_id, GP_SP))[0]["__typename"] == "AgendaCase"  # holds them


async def test_two_chairs_adding_at_once_lose_no_update(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    people = [await api.person(f"PSN-RACE-{i}", ALL_PARTNERS) for i in range(2)]
    second_chair = who(CHAIR.organisation_id, Role.MEETING_CHAIR, user="dr-second")
    version = (await api.meeting(meeting_id, CHAIR))["version"]
    results = await asyncio.gather(
        api.add_case(meeting_id, people[0], version, as_=CHAIR),
        api.add_case(meeting_id, people[1], version, as_=second_chair),
    )
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["CaseAdded", "ConflictError"], results
    loser = next(i for i, r in enumerate(results) if r["__typename"] == "ConflictError")
    assert results[loser]["currentVersion"] == version + 1
    retried = await api.add_case(meeting_id, people[loser], version + 1, as_=second_chair)
    assert retried["__typename"] == "CaseAdded"
    agenda = await cases(api, meeting_id, CHAIR)
    assert sorted(c["personId"] for c in agenda) == sorted(people)
    assert (await api.meeting(meeting_id, CHAIR))["version"] == version + 2
