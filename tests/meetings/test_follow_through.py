"""The overdue sweep: one event per overdue action and due date, however many sweeps run."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from kith_gateway.meetings.actions import sweep_overdue
from kith_gateway.meetings.domain import overdue_event_id

from tests.helpers.meetings import ALL_PARTNERS, AMBULANCE, GP, HOUSING, HOUSING_W, T0, Api


async def overdue_events(api: Api) -> list[dict[str, object]]:
    rows = await api.graph.query(
        "MATCH (o:Outbox {subject: 'kith.meeting.action-overdue'}) RETURN o.payload AS p"
    )
    return [json.loads(r["p"]) for r in rows]


async def test_overdue_actions_are_announced_once_to_owner_and_chair(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-LATE-1", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    late = await api.action(case_id, HOUSING, timedelta(days=3))
    done = await api.action(case_id, HOUSING, timedelta(days=3))
    await api.action(case_id, AMBULANCE, timedelta(days=30))  # not due yet
    await api.change("completeMeetingAction", {"id": done, "version": 1}, HOUSING_W)

    assert await sweep_overdue(api.graph, T0 + timedelta(days=3)) == 0  # due today: not late
    replicas = await asyncio.gather(
        *(sweep_overdue(api.graph, T0 + timedelta(days=4)) for _ in range(3))
    )
    assert sum(replicas) >= 1
    assert await sweep_overdue(api.graph, T0 + timedelta(days=5)) == 0
    (event,) = await overdue_events(api)
    assert event["id"] == overdue_event_id(late, (T0 + timedelta(days=3)).date())
    assert event["data"] == {"meeting_id": meeting_id, "action_id": late,
                             "organisation_id": HOUSING, "chair_organisation_id": GP}  # fmt: skip


async def test_a_new_due_date_is_a_new_overdue_fact(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-LATE-2", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    late = await api.action(case_id, HOUSING, timedelta(days=1))
    await sweep_overdue(api.graph, T0 + timedelta(days=2))
    await api.graph.execute(
        "MATCH (a:MeetingAction {id: $id}) SET a.due_on = a.due_on + duration('P7D')", id=late
    )
    assert await sweep_overdue(api.graph, T0 + timedelta(days=5)) == 0
    assert await sweep_overdue(api.graph, T0 + timedelta(days=9)) == 1
    assert len(await overdue_events(api)) == 2
