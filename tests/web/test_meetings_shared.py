"""The agenda builder in a real browser, for a person another organisation recorded: the
coach brings the GP practice's person under their care-coordination consent (one the
person has not agreed to share with the coach is not found), and the page shows what each
organisation at the meeting may see. axe, 320 px and the keyboard throughout."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack

SHARED, PRIVATE = "RP-WEB-SHARED", "RP-WEB-PRIVATE"
CONSENT = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"
SCHEDULE = """mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) {
  __typename ... on MeetingScheduled { meetingId } } }"""


async def _gp_person(stack: WebStack, pseudonym: str, shared_with: list[str]) -> None:
    given = {
        "idempotencyKey": str(uuid.uuid4()), "personPseudonym": pseudonym,
        "categories": ["PSEUDONYM"], "purpose": "CARE_COORDINATION", "method": "VERBAL",
        "sharedWithOrganisationIds": [stack.users[u].organisation_id for u in shared_with],
        "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
    }  # fmt: skip
    done = await as_user(stack, "prescriber", CONSENT, {"i": given})
    assert done["recordConsent"]["__typename"] == "ConsentRecorded", done


async def schedule_for_the_coach(stack: WebStack, title: str, **extra: Any) -> str:
    """A meeting the coach hosts tomorrow (UK morning), housing invited."""
    start = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    start += timedelta(days=1)
    given = {
        "idempotencyKey": str(uuid.uuid4()), "title": title, "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(), "place": "Manningham library",
        "invitedOrganisationIds": [stack.users["housing"].organisation_id], **extra,
    }  # fmt: skip
    done = (await as_user(stack, "coach", SCHEDULE, {"i": given}))["scheduleMeeting"]
    assert done["__typename"] == "MeetingScheduled", done
    return str(done["meetingId"])


async def _check(page: Page, recorded_by: str, pseudonym: str) -> None:
    await tab_to(page, "Who recorded the person")
    await page.locator("#recorded-by").select_option(label=recorded_by)
    await tab_to(page, "Their reference for the person")
    await page.keyboard.type(pseudonym)
    await activate_by_keyboard(page, "^Check consent$")


async def test_the_coach_brings_the_gps_person_and_sees_who_sees_what(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await _gp_person(web_stack, SHARED, ["coach", "housing"])
    await _gp_person(web_stack, PRIVATE, ["housing"])  # never agreed to the coach seeing them
    meeting_id = await schedule_for_the_coach(web_stack, "Shared care meeting")
    practice = web_stack.users["prescriber"].organisation_name
    housing = web_stack.users["housing"].organisation_name
    await sign_in(page, web_stack.web, "coach", f"/meetings/{meeting_id}")

    await _check(page, practice, PRIVATE)
    await expect(page.get_by_role("alert")).to_contain_text("shared with it")
    await check_page(page, "meeting-shared-refused")

    await page.locator("#pseudonym").fill("")
    await _check(page, practice, SHARED)
    gate = page.locator("#consent-check")
    await expect(gate.locator("caption")).to_contain_text(f"recorded by {practice}")
    await expect(gate.get_by_role("row", name=f"{housing} Yes")).to_be_visible()
    await tab_to(page, "Summary for the meeting")
    await page.keyboard.type("Isolated since her husband died; the practice asked us to help.")
    await activate_by_keyboard(page, "^Add to agenda$")
    await expect(page.get_by_role("heading", name=f"1. {SHARED}")).to_be_visible()

    audience = page.locator("#audience + p + table")
    await expect(audience.get_by_role("row", name=f"{housing} {SHARED} None")).to_be_visible()
    await check_page(page, "meeting-shared-audience")
    count = await district.query("MATCH (p:Person {reference: $r}) RETURN count(p) AS n", r=SHARED)
    assert count == [{"n": 1}]  # brought, not recorded twice
