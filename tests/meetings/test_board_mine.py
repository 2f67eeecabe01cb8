"""The actions board: mine (owned by me by name) against my organisation's, and open actions
carried forward to the next meeting of a series."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.helpers.meetings import (
    ADD_ACTION,
    CHAIR,
    GP,
    HOUSING,
    HOUSING_W,
    T0,
    Api,
    key,
)

BOARD = """query($mine: Boolean!) { myMeetingActions(mine: $mine) { description ownerUserId
  series hosting nextMeetingId carried meetingId } }"""
OPEN_NEXT = """mutation($i: OpenNextMeetingInput!) { openNextMeeting(input: $i) {
  __typename ... on MeetingScheduled { meetingId created } } }"""


async def _action(api: Api, case_id: str, owner: str, user: str | None, text: str) -> None:
    given = {"idempotencyKey": key(), "caseId": case_id, "description": text,
             "ownerOrganisationId": owner, "ownerUserId": user,
             "dueOn": (T0 + timedelta(days=7)).date().isoformat()}  # fmt: skip
    assert (await api.ok(ADD_ACTION, {"i": given}, CHAIR))["__typename"] == "ActionAdded"


async def _series_with_actions(api: Api) -> str:
    meeting_id = await api.schedule([HOUSING], recurrence="WEEKLY")
    person = await api.person("PSN-MINE-1", [HOUSING])
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    await api.publish(meeting_id)
    await _action(api, case_id, HOUSING, HOUSING_W.user_id, "Visit about the damp")
    await _action(api, case_id, HOUSING, None, "Check the tenancy")
    await _action(api, case_id, HOUSING, "another-officer", "Call the landlord")
    await _action(api, case_id, GP, CHAIR.user_id, "Review the medication")  # GP holds them
    await _action(api, case_id, GP, None, "Book a longer appointment")
    return meeting_id


async def _board(api: Api, mine: bool, as_: Any = HOUSING_W) -> list[dict[str, Any]]:
    return list(await api.ok(BOARD, {"mine": mine}, as_))


async def test_mine_is_only_what_i_own_by_name(api: Api) -> None:
    await _series_with_actions(api)
    mine = await _board(api, mine=True)
    assert [a["description"] for a in mine] == ["Visit about the damp"]
    everyone = await _board(api, mine=False)
    assert sorted(a["description"] for a in everyone) == [
        "Call the landlord", "Check the tenancy", "Visit about the damp"]  # fmt: skip
    holder = await _board(api, mine=True, as_=CHAIR)  # the organisation holding the person
    assert [a["description"] for a in holder] == ["Review the medication"]
    assert len(await _board(api, mine=False, as_=CHAIR)) == 2


async def test_open_actions_are_carried_to_the_next_meeting(api: Api) -> None:
    meeting_id = await _series_with_actions(api)
    before = await _board(api, mine=False)
    assert {(a["series"], a["hosting"], a["nextMeetingId"], a["carried"]) for a in before} == {
        (True, False, None, False)
    }
    opened = await api.ok(OPEN_NEXT, {"i": {"meetingId": meeting_id}}, CHAIR)
    assert opened["__typename"] == "MeetingScheduled"
    after = await _board(api, mine=False)
    assert {(a["nextMeetingId"], a["carried"]) for a in after} == {(opened["meetingId"], True)}
    again = await api.ok(OPEN_NEXT, {"i": {"meetingId": meeting_id}}, CHAIR)
    assert (again["meetingId"], again["created"]) == (opened["meetingId"], False)
