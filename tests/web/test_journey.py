"""A person's journey in a real browser: the coach sets a check-in rhythm, sets, reviews and
resets a goal (the old one kept), records a questionnaire from the form its definition
generates (an unanswered question refused in words), and sees the scores as a chart with a
table; carers and the timeline in plain words; a reader the person's consent does not cover
gets nothing. axe, 320 px and the keyboard on every page."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_web.journey.queries import TIMELINE, WORK
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_stack import WebStack

# Codes the API speaks that a page must never show.
CODES = re.compile(r"\b(in-progress|step-up|CHECK_IN|KEEP_IN_TOUCH|"
                   r"maySee|attend-reviews|[0-9a-f]{8}-[0-9a-f]{4}-)", re.IGNORECASE)  # fmt: skip
PERSON = """
CREATE (:Person {id: $id, reference: $ref, organisation_id: $org, preferred_language: 'en'})
"""
LINK = """mutation($i: LinkCarerInput!) { linkCarer(input: $i) { __typename } }"""
SET_CHECK_IN = """mutation($i: SetCheckInInput!) { setCheckIn(input: $i) { __typename } }"""
LAPSE = """MATCH (r:CheckInRhythm {person_id: $id})
SET r.since = datetime() - duration({days: 30})"""


async def _as(stack: WebStack, username: str, query: str, variables: dict[str, Any]) -> Any:
    token = stack.issuer.token_for(stack.users[username])
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(f"{stack.gateway}/graphql",
                                   json={"query": query, "variables": variables},
                                   headers={"authorization": f"Bearer {token}"})  # fmt: skip
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def _person(stack: WebStack, graph: Graph, ref: str, user: str = "coach") -> str:
    person = str(uuid.uuid4())
    await graph.execute(PERSON, id=person, ref=ref, org=stack.users[user].organisation_id)
    # The gateway's first answer on a fresh graph plans its queries (slow on a busy CI
    # machine): asked once here, so the page is what these tests measure.
    for query in (TIMELINE, WORK):
        await _as(stack, user, query, {"p": person})
    return person


async def _with_carer(stack: WebStack, graph: Graph) -> str:
    person, carer = await _person(stack, graph, "PSN-0042"), await _person(stack, graph, "PSN-0043")
    given = {"idempotencyKey": f"carer-{uuid.uuid4()}", "personId": person,
             "carerPersonId": carer, "relationship": "partner", "maySee": ["goals"],
             "mayDo": ["attend-reviews"], "consentMethod": "VERBAL", "channels": ["text"],
             "bestTimes": "weekday evenings"}  # fmt: skip
    linked = await _as(stack, "coach", LINK, {"i": given})
    assert linked["linkCarer"]["__typename"] == "OutcomeSaved"
    return person


REFERRED = """
MATCH (p:Person {id: $id})
CREATE (s:Service {id: randomUUID(), name: 'Walking for health', status: 'active',
                   organisation_id: $org})
CREATE (r:Referral {id: randomUUID(), status: 'accepted', from_organisation_id: $org,
                    to_organisation_id: $org, created_at: datetime()})-[:FOR]->(p)
