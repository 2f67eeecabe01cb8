"""Every page's routes, gathered for the app. A new area of pages adds its module here."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kith_web.lead import pages as lead
from kith_web.pages import home


def page_routes() -> list[BaseRoute]:
    return [*home.routes(), *lead.routes()]
