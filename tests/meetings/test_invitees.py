"""People invited by name: stored on the meeting, shown to participants and in the minutes,
carried to the next occurrence, changed by the chair with `expectedVersion`; never in
event payloads."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_common.auth import Role
from kith_gateway.meetings.domain import InvalidMeeting
from kith_gateway.meetings.participants import Invitee, validate_invitees

from tests.helpers.meetings import (
    AMB,
    AMBULANCE,
    CHAIR,
    COACH_PERSON,
    GP,
    GP_PERSON,
    HOUSING,
    MINUTES,
    SCHEDULE,
    SET_INVITEES,
    VCS,
    Api,
    invitees_of,
    key,
    set_invitees,
    who,
)

OPEN_NEXT = """mutation($i: OpenNextMeetingInput!) { openNextMeeting(input: $i) {
  __typename ... on MeetingScheduled { meetingId created } } }"""


PARAMEDIC = {"userId": "paramedic-lee", "organisationId": AMBULANCE}


async def test_invitees_are_stored_shown_and_never_in_events(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS], invitees=[COACH_PERSON, GP_PERSON])
    seen = await invitees_of(api, meeting_id, AMB)  # any participant sees who is invited
    assert seen["invitees"] == [
        {**GP_PERSON, "attended": None},
        {**COACH_PERSON, "attended": None},
    ]
    rows = await api.graph.query("MATCH (o:Outbox) RETURN o.subject AS s, o.payload AS p")
    assert sorted(r["s"] for r in rows) == ["kith.meeting.invited"] * 2  # one per organisation
    assert all("dr-okafor" not in r["p"] and "coach-ama" not in r["p"] for r in rows)
    assert {json.loads(r["p"])["data"]["organisation_id"] for r in rows} == {AMBULANCE, VCS}


async def test_an_invitee_from_an_organisation_not_invited_is_refused(api: Api) -> None:
    given = {"idempotencyKey": key(), "title": "MDT", "startsAt": "2026-12-02T09:00:00Z",
             "endsAt": "2026-12-02T10:00:00Z", "place": "Room 2",
             "invitedOrganisationIds": [AMBULANCE], "invitees": [COACH_PERSON]}  # fmt: skip
    refused = await api.ok(SCHEDULE, {"i": given}, CHAIR)
    assert refused["__typename"] == "InputError"
    assert refused["field"] == "invitees"
    assert refused["message"] == (
        "coach-ama belongs to org-vcs-coach, which is not invited: invite it first"
    )
    assert await api.graph.query("MATCH (m:CaseMeeting) RETURN m.id AS id") == []
    assert await api.graph.query("MATCH (o:Outbox) RETURN o.id AS id") == []


async def test_a_person_on_record_cannot_be_invited_as_a_practitioner(api: Api) -> None:
    person = await api.person("PSN-INV-1", [AMBULANCE])
    meeting_id = await api.schedule([AMBULANCE])
    version = (await invitees_of(api, meeting_id))["version"]
    refused = await set_invitees(api, meeting_id, [{"userId": person, "organisationId": GP}],
                                 version)  # fmt: skip
    assert refused["__typename"] == "InputError"
    assert "never the person" in refused["message"]
    assert (await invitees_of(api, meeting_id))["invitees"] == []


async def test_the_chair_changes_invitees_with_expected_version(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS], invitees=[GP_PERSON])
    version = (await invitees_of(api, meeting_id))["version"]
    changed = await set_invitees(api, meeting_id, [COACH_PERSON, PARAMEDIC], version)
    assert changed == {"__typename": "AgendaChanged", "version": version + 1}
    retried = await set_invitees(api, meeting_id, [PARAMEDIC, COACH_PERSON], version)
    assert retried == {"__typename": "AgendaChanged", "version": version + 1}  # a no-op
    stale = await set_invitees(api, meeting_id, [GP_PERSON], version)
    assert stale["__typename"] == "ConflictError"
    assert stale["currentVersion"] == version + 1
    people = (await invitees_of(api, meeting_id))["invitees"]
    assert [p["userId"] for p in people] == ["paramedic-lee", "coach-ama"]
    stranger = {"userId": "housing-officer", "organisationId": HOUSING}
    refused = await set_invitees(api, meeting_id, [stranger], version + 1)
    assert refused["__typename"] == "InputError"
    not_chair = await api.run(SET_INVITEES, {"i": {"meetingId": meeting_id, "invitees": [],
                              "expectedVersion": version + 1}}, AMB)  # fmt: skip
    assert not_chair["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_two_chairs_changing_invitees_at_once_lose_no_update(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS])
    version = (await invitees_of(api, meeting_id))["version"]
    second = who(GP, Role.MEETING_CHAIR, user="dr-second")
    results = await asyncio.gather(
        set_invitees(api, meeting_id, [GP_PERSON], version),
        set_invitees(api, meeting_id, [COACH_PERSON], version, as_=second),
    )
    assert sorted(r["__typename"] for r in results) == ["AgendaChanged", "ConflictError"]
    winner = [GP_PERSON, COACH_PERSON][[r["__typename"] for r in results].index("AgendaChanged")]
    people = (await invitees_of(api, meeting_id))["invitees"]
    assert [p["userId"] for p in people] == [winner["userId"]]


async def test_invitees_come_along_to_the_next_meeting_and_into_the_minutes(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS], invitees=[GP_PERSON, COACH_PERSON],
                                    recurrence="FORTNIGHTLY")  # fmt: skip
    opened = await api.ok(OPEN_NEXT, {"i": {"meetingId": meeting_id}}, CHAIR)
    following = await invitees_of(api, opened["meetingId"])
    assert following["invitedOrganisationIds"] == [AMBULANCE, VCS]
    assert [p["userId"] for p in following["invitees"]] == ["dr-okafor", "coach-ama"]
    minutes = await api.ok(MINUTES, {"id": opened["meetingId"]}, AMB)
    assert "  - dr-okafor (GP): invited" in minutes
    assert "  - coach-ama (health coach): invited" in minutes
    assert "- Moorside GP practice (host): invited" in minutes


ids = st.sampled_from(["a", "b", " c ", "d"])
orgs = st.sampled_from(["o1", "o2", "o3"])


@given(st.lists(st.builds(Invitee, ids, orgs, st.sampled_from([None, "", "GP"])), max_size=6))
def test_validated_invitees_are_unique_sorted_and_from_invited_organisations(
    given_: list[Invitee],
) -> None:
    normal = {(i.user_id.strip(), i.organisation_id, i.role or None) for i in given_}
    from_elsewhere = any(i.organisation_id == "o3" for i in given_)
    contradictory = len({user for user, _, _ in normal}) < len(normal)
    if from_elsewhere or contradictory:
        with pytest.raises(InvalidMeeting) as refused:
            validate_invitees(given_, ["o1", "o2"])
        assert refused.value.field == "invitees"
        return
    valid = validate_invitees(given_, ["o1", "o2"])
    assert valid == sorted(valid)
    assert {(i.user_id, i.organisation_id, i.role) for i in valid} == normal
