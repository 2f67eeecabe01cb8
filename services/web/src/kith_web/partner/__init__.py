"""The receiving organisation's own pages beyond the inbox: Our services (capacity, opening
times, freshness) and the organisation's notification settings."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kith_web.partner import capacity, notification_settings, opening_times, our_services


def routes() -> list[BaseRoute]:
    return [
        *our_services.routes(),
        *capacity.routes(),
        *opening_times.routes(),
        *notification_settings.routes(),
    ]
