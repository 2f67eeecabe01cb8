"""Attendance: the chair records who was there; the minutes say "present" or "invited"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.meetings.domain import InvalidMeeting
from kith_gateway.meetings.participants import resolve_attendance

from tests.helpers.meetings import (
    AMB,
    AMBULANCE,
    CHAIR,
    COACH_PERSON,
    GP,
    GP_PERSON,
    HOUSING,
    MINUTES,
    T0,
    VCS,
    Api,
    invitees_of,
    set_invitees,
)

ATTEND = """mutation($i: RecordAttendanceInput!) { recordMeetingAttendance(input: $i) {
  __typename ... on AgendaChanged { version } ... on InputError { field message }
  ... on ConflictError { currentVersion } ... on TransitionError { code message }
  ... on NotFoundError { message } } }"""

DURING = T0 + timedelta(days=1, minutes=10)  # the meeting runs T0+1d .. T0+1d+2h


async def attend(
    api: Api, meeting_id: str, orgs: list[str], people: list[str], version: int
) -> Any:
    given_ = {"meetingId": meeting_id, "organisationIds": orgs, "inviteeUserIds": people,
              "expectedVersion": version}  # fmt: skip
    return await api.ok(ATTEND, {"i": given_}, CHAIR)


async def test_the_minutes_say_who_was_present_and_who_was_only_invited(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING, VCS], invitees=[GP_PERSON, COACH_PERSON])
    version = (await invitees_of(api, meeting_id))["version"]
    early = await attend(api, meeting_id, [GP], [], version)
    assert early["__typename"] == "TransitionError"
    assert early["code"] == "meeting-not-started"

    api.now = DURING
    done = await attend(api, meeting_id, [GP, AMBULANCE], ["coach-ama"], version)
    assert done == {"__typename": "AgendaChanged", "version": version + 1}
    seen = await invitees_of(api, meeting_id, AMB)
    assert seen["attendedOrganisationIds"] == [AMBULANCE, GP, VCS]  # the coach brought VCS
    assert {p["userId"]: p["attended"] for p in seen["invitees"]} == {
        "dr-okafor": False,
        "coach-ama": True,
    }
    minutes = await api.ok(MINUTES, {"id": meeting_id}, AMB)
    assert "- Moorside GP practice (host): present" in minutes
    assert "- Ambulance service: present" in minutes
    assert "- Housing options: invited" in minutes
    assert "- Health coaching charity: present" in minutes
    assert "  - dr-okafor (GP): invited" in minutes
    assert "  - coach-ama (health coach): present" in minutes
    assert "not been recorded" not in minutes


async def test_attendance_is_versioned_validated_and_retry_safe(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS], invitees=[COACH_PERSON])
    version = (await invitees_of(api, meeting_id))["version"]
    api.now = DURING
    stranger = await attend(api, meeting_id, [HOUSING], [], version)
    assert (stranger["__typename"], stranger["field"]) == ("InputError", "organisationIds")
    nobody = await attend(api, meeting_id, [GP], ["dr-unknown"], version)
    assert (nobody["__typename"], nobody["field"]) == ("InputError", "inviteeUserIds")
    first = await attend(api, meeting_id, [GP], [], version)
    assert first["version"] == version + 1
    assert (await attend(api, meeting_id, [GP], [], version))["version"] == version + 1  # retry
    stale = await attend(api, meeting_id, [GP, AMBULANCE], [], version)
    assert stale == {"__typename": "ConflictError", "currentVersion": version + 1}
    corrected = await attend(api, meeting_id, [GP, AMBULANCE], [], version + 1)
    assert corrected["version"] == version + 2
    assert (await invitees_of(api, meeting_id))["attendedOrganisationIds"] == [AMBULANCE, GP]
    # Once attendance is on record, the invitees are part of it.
    frozen = await set_invitees(api, meeting_id, [GP_PERSON], version + 2)
    assert (frozen["__typename"], frozen["field"]) == ("InputError", "invitees")


async def test_before_attendance_everyone_is_invited(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE])
    assert (await invitees_of(api, meeting_id))["attendedOrganisationIds"] is None
    minutes = await api.ok(MINUTES, {"id": meeting_id}, CHAIR)
    assert "Attendance has not been recorded." in minutes
    assert "- Ambulance service: invited" in minutes
    assert "present" not in minutes


TABLE = ["h", "o1", "o2"]
INVITEES = {"u1": "o1", "u2": "o2", "u3": "h"}


@given(
    st.lists(st.sampled_from([*TABLE, "x", " o1 "]), max_size=5),
    st.lists(st.sampled_from([*INVITEES, "ux"]), max_size=4),
)
def test_present_people_bring_their_organisation(orgs: list[str], users: list[str]) -> None:
    if "x" in orgs or "ux" in users:
        with pytest.raises(InvalidMeeting):
            resolve_attendance(orgs, users, TABLE, INVITEES)
        return
    present, people = resolve_attendance(orgs, users, TABLE, INVITEES)
    assert people == sorted(set(users))
    assert present == sorted({o.strip() for o in orgs} | {INVITEES[u] for u in users})
