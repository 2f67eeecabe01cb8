"""An organisation's view across meetings: its meetings (no people), its actions board
(overdue first, only where it may still see the case), the consent check before a case is
added, and the names the pages and minutes show instead of ids."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers.meetings import (
    AMB,
    AMBULANCE,
    CHAIR,
    COACH,
    GP,
    GP_SP,
    HOUSING,
    HOUSING_SERVICE,
    HOUSING_W,
    MINUTES,
    T0,
    VCS,
    Api,
)

MINE = """query($s: DateTime!, $e: DateTime!) { myMeetings(start: $s, end: $e) {
  id title hosting hostName published cases } }"""
BOARD = "{ myMeetingActions { description dueOn status overdue meetingTitle } }"
CHECK = """query($m: ID!, $p: String!) { meetingCaseCheck(meetingId: $m, personPseudonym: $p) {
  __typename ... on CaseCheck { personId cover { organisationId name covered }
    missing { organisationId name } } ... on NotFoundError { message } } }"""
NAMES = """query($id: ID!) { meeting(id: $id) { organisationNames { id name }
  agenda { ... on AgendaCase { pseudonym } } } meetingServices(meetingId: $id) { id name } }"""
WINDOW = {"s": (T0 - timedelta(days=1)).isoformat(), "e": (T0 + timedelta(days=30)).isoformat()}


async def test_my_meetings_lists_hosted_and_invited_ones_without_people(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    person = await api.person("PSN-BRD-1", [AMBULANCE, HOUSING])
    await api.add_case(meeting_id, person)
    hosted = await api.ok(MINE, WINDOW, CHAIR)
    assert hosted == [{"id": meeting_id, "title": "Frequent callers MDT", "hosting": True,
                       "hostName": "Moorside GP practice", "published": False, "cases": 1}]  # fmt: skip
    invited = await api.ok(MINE, WINDOW, AMB)
    assert [(m["id"], m["hosting"]) for m in invited] == [(meeting_id, False)]
    assert await api.ok(MINE, WINDOW, COACH) == []  # not invited: not listed
    later = {"s": (T0 + timedelta(days=2)).isoformat(), "e": WINDOW["e"]}
    assert await api.ok(MINE, later, CHAIR) == []


async def test_the_consent_check_names_who_is_covered_and_who_is_missing(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING, VCS])
    await api.person("PSN-BRD-2", [AMBULANCE])
    found = await api.ok(CHECK, {"m": meeting_id, "p": "PSN-BRD-2"}, GP_SP)
    assert found["__typename"] == "CaseCheck"
    covered = {c["name"]: c["covered"] for c in found["cover"]}
    assert covered == {"Moorside GP practice": True, "Ambulance service": True,
                       "Housing options": False, "Health coaching charity": False}  # fmt: skip
    assert sorted(m["organisationId"] for m in found["missing"]) == sorted([HOUSING, VCS])
    # Another organisation cannot look up the GP's person, nor anyone at a meeting it is not at.
    other = await api.ok(CHECK, {"m": meeting_id, "p": "PSN-BRD-2"}, COACH)
    assert other["__typename"] == "NotFoundError"
    refused = await api.run(CHECK, {"m": meeting_id, "p": "PSN-BRD-2"}, HOUSING_W)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # not a practitioner


async def test_the_board_shows_an_organisations_actions_overdue_first(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    person = await api.person("PSN-BRD-3", [AMBULANCE, HOUSING])
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    await api.publish(meeting_id)
    await api.action(case_id, HOUSING, timedelta(days=10))
    await api.action(case_id, HOUSING, timedelta(days=2))
    await api.action(case_id, AMBULANCE, timedelta(days=1))
    api.now = T0 + timedelta(days=5)
    board = await api.ok(BOARD, {}, HOUSING_W)
    assert [(a["dueOn"], a["overdue"]) for a in board] == [
        ((T0 + timedelta(days=2)).date().isoformat(), True),
        ((T0 + timedelta(days=10)).date().isoformat(), False),
    ]
    assert {a["meetingTitle"] for a in board} == {"Frequent callers MDT"}
    reads = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'meeting.action.read', organisation: $o}) RETURN count(a) AS n",
        o=HOUSING,
    )
    assert reads == [{"n": 2}]


async def test_the_meeting_carries_names_and_the_minutes_read_in_words(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    person = await api.person("PSN-BRD-4", [AMBULANCE, HOUSING])
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    await api.publish(meeting_id)
    await api.action(case_id, HOUSING, timedelta(days=7))
    body = await api.run(NAMES, {"id": meeting_id}, AMB)
    named = body["data"]["meeting"]
    assert {o["id"]: o["name"] for o in named["organisationNames"]} == {
        GP: "Moorside GP practice", AMBULANCE: "Ambulance service", HOUSING: "Housing options"}  # fmt: skip
    assert named["agenda"] == [{"pseudonym": "PSN-BRD-4"}]
    assert body["data"]["meetingServices"] == [
        {"id": HOUSING_SERVICE, "name": "Housing options advice"}
    ]
    minutes = await api.ok(MINUTES, {"id": meeting_id}, AMB)
    assert "- When: Wed 2 Dec 2026, 09:00\u201311:00 (UK time)" in minutes  # UTC = GMT in Dec
    assert "- Host: Moorside GP practice (chair dr-chair)" in minutes
    assert "- Prepared for: Ambulance service" in minutes
    assert "### 1. PSN-BRD-4 (lead: Dr A. Patel)" in minutes
    assert "| Follow up (org-housing) | Housing options | Tue 8 Dec 2026 | open |" in minutes
    assert minutes.count("- Housing options:") == 1  # each organisation once
    assert VCS not in minutes
    assert GP not in minutes
