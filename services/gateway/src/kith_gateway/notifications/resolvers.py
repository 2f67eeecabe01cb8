"""Queries and mutations for an organisation admin (role org_admin), own organisation only.
Thin: parse, authorise, call a use case, map errors to typed results."""

from __future__ import annotations

from typing import Annotated

import strawberry
from kith_common.auth import Principal, Role
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.notifications import deliveries, endpoints, subscriptions
from kith_gateway.notifications.domain import (
    EVENT_TYPES,
    InvalidInput,
    SubscriptionSpec,
    validate_subscription,
)
from kith_gateway.notifications.inputs import NotificationSubscriptionInput
from kith_gateway.notifications.results import (
    DeliveryReplayed,
    SubscriptionRemoved,
    SubscriptionSaved,
    WebhookEndpointRegistered,
    WebhookEndpointRemoved,
    WebhookSecretRotated,
    WebhookVerificationStarted,
)
from kith_gateway.notifications.types import (
    DeliveryLog,
    DeliveryStatus,
    NotificationDelivery,
    NotificationSubscription,
    WebhookEndpoint,
)

MAX_WAIT_SECONDS = 30

EndpointResult = Annotated[
    WebhookEndpointRegistered | InputError | ConflictError,
    strawberry.union("RegisterWebhookEndpointResult"),
]
RotateResult = Annotated[
    WebhookSecretRotated | InputError | NotFoundError, strawberry.union("RotateWebhookSecretResult")
]
VerifyResult = Annotated[
    WebhookVerificationStarted | NotFoundError, strawberry.union("VerifyWebhookEndpointResult")
]
RemoveEndpointResult = Annotated[
    WebhookEndpointRemoved | NotFoundError, strawberry.union("RemoveWebhookEndpointResult")
]
SaveResult = Annotated[
    SubscriptionSaved | InputError | NotFoundError | ConflictError,
    strawberry.union("SaveNotificationSubscriptionResult"),
]
RemoveResult = Annotated[
    SubscriptionRemoved | NotFoundError, strawberry.union("RemoveNotificationSubscriptionResult")
]
ReplayResult = Annotated[
    DeliveryReplayed | NotFoundError | ConflictError, strawberry.union("ReplayDeliveryResult")
]


def require_admin(info: Info) -> Principal:
    principal = info.context.require_principal()
    if not principal.has(Role.ORG_ADMIN):
        raise forbidden("managing notifications needs the org_admin role")
    return principal


def subscription_spec(input: NotificationSubscriptionInput) -> SubscriptionSpec:
    return validate_subscription(
        event_types=input.event_types,
        channel=input.channel.value,
        endpoint_id=str(input.endpoint_id) if input.endpoint_id else None,
        email=input.email,
        digest=input.digest.value if input.digest else None,
        service_ids=input.service_ids,
        area_codes=input.area_codes,
        need_codes=input.need_codes,
    )


@strawberry.type
class NotificationQuery:
    @strawberry.field(description="Event types an organisation can subscribe to.")
    def notification_event_types(self) -> list[str]:
        return sorted(EVENT_TYPES)

    @strawberry.field(description="Your organisation's webhook endpoints (org_admin).")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        principal = require_admin(info)
        rows = await endpoints.listing(info.context.graph, principal.organisation_id)
        return [WebhookEndpoint.of(row) for row in rows]

    @strawberry.field(description="What your organisation receives, and how (org_admin).")
    async def notification_subscriptions(self, info: Info) -> list[NotificationSubscription]:
        principal = require_admin(info)
        rows = await subscriptions.listing(info.context.graph, principal.organisation_id)
        return [NotificationSubscription.of(row) for row in rows]

    @strawberry.field(description="Deliveries to your organisation, newest first (org_admin).")
    async def delivery_log(
        self,
        info: Info,
        status: DeliveryStatus | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> DeliveryLog:
        principal = require_admin(info)
        try:
            rows = await deliveries.log(
                info.context.graph,
                principal.organisation_id,
                status.value if status else None,
                first,
                after,
            )
        except InvalidInput as exc:
            raise StrawberryGraphQLError(
                f"{exc.field}: {exc.message}", extensions={"code": "BAD_USER_INPUT"}
            ) from None
        cursor = deliveries.cursor_of(rows[-1]) if len(rows) == first else None
        return DeliveryLog(
            deliveries=[NotificationDelivery.of(r) for r in rows], next_cursor=cursor
        )
