"""Local-only helpers in one process: the development token issuer (port 8009) and a demo
partner webhook receiver (port 8010) that verifies and logs what it is sent."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import uvicorn
from kith_common.logging import configure_logging, get_logger
from kith_common.settings import Settings
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_users import demo_users
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import REPO_ROOT
from kith_devstack.up import (
    DEMO_AREAS,
    DEMO_SEED,
    ISSUER_PORT,
    PARTNER_PORT,
    PARTNER_SECRET_FILE,
)

log = get_logger("kith.devservices")


def partner_app(secret: str) -> Starlette:
    """What a partner's system does: verify the signature, then accept (or refuse)."""

    async def hook(request: Request) -> Response:
        body = await request.body()
        try:
            payload = Webhook(secret).verify(body, dict(request.headers))
        except WebhookVerificationError:
            log.warning("partner_webhook_refused", webhook_id=request.headers.get("webhook-id"))
            return Response(status_code=401)
        log.info(
            "partner_webhook_received",
            webhook_id=request.headers.get("webhook-id"),
            type=payload["type"],
            referral_id=payload["data"].get("referral_id"),
        )
        return Response(status_code=204)

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


async def serve_all(settings: Settings, state: Path) -> None:
    if not (settings.is_local or settings.environment == "test"):
        raise SystemExit("the development issuer only runs with KITH_ENV=local")
    services = generate_directory(read_areas(REPO_ROOT / DEMO_AREAS), seed=DEMO_SEED)
    issuer = DevIssuer.load_or_create(
        state / "dev-issuer-key.pem", settings.jwt_issuer, settings.jwt_audience
    )
    servers = [
        uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
        )
        for app, port in (
            (issuer_app(issuer, demo_users(services)), ISSUER_PORT),
            (partner_app((state / PARTNER_SECRET_FILE).read_text()), PARTNER_PORT),
        )
    ]
    await asyncio.gather(*(server.serve() for server in servers))


def main() -> None:
    settings = Settings.from_env()
    configure_logging("devservices", settings.log_level)
    state = Path(os.environ.get("KITH_STATE_DIR", REPO_ROOT / ".state"))
    asyncio.run(serve_all(settings, state))


if __name__ == "__main__":
    main()
