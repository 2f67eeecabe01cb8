"""The social prescriber's day in a real browser, keyboard only: the caseload, recording a
person (home area found by a place name), their page, matches with reasons, consent and
referral in one submit, the referral's timeline moving live when the service accepts it, and
the person's page and caseload showing it. Every page passes axe and works at 320 px. A
double-submitted consent-and-refer form makes one referral."""

from __future__ import annotations

import re
import uuid
from typing import Any

from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.prescriber import (
    accept_when_delivered,
    as_user,
    escalate_past_both_deadlines,
    make_matchable,
    refer_and_deliver,
)
from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_stack import WebStack

CREATE = """mutation($i: CreatePersonInput!) { createPerson(input: $i) {
  __typename ... on PersonSaved { person { id } } } }"""
REFERRALS = "{ referrals(first: 100) { edges { node { id person { id } } } } }"
PROPOSAL = "query($id: ID!) { proposedAlternative(referralId: $id) { status } }"


async def _type_into(page: Page, label: str, text: str) -> None:
    await tab_to(page, label)
    await page.keyboard.type(text)


async def test_a_prescriber_records_matches_consents_and_refers_by_keyboard(
    web_stack: WebStack, district: Graph, router: str, page: Page
) -> None:
    await make_matchable(district)
    await sign_in(page, web_stack.web, "prescriber", "/start")
    assert page.url == f"{web_stack.web}/caseload"  # the prescriber's first page
    await expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    await check_page(page, "prescriber-caseload-empty")

    await activate_by_keyboard(page, "^Record a person$")
    await _type_into(page, "^Your reference for this person", "BD-PRESC-0001")
    await _type_into(page, "^Neighbourhood, town or postcode", "Bradford 016")
    await activate_by_keyboard(page, "^Find neighbourhoods$")
    await expect(page.get_by_text("Neighbourhoods near Bradford 016")).to_be_visible()
    await check_page(page, "prescriber-record-person")
    await tab_to(page, "^Bradford 016A")
    await page.keyboard.press("Space")
    await _the_neighbourhood_map_ticks_the_radio_of_the_one_clicked(page, "Bradford 016A")
    await tab_to(page, "^Loneliness$")
    await page.keyboard.press("Space")
    await _type_into(page, "^What matters to them", "Meeting people who speak Urdu")
    await _type_into(page, "^Age", "25")  # the select jumps to "25 to 34"
    for choice in ("^Monday$", "^Friday$", "^Mornings"):
        await tab_to(page, choice)
        await page.keyboard.press("Space")
    await activate_by_keyboard(page, "^Save$")
    assert re.fullmatch(rf"{web_stack.web}/people/[0-9a-f-]+", page.url)
    person_id = page.url.rsplit("/", 1)[1]
    await expect(page.get_by_role("heading", name="BD-PRESC-0001")).to_be_visible()
    await expect(page.get_by_text("Bradford 016A")).to_be_visible()  # a name, never a code
    await expect(page.get_by_text("Mondays and Fridays: mornings")).to_be_visible()
    await expect(page.get_by_text("25 to 34")).to_be_visible()
    await expect(page.get_by_text("They have not agreed to share anything yet")).to_be_visible()
    await check_page(page, "prescriber-person")

    await activate_by_keyboard(page, "^Find services that fit$")
    await expect(page.get_by_role("heading", name="Services that fit")).to_be_visible()
    await expect(page.get_by_text("Helps with Loneliness").first).to_be_visible()
    await expect(page.get_by_text("Speaks English", exact=True).first).to_be_visible()  # a name
    await _the_map_marks_each_match_with_a_place_by_its_number(page)
    await check_page(page, "prescriber-matches")

    await activate_by_keyboard(page, "^Refer to ")  # no consent yet: the consent form
    assert f"/people/{person_id}/consent?service=" in page.url
    await expect(page.get_by_text("Read this to them")).to_be_visible()
    await check_page(page, "prescriber-consent")
    await expect(page.get_by_role("button", name="Print the statement")).to_be_visible()
    await page.emulate_media(media="print")  # printed: the statement to keep, not the form
    await expect(page.locator("#statement")).to_contain_text("With your agreement, I will share")
    await expect(page.get_by_text("BD-PRESC-0001 was read this statement on")).to_be_visible()
    await expect(page.get_by_role("button", name="They agree: refer them to")).to_be_hidden()
    await expect(page.get_by_role("link", name="Sign out")).to_be_hidden()
    await page.emulate_media(media="screen")
    await tab_to(page, "^They said yes, in person or on the phone$")
    await page.keyboard.press("Space")
    await activate_by_keyboard(page, "^They agree: refer them to ")
    assert re.fullmatch(rf"{web_stack.web}/referrals/[0-9a-f-]+", page.url)
    referral_id = page.url.rsplit("/", 1)[1]
    await expect(page.get_by_text("BD-PRESC-0001")).to_be_visible()
    await check_page(page, "prescriber-referral-sent")

    await accept_when_delivered(web_stack, referral_id)
    await expect(page.get_by_text("Accepted", exact=True).first).to_be_visible(timeout=60_000)
    assert page.url.endswith(f"/referrals/{referral_id}")  # live: no reload, no navigation

    await page.goto(f"{web_stack.web}/people/{person_id}")
    await expect(page.locator("#person-live").get_by_text("Accepted")).to_be_visible()
    await expect(page.get_by_text("they agreed to share")).to_be_visible()
    await page.goto(f"{web_stack.web}/caseload")
    row = page.get_by_role("row").filter(has_text="BD-PRESC-0001")
    await expect(row).to_contain_text("Loneliness")
    await expect(row).to_contain_text("Bradford 016A")
    await check_page(page, "prescriber-caseload")


