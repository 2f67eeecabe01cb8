"""The action state machine (property-tested) and its lifecycle through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.meetings.domain import (
    ActionChange,
    ActionStatus,
    ActionTransitionError,
    next_action_status,
)

from tests.helpers.meetings import ALL_PARTNERS, AMB, CHAIR, COACH, HOUSING, HOUSING_W, Api


def walk(changes: list[ActionChange]) -> tuple[ActionStatus, int]:
    """Apply changes, skipping refused ones; returns the final status and how many applied."""
    status, applied = ActionStatus.OPEN, 0
    for change in changes:
        try:
            status = next_action_status(status, change)
            applied += 1
        except ActionTransitionError:
            pass
    return status, applied


@given(st.lists(st.sampled_from(list(ActionChange)), max_size=12))
def test_an_action_changes_at_most_once_and_final_states_are_final(
    changes: list[ActionChange],
) -> None:
    status, applied = walk(changes)
    assert applied == min(1, len(changes))
    if changes:
        first = changes[0]
        assert status is {ActionChange.COMPLETE: ActionStatus.DONE,
                          ActionChange.CANCEL: ActionStatus.CANCELLED}[first]  # fmt: skip
    else:
        assert status is ActionStatus.OPEN


@given(st.sampled_from([ActionStatus.DONE, ActionStatus.CANCELLED]),
       st.sampled_from(list(ActionChange)))  # fmt: skip
def test_final_states_refuse_every_change(status: ActionStatus, change: ActionChange) -> None:
    with pytest.raises(ActionTransitionError):
        next_action_status(status, change)


async def test_action_lifecycle_through_the_api(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-ACT-1", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    action_id = await api.action(case_id, HOUSING, timedelta(days=7))
    action = {"id": action_id, "version": 1}
    assert (await api.change("completeMeetingAction", action, AMB))["__typename"] == (
        "NotFoundError"  # neither owner nor host
    )
    stale = await api.change("cancelMeetingAction", {"id": action_id, "version": 9}, HOUSING_W)
    assert stale["__typename"] == "ConflictError"
    assert stale["currentVersion"] == 1
    done = await api.change("completeMeetingAction", action, HOUSING_W)
    assert done == {"__typename": "ActionChanged", "status": "done", "version": 2,
                    "replayed": False}  # fmt: skip
    again = await api.change("cancelMeetingAction", {"id": action_id, "version": 2}, CHAIR)
    assert again["__typename"] == "TransitionError"


async def test_actions_go_only_to_covered_organisations(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-ACT-2", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    refused = await api.ok(
        """mutation($i: AddActionInput!) { addMeetingAction(input: $i) { __typename
           ... on ConsentCoverageError { organisationsWithoutCover } } }""",
        {"i": {"idempotencyKey": "k-action-x1", "caseId": case_id, "description": "Visit",
               "ownerOrganisationId": "org-not-covered", "dueOn": "2026-12-20"}},
        CHAIR,
    )  # fmt: skip
    assert refused == {"__typename": "ConsentCoverageError", "organisationsWithoutCover": 1}
    assert COACH.organisation_id in ALL_PARTNERS
