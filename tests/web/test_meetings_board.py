"""After the meeting, in a real browser: the chair records who attended (shown on the page
and in the minutes), the actions board separates mine from my organisation's and carries
the open actions into the series' next meeting, and the month calendar lists the meetings.
axe, 320 px and the keyboard on every page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from kith_common.graph import Graph
from kith_web.meetings import queries
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack

PERSON = "RP-WEB-BOARD"
TITLE = "Weekly pain MDT"
CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename
  ... on ConsentRecorded { personId } } }"""


async def _meeting_under_way(stack: WebStack) -> str:
    """A weekly meeting the coach hosts, started half an hour ago, with one case, published,
    and two actions: one the coach owns by name, one for the coach's organisation."""
    housing = stack.users["housing"].organisation_id
    given = {"idempotencyKey": str(uuid.uuid4()), "personPseudonym": PERSON,
             "categories": ["PSEUDONYM"], "purpose": "CARE_COORDINATION", "method": "VERBAL",
             "sharedWithOrganisationIds": [housing],
             "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat()}  # fmt: skip
    person = (await as_user(stack, "coach", CONSENT, {"i": given}))["recordConsent"]["personId"]
    start = datetime.now(UTC) - timedelta(minutes=30)
    meeting_id = await _schedule(stack, start, housing)
    case_id = await _add_case(stack, meeting_id, person)
    version = (await as_user(stack, "coach", queries.MEETING, {"id": meeting_id}))["meeting"]
    await as_user(stack, "coach", queries.PUBLISH,
                  {"i": {"meetingId": meeting_id, "expectedVersion": version["version"]}})  # fmt: skip
    for description, owner in (("Call about the pain clinic", "coach"), ("Send the leaflet", None)):
        action = {"idempotencyKey": str(uuid.uuid4()), "caseId": case_id,
                  "description": description, "ownerUserId": owner,
                  "ownerOrganisationId": stack.users["coach"].organisation_id,
                  "dueOn": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()}  # fmt: skip
        done = await as_user(stack, "coach", queries.ADD_ACTION, {"i": action})
        assert done["addMeetingAction"]["__typename"] == "ActionAdded", done
    return meeting_id


async def _schedule(stack: WebStack, start: datetime, housing: str) -> str:
    given = {"idempotencyKey": str(uuid.uuid4()), "title": TITLE, "startsAt": start.isoformat(),
             "endsAt": (start + timedelta(hours=1)).isoformat(), "place": "Room 4",
             "recurrence": "WEEKLY", "invitedOrganisationIds": [housing],
             "invitees": [{"userId": "coach", "organisationId":
                           stack.users["coach"].organisation_id, "role": "health coach"}]}  # fmt: skip
    schedule = """mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) {
      ... on MeetingScheduled { meetingId } } }"""
    return str((await as_user(stack, "coach", schedule, {"i": given}))["scheduleMeeting"]
               ["meetingId"])  # fmt: skip


async def _add_case(stack: WebStack, meeting_id: str, person: str) -> str:
    given = {"idempotencyKey": str(uuid.uuid4()), "meetingId": meeting_id, "personId": person,
             "leadPractitioner": "coach", "summary": "Back pain; not sleeping.",
             "expectedVersion": 1}  # fmt: skip
    done: dict[str, Any] = (await as_user(stack, "coach", queries.ADD_CASE, {"i": given}))[
        "addCaseToMeeting"
    ]
    assert done["__typename"] == "CaseAdded", done
    return str(done["caseId"])


async def _record_attendance(page: Page, stack: WebStack) -> None:
    host = stack.users["coach"].organisation_name
    await tab_to(page, "^Record attendance$")
    await page.keyboard.press("Enter")  # opens the details
    await tab_to(page, f"^{host} \\(host\\)$")
    await page.keyboard.press("Space")
    await tab_to(page, "^coach \\(health coach\\)")
    await page.keyboard.press("Space")
    await check_page(page, "meeting-attendance-form")
    await activate_by_keyboard(page, "^Save attendance$")


async def test_attendance_the_board_and_the_calendar(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    meeting_id = await _meeting_under_way(web_stack)
    housing = web_stack.users["housing"].organisation_name
    await sign_in(page, web_stack.web, "coach", f"/meetings/{meeting_id}")
    await _record_attendance(page, web_stack)
    await expect(page.get_by_role("heading", name="Who was there")).to_be_visible()
    await expect(page.get_by_text(f"{housing}: invited, not present")).to_be_visible()
    await expect(page.get_by_text("coach (health coach): present")).to_be_visible()
    minutes = await page.request.get(f"{web_stack.web}/meetings/{meeting_id}/minutes.md")
    text = await minutes.text()
    assert f"{web_stack.users['coach'].organisation_name} (host): present" in text, text
    assert f"{housing}: invited, not present" in text

    await page.goto(f"{web_stack.web}/meetings/actions")
    await expect(page.get_by_role("cell", name="Send the leaflet", exact=True)).to_be_visible()
    await activate_by_keyboard(page, "^Mine$")
    await expect(page.get_by_role("heading", name="Actions board: mine")).to_be_visible()
    await expect(page.get_by_text("Call about the pain clinic")).to_be_visible()
    assert await page.get_by_text("Send the leaflet").count() == 0
    await check_page(page, "meetings-actions-mine")
    await activate_by_keyboard(page, "^Carry forward$")
    await expect(page.get_by_text("Carried forward").first).to_be_visible()  # the case came
    assert meeting_id not in page.url
    await page.goto(f"{web_stack.web}/meetings/actions")
    await expect(page.get_by_role("link", name="Carried to the next meeting").first).to_be_visible()

    await page.goto(f"{web_stack.web}/meetings")
    await activate_by_keyboard(page, "^Calendar$")
    this_month = page.locator("table.kith-calendar caption")
    await expect(page.locator("table.kith-calendar").get_by_role("link", name=TITLE).first
                 ).to_be_visible()  # fmt: skip
    await expect(page.get_by_role("columnheader", name="Monday")).to_have_count(1)
    await check_page(page, "meetings-calendar")
    shown = await this_month.inner_text()
    await activate_by_keyboard(page, "^Next month")
    await expect(this_month).not_to_have_text(shown)