async def test_a_double_submitted_consent_and_refer_form_makes_one_referral(
    web_stack: WebStack, district: Graph, router: str, page: Page
) -> None:
    await make_matchable(district)
    profile = {"homeArea": "E01010568", "needs": ["loneliness"], "maxTravelKm": 5.0}
    given = {"idempotencyKey": str(uuid.uuid4()), "pseudonym": "BD-PRESC-0002", "profile": profile}
    saved = await as_user(web_stack, "prescriber", CREATE, {"i": given})
    person_id = saved["createPerson"]["person"]["id"]
    await sign_in(page, web_stack.web, "prescriber", f"/people/{person_id}/matches")
    service_id = await page.locator("input[name=service_id]").first.input_value()
    await page.goto(f"{web_stack.web}/people/{person_id}/consent?service={service_id}")
    fields: dict[str, Any] = {
        "csrf_token": await page.locator("input[name=csrf_token]").first.input_value(),
        "idempotency_key": await page.locator("input[name=idempotency_key]").input_value(),
        "method": "VERBAL",
        "months": "6",
        "purpose": "REFERRAL",
    }
    organisations = await page.locator("input[name=organisations]:checked").input_value()
    body = "&".join(
        [f"{k}={v}" for k, v in fields.items()]
        + [f"organisations={organisations}"]
        + [f"categories={c}" for c in ("PSEUDONYM", "HOME_AREA", "REFERRAL_REASON")]
    )
    url = f"{web_stack.web}/people/{person_id}/consent?service={service_id}"
    headers = {"content-type": "application/x-www-form-urlencoded"}
    first = await page.request.post(url, data=body, headers=headers, max_redirects=0)
    again = await page.request.post(url, data=body, headers=headers, max_redirects=0)
    assert first.status == again.status == 303
    assert first.headers["location"] == again.headers["location"]
    assert first.headers["location"].startswith("/referrals/")
    found = await as_user(web_stack, "prescriber", REFERRALS, {})
    mine = [e for e in found["referrals"]["edges"] if e["node"]["person"]["id"] == person_id]
    assert len(mine) == 1


async def test_a_next_best_proposal_is_answered_from_the_persons_page(
    web_stack: WebStack, district: Graph, router: str, page: Page
) -> None:
    await make_matchable(district)
    profile = {"homeArea": "E01010568", "needs": ["loneliness"], "maxTravelKm": 10.0}
    given = {"idempotencyKey": str(uuid.uuid4()), "pseudonym": "BD-PRESC-0003", "profile": profile}
    saved = await as_user(web_stack, "prescriber", CREATE, {"i": given})
    person_id = saved["createPerson"]["person"]["id"]
    referral_id = await refer_and_deliver(web_stack, "BD-PRESC-0003", person_id)
    await escalate_past_both_deadlines(district, referral_id)

    await sign_in(page, web_stack.web, "prescriber", f"/people/{person_id}")
    await expect(page.get_by_role("heading", name="Suggested instead")).to_be_visible()
    await expect(page.get_by_text("Kith suggests")).to_be_visible()
    await check_page(page, "prescriber-proposal")
    await activate_by_keyboard(page, "^Keep the referral to ")
    assert page.url == f"{web_stack.web}/people/{person_id}"
    await expect(page.get_by_role("heading", name="Suggested instead")).to_have_count(0)
    await expect(page.get_by_text("You kept the referral to ")).to_be_visible()
    answer = await as_user(web_stack, "prescriber", PROPOSAL, {"id": referral_id})
    assert answer["proposedAlternative"]["status"] == "declined"


async def _the_map_marks_each_match_with_a_place_by_its_number(page: Page) -> None:
    """The small map: inline (no URL that could hold their area), named and described, their
    home neighbourhood outlined, one number on it for each listed match that has a place."""
    the_map = page.get_by_role("img", name="Map of the services that fit")
    await expect(the_map).to_be_visible()
    assert "Each service with a place to go is marked" in (
        await the_map.locator("desc").text_content() or ""
    )
    assert await the_map.locator("path.h").count() == 1
    numbers = [
        n for t in await the_map.locator("g.m text").all_text_contents() for n in t.split(", ")
    ]
    cards = page.locator("ol > li.nhsuk-card")
    placed = [
        (await card.locator("h2").inner_text()).split(".", 1)[0]
        for card in await cards.all()
        if " km away" in await card.inner_text()
    ]
    assert placed
    assert sorted(numbers, key=int) == placed


async def _the_neighbourhood_map_ticks_the_radio_of_the_one_clicked(
    page: Page, chosen: str
) -> None:
    """One labelled shape per neighbourhood found; a click ticks its radio (kith.js). Ends as
    it began: `chosen` ticked and focused."""
    the_map = page.get_by_role("group", name="Map of the neighbourhoods found")
    shapes = the_map.get_by_role("link")
    radios = page.locator("input[name=home_area]")
    assert await shapes.count() == await radios.count() > 1
    other = next(
        name
        for name in [await s.get_attribute("aria-label") or "" for s in await shapes.all()]
        if not name.startswith(chosen)
    )
    await the_map.get_by_role("link", name=other).click()
    await expect(page.get_by_role("radio", name=other.removesuffix(" on the map"))).to_be_checked()
    await expect(page.get_by_role("radio", name=chosen)).not_to_be_checked()
    await the_map.get_by_role("link", name=f"{chosen} on the map").click()
    await expect(page.get_by_role("radio", name=chosen)).to_be_checked()
    await expect(page.get_by_role("radio", name=chosen)).to_be_focused()
    assert "#" not in page.url  # the click did not follow the link
