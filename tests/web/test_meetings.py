"""Case meetings in a real browser: the coach schedules a meeting, meets the consent gate in
the agenda builder and records the missing consent, adds the case, publishes the agenda,
records a decision (a referral refused for want of consent, which says which) and an action;
the housing team sees the meeting, the case, its action on its board and its minutes; an
organisation not at the meeting sees nothing. axe, 320 px and the keyboard on every page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from kith_common.graph import Graph
from kith_web.meetings import queries
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_stack import WebStack

PERSON = "RP-WEB-0001"
CONSENT = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"


async def _as(stack: WebStack, username: str, query: str, variables: dict[str, Any]) -> Any:
    token = stack.issuer.token_for(stack.users[username])
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(f"{stack.gateway}/graphql", headers={
            "authorization": f"Bearer {token}"}, json={"query": query, "variables": variables})  # fmt: skip
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def _warm(stack: WebStack) -> None:
    """The gateway's first answer on a fresh graph plans its queries (tens of seconds on a
    busy CI machine, longer than a page waits): read a meeting once before the journey."""
    await _as(stack, "coach", queries.MEETING, {"id": str(uuid.uuid4())})


async def _person_known_to_the_coach(stack: WebStack, graph: Graph) -> None:
    """The coach's person, whose care-coordination consent so far covers only the GP."""
    given = {
        "idempotencyKey": str(uuid.uuid4()), "personPseudonym": PERSON,
        "categories": ["PSEUDONYM"], "purpose": "CARE_COORDINATION", "method": "VERBAL",
        "sharedWithOrganisationIds": [stack.users["prescriber"].organisation_id],
        "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
    }  # fmt: skip
    await _as(stack, "coach", CONSENT, {"i": given})
    await graph.execute("MATCH (p:Person {reference: $r}) SET p.home_area = 'E01010568'", r=PERSON)


async def _schedule(page: Page, stack: WebStack) -> str:
    housing = stack.users["housing"].organisation_name
    await activate_by_keyboard(page, "^Schedule a meeting$")
    await check_page(page, "meetings-new")
    tomorrow = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=1)).date()
    await page.get_by_label("Title").fill("Manningham multi-agency meeting")
    await page.get_by_label("Day").fill(tomorrow.isoformat())
    await page.get_by_label("Starts at").fill("10:00")
    await page.get_by_label("Ends at").fill("11:00")
    await page.get_by_label("Place").fill("Manningham health centre, room 4")
    await page.get_by_label(housing, exact=True).check()
    await page.get_by_label("Person 1: name").fill("coach")
    await page.get_by_label("Person 1: shown as (optional)").fill("health coach")
    await activate_by_keyboard(page, "^Schedule meeting$")
    await expect(
        page.get_by_role("heading", name="Manningham multi-agency meeting")
    ).to_be_visible()
    return page.url.rsplit("/", 1)[1]


async def test_the_coach_runs_a_meeting_and_housing_sees_what_it_may(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await _person_known_to_the_coach(web_stack, district)
    await _warm(web_stack)
    housing = web_stack.users["housing"].organisation_name
    await sign_in(page, web_stack.web, "coach", "/meetings")
    await check_page(page, "meetings-empty")
    meeting_id = await _schedule(page, web_stack)
    await expect(page.get_by_text(f"{housing}", exact=False).first).to_be_visible()
    await expect(page.get_by_text("Not published")).to_be_visible()
    await check_page(page, "meeting-new")

    # The consent gate, before the case is added: housing is not covered yet.
    await tab_to(page, "Their reference for the person")
    await page.keyboard.type(PERSON)
    await activate_by_keyboard(page, "^Check consent$")
    gate = page.locator("#consent-check")
    await expect(gate.get_by_role("row", name=f"{housing} No: missing")).to_be_visible()
    await check_page(page, "meeting-consent-gate")
    await activate_by_keyboard(page, "^Record care-coordination consent$")
    await expect(page.get_by_text("Consent recorded.")).to_be_visible()
    await expect(gate.get_by_role("row", name=f"{housing} Yes")).to_be_visible()
    await page.get_by_label("Summary for the meeting").fill("Lives alone; pain keeps her in.")
    await activate_by_keyboard(page, "^Add to agenda$")
    await expect(page.get_by_role("heading", name=f"1. {PERSON}")).to_be_visible()

    await activate_by_keyboard(page, "^Publish agenda$")
    await expect(page.get_by_text("Published ").first).to_be_visible()

    # A referral the person has not agreed to is refused, naming what is missing.
    await page.get_by_text(f"Record a decision for {PERSON}").click()
    await page.get_by_label("Refer to a service").check()
    refer_to = page.get_by_label("Refer to (for a referral)")
    option = refer_to.locator("option", has_text=housing).first
    await refer_to.select_option(await option.get_attribute("value"))
    await page.get_by_label("What was decided").fill("Housing advice about adaptations")
    await page.get_by_role("button", name="Record decision").click()
    await expect(page.get_by_role("alert")).to_contain_text(f"No referral consent covers {housing}")
    await check_page(page, "meeting-referral-consent")
    await page.get_by_role("button", name=f"Record referral consent for {housing}").click()
    await page.get_by_text(f"Record a decision for {PERSON}").click()
    await page.get_by_label("Refer to a service").check()
    await refer_to.select_option(await option.get_attribute("value"))
    await page.get_by_label("What was decided").fill("Housing advice about adaptations")
    await page.get_by_role("button", name="Record decision").click()
    # The meeting is tomorrow: the decision is kept, and marked as made before it.
    await expect(
        page.get_by_role("cell", name="Refer (recorded before the meeting)", exact=True)
    ).to_be_visible()
    await expect(page.get_by_text("Referral to ")).to_be_visible()

    await page.get_by_text(f"Add an action for {PERSON}").click()
    await page.get_by_label("What will be done").fill("Home visit about a stair rail")
    await page.get_by_label("Which organisation will do it").select_option(label=housing)
    due = (datetime.now(UTC) + timedelta(days=7)).date()
    await page.get_by_label("Due by").fill(due.isoformat())
    await page.get_by_role("button", name="Add action").click()
    await expect(page.get_by_role("cell", name="Home visit about a stair rail")).to_be_visible()
    await check_page(page, "meeting-run")
    assert meeting_id not in await page.locator("main").inner_text()  # names, not ids

    # Housing: the meeting, the case, its action on its board, its minutes.
    await page.context.clear_cookies()
    await sign_in(page, web_stack.web, "housing", "/meetings")
    await expect(page.get_by_role("link", name="Manningham multi-agency meeting")).to_be_visible()
    await activate_by_keyboard(page, "^Manningham multi-agency meeting$")
    await expect(page.get_by_text("Lives alone; pain keeps her in.")).to_be_visible()
    await check_page(page, "meeting-housing")
    minutes = await page.request.get(f"{web_stack.web}/meetings/{meeting_id}/minutes.pdf")
    assert minutes.status == 200
    assert (await minutes.body()).startswith(b"%PDF-")
    await page.goto(f"{web_stack.web}/meetings/actions")
    await expect(
        page.get_by_role("cell", name="Home visit about a stair rail", exact=True)
    ).to_be_visible()
    await check_page(page, "meetings-actions")

    # The prescriber's practice is not at the meeting: nothing to see.
    await page.context.clear_cookies()
    await sign_in(page, web_stack.web, "prescriber", "/meetings")
    assert await page.get_by_text("Manningham multi-agency meeting").count() == 0
    response = await page.goto(f"{web_stack.web}/meetings/{meeting_id}")
    assert response is not None
    assert response.status == 404
