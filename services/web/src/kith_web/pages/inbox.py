"""The receiving organisation's inbox: counts and filters (new, accepted, in progress,
waiting too long), a list with names instead of ids, and arrivals live."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.pages.labels import STATUS, STATUS_COLOUR
from kith_web.pages.live import event_stream
from kith_web.web import call, render, user

OPEN = ["requested", "received", "accepted", "in-progress", "on-hold"]
INBOX = """query($status: [String!]) { referrals(first: 100, status: $status) { edges { node {
  id status version createdAt escalationLevel businessStatus selfReferral
  person { pseudonym } names { service fromOrganisation } } } } }"""
FINGERPRINT = """query($status: [String!]) { referrals(first: 100, status: $status) {
  edges { node { id version } } } }"""

# filter → (label, which open referrals it shows)
FILTERS: dict[str, tuple[str, Any]] = {
    "new": ("New", lambda r: r["status"] in ("requested", "received")),
    "accepted": ("Accepted", lambda r: r["status"] == "accepted"),
    "in-progress": ("In progress", lambda r: r["status"] in ("in-progress", "on-hold")),
    "waiting": ("Waiting too long", lambda r: r["escalationLevel"] > 0),
}


def _row(node: dict[str, Any]) -> dict[str, Any]:
    return {
        **node,
        "status_text": STATUS.get(node["status"], node["status"]),
        "colour": STATUS_COLOUR.get(node["status"], "grey"),
        "created": datetime.fromisoformat(node["createdAt"]),
    }


async def _inbox(request: Request) -> dict[str, Any]:
    data = await call(request, INBOX, {"status": OPEN})
    rows = [_row(edge["node"]) for edge in data["referrals"]["edges"]]
    show = request.query_params.get("show", "new")
    show = show if show in FILTERS else "new"
    counts = {key: sum(1 for r in rows if test(r)) for key, (_, test) in FILTERS.items()}
    return {
        "filters": [(key, label, counts[key]) for key, (label, _) in FILTERS.items()],
        "show": show,
        "shown_label": FILTERS[show][0],
        "rows": [r for r in rows if FILTERS[show][1](r)],
    }


async def inbox(request: Request) -> Response:
    await user(request)
    return await render(request, "inbox/page.html", await _inbox(request))


async def inbox_region(request: Request) -> Response:
    """The live region alone (htmx swaps it in when something arrived or moved)."""
    await user(request)
    return await render(request, "inbox/region.html", await _inbox(request))


async def inbox_events(request: Request) -> Response:
    await user(request)

    async def fingerprint() -> str:
        data = await call(request, FINGERPRINT, {"status": OPEN})
        return ",".join(
            f"{e['node']['id']}:{e['node']['version']}" for e in data["referrals"]["edges"]
        )

    return event_stream(request, fingerprint)


def routes() -> list[BaseRoute]:
    return [
        Route("/inbox", inbox),
        Route("/inbox/region", inbox_region),
        Route("/inbox/events", inbox_events),
    ]
