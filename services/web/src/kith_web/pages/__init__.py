"""Every page's routes, gathered for the app. A new area of pages adds its module here."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kith_web import partner
from kith_web.journey import evaluation
from kith_web.journey import pages as journey
from kith_web.lead import pages as lead
from kith_web.meetings import pages as meetings
from kith_web.pages import home, inbox, referral
from kith_web.prescriber import routes as prescriber
from kith_web.public import pages as public


def page_routes() -> list[BaseRoute]:
    # The public directory is the front page ("/").
    return [
        *public.routes(),
        *home.routes(),
        *inbox.routes(),
        *referral.routes(),
        *lead.routes(),
        *journey.routes(),
        *evaluation.routes(),
        *prescriber.routes(),
        *partner.routes(),
        *meetings.routes(),
    ]
