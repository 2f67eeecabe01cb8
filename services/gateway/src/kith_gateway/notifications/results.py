"""GraphQL result types of the notification mutations (errors are the shared InputError,
NotFoundError and ConflictError)."""

from __future__ import annotations

import strawberry

from kith_gateway.notifications.types import NotificationSubscription, WebhookEndpoint


@strawberry.type
class WebhookEndpointRegistered:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(description="Shown once: verify our signatures with it.")
    created: bool


@strawberry.type
class WebhookSecretRotated:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="The new secret; the old one works until endpoint.previousSecretValidUntil."
    )


@strawberry.type
class WebhookVerificationStarted:
    endpoint: WebhookEndpoint


@strawberry.type
class WebhookEndpointRemoved:
    id: strawberry.ID


@strawberry.type
class SubscriptionSaved:
    subscription: NotificationSubscription
    created: bool


@strawberry.type
class SubscriptionRemoved:
    id: strawberry.ID


@strawberry.type
class DeliveryReplayed:
    delivery_id: strawberry.ID
