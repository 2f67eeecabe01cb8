"""The browser's assets, all served from the pinned npm packages by this service (no CDN).

The NHS.UK stylesheet declares its Frutiger web font at assets.nhs.uk, which is licensed to
NHS.UK's own domain and would be a request to another origin at run time. We serve the pinned
stylesheet with those @font-face rules removed, so pages use the design system's own fallback
(Arial) and the CSP can keep font-src 'self'.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kith_web.config import PACKAGE_DIR

_REMOTE_FONT = re.compile(r"@font-face\{[^}]*https://[^}]*\}")
STYLESHEET = "/static/nhsuk.css"


def self_hosted_css(css: str) -> str:
    return _REMOTE_FONT.sub("", css)


def asset_routes(node_modules: Path) -> list[BaseRoute]:
    nhsuk = node_modules / "nhsuk-frontend" / "dist" / "nhsuk"
    css = self_hosted_css((nhsuk / "nhsuk-frontend.min.css").read_text()).encode()

    async def stylesheet(_: Request) -> Response:
        return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})

    return [
        Route(STYLESHEET, stylesheet),
        Mount("/assets", StaticFiles(directory=nhsuk / "assets")),  # the CSS's own url()s
        Mount("/static/nhsuk", StaticFiles(directory=nhsuk)),
        Mount("/static/htmx", StaticFiles(directory=node_modules / "htmx.org" / "dist")),
        Mount("/static/kith", StaticFiles(directory=PACKAGE_DIR / "static")),
    ]