CREATE (r)-[:TO]->(s)
"""


async def _answer(page: Page, answers: list[int]) -> None:
    for n, value in enumerate(answers, 1):
        await page.locator(f"input[name='item-{n}'][value='{value}']").check()


async def test_the_coach_works_through_a_persons_journey(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    person = await _with_carer(web_stack, district)
    await district.execute(REFERRED, id=person, org=web_stack.users["coach"].organisation_id)
    journey = f"/people/{person}/journey"
    await sign_in(page, web_stack.web, "coach", journey)
    await expect(page.get_by_role("heading", name="PSN-0042", level=1)).to_be_visible()
    await check_page(page, "journey-new")

    await page.fill("#every-days", "14")
    await page.get_by_role("button", name="Set check-in rhythm").click()
    await expect(page.get_by_text("You check in every 14 days")).to_be_visible()

    await page.get_by_role("button", name="Set goal").click()
    await expect(page.locator(".nhsuk-error-summary")).to_contain_text("own words")
    await page.fill("#goal-words", "Walk to the park with my grandson")
    first_need = page.locator("#goal-needs label").first
    need = await first_need.inner_text()
    await first_need.click()
    await page.get_by_label("Walking for health").check()  # a service they were referred to
    await page.get_by_role("button", name="Set goal").click()
    card = page.locator(".kith-goal").filter(has_text="Walk to the park")
    await expect(card).to_contain_text("Somewhat less than expected")
    await expect(card).to_contain_text(f"Towards: {need}")
    await expect(card).to_contain_text("Helped by: Walking for health")
    await card.get_by_text("Review this goal").click()
    await card.get_by_label("As expected", exact=True).check()
    await card.get_by_label("Note (optional)").fill("Made it halfway")
    await card.get_by_role("button", name="Save review").click()
    card = page.locator(".kith-goal").filter(has_text="Walk to the park")
    await expect(card.locator("table")).to_contain_text("Made it halfway")
    await card.get_by_text("Reset this goal").click()
    await card.get_by_label("The new goal, in the person's own words").fill("Swim once a week")
    await card.get_by_role("button", name="Reset goal").click()
    await expect(page.get_by_role("heading", name="“Swim once a week”")).to_be_visible()
    earlier = page.locator(".kith-goal--earlier")
    await expect(earlier).to_contain_text("Walk to the park with my grandson")
    await expect(earlier).to_contain_text("Made it halfway")  # the old goal keeps its history

    await page.get_by_role("link", name="Record a questionnaire").click()
    await page.get_by_role("link", name=re.compile("^PHQ-9")).click()
    await check_page(page, "journey-questionnaire")
    await page.get_by_label("Baseline (the first time)").check()
    await _answer(page, [2, 2, 1, 2, 1, 2, 1, 1])  # question 9 left out
    await page.get_by_role("button", name="Save questionnaire").click()
    await expect(page.locator(".nhsuk-error-summary")).to_contain_text("Not answered: question 9")
    await check_page(page, "journey-questionnaire-error")
    await page.locator("input[name='item-9'][value='0']").check()
    await page.get_by_role("button", name="Save questionnaire").click()
    await expect(page.locator("svg.kith-chart")).to_have_count(1)

    await page.goto(f"{web_stack.web}{journey}/measures/new?instrument=phq-9")
    await page.get_by_label("Review", exact=True).check()
    await _answer(page, [1, 1, 0, 1, 0, 1, 0, 0, 0])
    await page.get_by_role("button", name="Save questionnaire").click()
    chart = page.locator("svg.kith-chart")
    label = await chart.get_attribute("aria-label") or ""
    assert label.startswith("PHQ-9 total over time (lower is better"), label
    assert "12 at baseline" in label and "4 at review" in label, label  # noqa: PT018
    rows = page.locator("table").filter(has_text="PHQ-9 total: every score").locator("tbody tr")
    await expect(rows).to_have_count(2)

    carers = page.locator("#carers ~ dl").first
    await expect(carers).to_contain_text("PSN-0043")
    await expect(carers).to_contain_text("Come to reviews")
    timeline = await page.locator(".kith-timeline").inner_text()
    assert "Goal set: “Walk to the park with my grandson” (since reset)" in timeline
    assert "PHQ-9 total 4" in timeline
    body = await page.locator("main").inner_text()
    assert not CODES.search(body), CODES.search(body)
    await check_page(page, "journey")


async def test_keyboard_only_goal_and_a_reader_without_consent(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    person = await _person(web_stack, district, "PSN-0050")
    await sign_in(page, web_stack.web, "coach", f"/people/{person}/journey")
    await tab_to(page, "The goal, in the person's own words")
    await page.keyboard.type("Cook a meal for my family")
    await activate_by_keyboard(page, "^Set goal$")
    await expect(page.get_by_role("heading", name="“Cook a meal for my family”")).to_be_visible()
    await activate_by_keyboard(page, "^Record a questionnaire$")
    await expect(page.get_by_role("heading", name="Record a questionnaire")).to_be_visible()

    # A check-in every week, set a month ago with no contact since: lapsed, not closed.
    rhythm = await _as(web_stack, "coach", SET_CHECK_IN,
                       {"i": {"personId": person, "everyDays": 7}})  # fmt: skip
    assert rhythm["setCheckIn"]["__typename"] == "CheckInSet"
    await district.execute(LAPSE, id=person)
    await activate_by_keyboard(page, "^Check-ins$")
    row = page.locator("tbody tr").filter(has_text="PSN-0050")
    await expect(row).to_contain_text("23 days")
    await check_page(page, "check-ins")
    await activate_by_keyboard(page, "^PSN-0050$")
    await expect(page.get_by_text("Contact has lapsed")).to_be_visible()

    stranger = await page.context.browser.new_context()  # type: ignore[union-attr]
    other = await stranger.new_page()
    try:
        await sign_in(other, web_stack.web, "foodbank", f"/people/{person}/journey")
        await expect(other.get_by_text("PSN-0050")).to_have_count(0)
        answer = await other.goto(f"{web_stack.web}/people/{person}/journey")
        assert answer is not None and answer.status == 404  # noqa: PT018
    finally:
        await stranger.close()


async def test_keyboard_only_a_coach_links_a_carer_by_reference(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    person = await _person(web_stack, district, "PSN-0060")
    await _person(web_stack, district, "PSN-0061")
    await sign_in(page, web_stack.web, "coach", f"/people/{person}/journey")
    await expect(page.get_by_text("No carers or family linked.")).to_be_visible()
    await tab_to(page, "^The carer's reference", 250)
    await page.keyboard.type("PSN-NOBODY")
    for choice in ("^Partner$", "^Goals$", "^They said yes", "^Text message$"):
        await tab_to(page, choice)
        await page.keyboard.press("Space")
    await activate_by_keyboard(page, "^Link carer$")
    summary = page.locator(".nhsuk-error-summary")
    await expect(summary).to_contain_text("None of your organisation's people has the reference")
    await expect(page.locator("#carer-reference-error")).to_be_visible()
    await expect(page.get_by_label("Partner")).to_be_checked()  # nothing entered is lost
    await check_page(page, "journey-carer-error")

    await tab_to(page, "^The carer's reference", 250)
    await page.keyboard.press("Control+A")
    await page.keyboard.type("PSN-0061")
    await activate_by_keyboard(page, "^Link carer$")
    carers = page.locator("#carers ~ dl").first
    await expect(carers).to_contain_text("PSN-0061")
    await expect(carers).to_contain_text("Partner")
    await expect(carers).to_contain_text("Text message")
    body = await page.locator("main").inner_text()
    assert not CODES.search(body), CODES.search(body)
    await check_page(page, "journey-carer")

    await page.get_by_role("button", name="Link carer").click()  # nothing chosen
    await expect(summary).to_contain_text("Enter the reference of the carer's own record")
    await expect(summary).to_contain_text("Choose how the carer wants to be contacted")
