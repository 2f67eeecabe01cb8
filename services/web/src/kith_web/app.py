"""The web service's HTTP edge: routes, static assets from the pinned npm packages, security
headers and error pages. Wiring (settings, clients) happens in bootstrap."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from kith_common.auth import JwksVerifier
from kith_common.metrics import TelemetryMiddleware
from kith_common.web import ReadinessCheck, RequestContextMiddleware, health_routes
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.templating import Jinja2Templates
from starlette.types import Lifespan

from kith_web.assets import asset_routes
from kith_web.auth import auth_routes
from kith_web.components import CachedComponents
from kith_web.config import PACKAGE_DIR, WebConfig
from kith_web.errors import HANDLERS
from kith_web.headers import SecurityHeaders
from kith_web.pages import page_routes


def templates() -> Jinja2Templates:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(PACKAGE_DIR / "templates"), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,  # the NHS.UK macros read optional nested parameters
        autoescape=True,
        # Templates ship inside the package and change only with a release: checking every
        # imported macro file's mtime on each use cost a referral's page ~120 stat calls.
        auto_reload=False,
    )
    env.globals["cached"] = CachedComponents(env)
    return Jinja2Templates(env=env)


def create_app(
    config: WebConfig,
    verifier: JwksVerifier,
    checks: Mapping[str, ReadinessCheck],
    lifespan: Lifespan[Starlette],
) -> Starlette:
    issuer = urlsplit(config.oidc_issuer)
    return Starlette(
        routes=[
            *page_routes(),
            *auth_routes(verifier),
            *asset_routes(config.node_modules),
            *health_routes(checks),
        ],
        middleware=[
            Middleware(TelemetryMiddleware),  # /metrics, request counts, the request's span
            Middleware(RequestContextMiddleware),
            # Compressed responses: the public results page stays within 150 KB on a phone.
            Middleware(GZipMiddleware, minimum_size=1000),
            Middleware(
                SecurityHeaders,
                sign_in_origin=f"{issuer.scheme}://{issuer.netloc}",
                hsts=config.secure_cookies,
            ),
        ],
        exception_handlers=dict(HANDLERS),
        lifespan=lifespan,
    )
