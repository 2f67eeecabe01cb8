"""The receiving organisation's own pages beyond the inbox: Our services (capacity, opening
times, freshness), the organisation's notification settings and each worker's own."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kith_web.partner import (
    capacity,
    my_notifications,
    notification_settings,
    opening_times,
    our_services,
    webhook_endpoints,
)


def routes() -> list[BaseRoute]:
    return [
        *our_services.routes(),
        *capacity.routes(),
        *opening_times.routes(),
        *notification_settings.routes(),
        *my_notifications.routes(),
        *webhook_endpoints.routes(),
    ]
