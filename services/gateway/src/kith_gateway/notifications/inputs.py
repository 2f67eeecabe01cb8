"""GraphQL inputs for notifications: what an organisation subscribes to, and how."""

from __future__ import annotations

import strawberry

from kith_gateway.notifications.types import DigestFrequency, NotificationChannel


@strawberry.input
class NotificationSubscriptionInput:
    event_types: list[str] = strawberry.field(
        description="Event types such as referral.received (see notificationEventTypes)."
    )
    channel: NotificationChannel
    endpoint_id: strawberry.ID | None = None
    email: str | None = strawberry.field(default=None, description="For the email channel.")
    digest: DigestFrequency | None = strawberry.field(
        default=None, description="For email: immediate (default), hourly or daily."
    )
    service_ids: list[str] | None = strawberry.field(
        default=None, description="Only events about these services of your organisation."
    )
    area_codes: list[str] | None = strawberry.field(
        default=None, description="Only events about services in these ONS areas (LSOA/MSOA/LAD)."
    )
    need_codes: list[str] | None = strawberry.field(
        default=None, description="Only events about services meeting these needs."
    )
