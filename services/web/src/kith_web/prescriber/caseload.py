"""The prescriber's caseload: the people their organisation works with, what needs them first
(declined, waiting too long, a proposal to answer, a check-in overdue), then everyone."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.web import call, render, user

CASELOAD = """{ caseload { id pseudonym needs homeArea tiers openReferrals escalatedReferrals
  declinedReferrals proposals }
  lapsedContacts { personId checkIn { daysOverdue } } }"""


def attention(person: dict[str, Any], overdue: dict[str, int]) -> list[str]:
    """What needs the practitioner about this person, in words."""
    said = []
    if person["proposals"]:
        said.append("A different service is suggested: answer it")
    if person["declinedReferrals"]:
        said.append("A referral was declined")
    if person["escalatedReferrals"]:
        said.append("A referral is waiting too long")
    days = overdue.get(person["id"])
    if days is not None:
        said.append(f"Check-in overdue by {days} day{'' if days == 1 else 's'}")
    return said


async def caseload(request: Request) -> Response:
    await user(request)
    data = await call(request, CASELOAD)
    overdue = {x["personId"]: x["checkIn"]["daysOverdue"] for x in data["lapsedContacts"]}
    people = [{**p, "attention": attention(p, overdue)} for p in data["caseload"]]
    context = {"people": people, "needing": [p for p in people if p["attention"]]}
    return await render(request, "caseload/page.html", context)


def routes() -> list[BaseRoute]:
    return [Route("/caseload", caseload)]
