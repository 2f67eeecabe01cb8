"""Mutations for an organisation admin: endpoints, secrets, subscriptions, replay."""

from __future__ import annotations

from datetime import timedelta

import strawberry

from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError
from kith_gateway.notifications import deliveries, endpoints, subscriptions
from kith_gateway.notifications.domain import InvalidInput, check_idempotency_key, overlap_of
from kith_gateway.notifications.inputs import NotificationSubscriptionInput
from kith_gateway.notifications.resolvers import (
    MAX_WAIT_SECONDS,
    EndpointResult,
    RemoveEndpointResult,
    RemoveResult,
    ReplayResult,
    RotateResult,
    SaveResult,
    VerifyResult,
    require_admin,
    subscription_spec,
)
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
    NotificationSubscription,
    WebhookEndpoint,
)


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(
        description="Register a webhook endpoint. Kith sends it a signed verification ping that "
        "it must answer with 2xx before it receives anything; waits up to waitSeconds for that."
    )
    async def register_webhook_endpoint(
        self, info: Info, idempotency_key: str, url: str, wait_seconds: int = 10
    ) -> EndpointResult:
        principal = require_admin(info)
        graph, org = info.context.graph, principal.organisation_id
        try:
            check_idempotency_key(idempotency_key)
            checked = await endpoints.check_url(url, info.context.config.egress)
            keys = info.context.config.data_keys
            row = await endpoints.register(graph, org, idempotency_key, checked, keys)
        except InvalidInput as exc:
            if exc.field == "idempotencyKey" and "already used" in exc.message:
                return ConflictError(message=exc.message)
            return InputError(field=exc.field, message=exc.message)
        wait = timedelta(seconds=min(max(wait_seconds, 0), MAX_WAIT_SECONDS))
        current = await endpoints.wait_for_verification(graph, org, row["id"], wait)
        return WebhookEndpointRegistered(
            endpoint=WebhookEndpoint.of(current), secret=row["secret"], created=row["created"]
        )

    @strawberry.mutation(description="Ping the endpoint again (after fixing it).")
    async def verify_webhook_endpoint(self, info: Info, endpoint_id: strawberry.ID) -> VerifyResult:
        principal = require_admin(info)
        try:
            row = await endpoints.reverify(
                info.context.graph, principal.organisation_id, str(endpoint_id)
            )
        except endpoints.EndpointNotFound as exc:
            return NotFoundError(message=str(exc))
        return WebhookVerificationStarted(endpoint=WebhookEndpoint.of(row))

    @strawberry.mutation(
        description="Stop sending to the endpoint, and stop the subscriptions that send to it "
        "(their delivery log is kept). Removing it again answers the same."
    )
    async def remove_webhook_endpoint(
        self, info: Info, endpoint_id: strawberry.ID
    ) -> RemoveEndpointResult:
        principal = require_admin(info)
        try:
            await endpoints.remove(info.context.graph, principal.organisation_id, str(endpoint_id))
        except endpoints.EndpointNotFound as exc:
            return NotFoundError(message=str(exc))
        return WebhookEndpointRemoved(id=endpoint_id)

    @strawberry.mutation(
        description="Replace the endpoint's secret. During the overlap (default 24 h) every "
        "message is signed with both secrets; after it, only with the new one."
    )
    async def rotate_webhook_secret(
        self,
        info: Info,
        endpoint_id: strawberry.ID,
        idempotency_key: str,
        overlap_seconds: int | None = None,
    ) -> RotateResult:
        principal = require_admin(info)
        try:
            check_idempotency_key(idempotency_key)
            overlap = overlap_of(overlap_seconds)
            row = await endpoints.rotate(
                info.context.graph,
                principal.organisation_id,
                str(endpoint_id),
                idempotency_key,
                overlap,
                info.context.config.data_keys,
            )
        except InvalidInput as exc:
            return InputError(field=exc.field, message=exc.message)
        except endpoints.EndpointNotFound as exc:
            return NotFoundError(message=str(exc))
        return WebhookSecretRotated(endpoint=WebhookEndpoint.of(row), secret=row["secret"])

    @strawberry.mutation(description="Subscribe your organisation to event types on a channel.")
    async def create_notification_subscription(
        self, info: Info, idempotency_key: str, input: NotificationSubscriptionInput
    ) -> SaveResult:
        principal = require_admin(info)
        try:
            check_idempotency_key(idempotency_key)
            row, created = await subscriptions.create(
                info.context.graph,
                principal.organisation_id,
                idempotency_key,
                subscription_spec(input),
            )
        except InvalidInput as exc:
            return InputError(field=exc.field, message=exc.message)
        except subscriptions.SubscriptionNotFound as exc:
            return NotFoundError(message=str(exc))
        except subscriptions.SubscriptionConflict as exc:
            return ConflictError(message=str(exc))
        return SubscriptionSaved(subscription=NotificationSubscription.of(row), created=created)

    @strawberry.mutation(description="Replace a subscription's event types, channel and filters.")
    async def update_notification_subscription(
        self, info: Info, id: strawberry.ID, input: NotificationSubscriptionInput
    ) -> SaveResult:
        principal = require_admin(info)
        try:
            row = await subscriptions.update(
                info.context.graph, principal.organisation_id, str(id), subscription_spec(input)
            )
        except InvalidInput as exc:
            return InputError(field=exc.field, message=exc.message)
        except subscriptions.SubscriptionNotFound as exc:
            return NotFoundError(message=str(exc))
        return SubscriptionSaved(subscription=NotificationSubscription.of(row), created=False)

    @strawberry.mutation(description="Stop a subscription (its delivery history is kept).")
    async def remove_notification_subscription(self, info: Info, id: strawberry.ID) -> RemoveResult:
        principal = require_admin(info)
        try:
            await subscriptions.remove(info.context.graph, principal.organisation_id, str(id))
        except subscriptions.SubscriptionNotFound as exc:
            return NotFoundError(message=str(exc))
        return SubscriptionRemoved(id=id)

    @strawberry.mutation(description="Send a dead-lettered delivery again, with a fresh window.")
    async def replay_delivery(self, info: Info, delivery_id: strawberry.ID) -> ReplayResult:
        principal = require_admin(info)
        try:
            await deliveries.replay(info.context.graph, principal.organisation_id, str(delivery_id))
        except deliveries.DeliveryNotFound as exc:
            return NotFoundError(message=str(exc))
        except deliveries.NotDead as exc:
            return ConflictError(message=str(exc))
        return DeliveryReplayed(delivery_id=delivery_id)
