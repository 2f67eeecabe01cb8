"""GraphQL types for notifications (outputs, inputs, enums) and their mapping from rows."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry


def _dt(value: Any) -> datetime | None:
    return None if value is None else value.to_native()


@strawberry.enum
class NotificationChannel(Enum):
    WEBHOOK = "webhook"
    EMAIL = "email"
    INBOX = "inbox"


@strawberry.enum
class DigestFrequency(Enum):
    IMMEDIATE = "immediate"
    HOURLY = "hourly"
    DAILY = "daily"


@strawberry.enum
class EndpointStatus(Enum):
    VERIFYING = "verifying"
    VERIFIED = "verified"
    FAILED = "failed"


@strawberry.enum
class CircuitState(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


@strawberry.enum
class DeliveryStatus(Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


@strawberry.type(description="Where your organisation's system receives signed webhooks.")
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    status: EndpointStatus
    created_at: datetime | None
    verified_at: datetime | None
    verification_error: str | None
    verification_status_code: int | None
    circuit: CircuitState
    blocked_until: datetime | None
    previous_secret_valid_until: datetime | None = strawberry.field(
        description="Until then messages carry signatures with both the new and the old secret."
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(row["id"]),
            url=row["url"],
            status=EndpointStatus(row["status"]),
            created_at=_dt(row["created_at"]),
            verified_at=_dt(row["verified_at"]),
            verification_error=row["verification_error"],
            verification_status_code=row["verification_status_code"],
            circuit=CircuitState(row["circuit"]),
            blocked_until=_dt(row["blocked_until"]),
            previous_secret_valid_until=_dt(row["previous_secret_valid_until"]),
        )


@strawberry.type
class NotificationSubscription:
    id: strawberry.ID
    event_types: list[str]
    channel: NotificationChannel
    endpoint_id: strawberry.ID | None
    email: str | None
    digest: DigestFrequency
    service_ids: list[str]
    area_codes: list[str]
    need_codes: list[str]
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> NotificationSubscription:
        return cls(
            id=strawberry.ID(row["id"]),
            event_types=list(row["event_types"] or []),
            channel=NotificationChannel(row["channel"]),
            endpoint_id=strawberry.ID(row["endpoint_id"]) if row["endpoint_id"] else None,
            email=row["email"],
            digest=DigestFrequency(row["digest"] or "immediate"),
            service_ids=list(row["service_ids"] or []),
            area_codes=list(row["area_codes"] or []),
            need_codes=list(row["need_codes"] or []),
            created_at=_dt(row["created_at"]),
            updated_at=_dt(row["updated_at"]),
        )


@strawberry.type
class DeliveryAttempt:
    number: int
    at: datetime | None
    status_code: int | None
    latency_ms: float | None
    error: str | None


@strawberry.type(description="One event owed to one destination, with every attempt made.")
class NotificationDelivery:
    id: strawberry.ID
    event_id: strawberry.ID
    type: str
    aggregate_id: str | None
    channel: NotificationChannel
    status: DeliveryStatus
    endpoint_id: strawberry.ID | None
    subscription_id: strawberry.ID | None
    created_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    dead_at: datetime | None
    attempts: list[DeliveryAttempt]

    @classmethod
    def of(cls, row: dict[str, Any]) -> NotificationDelivery:
        return cls(
            id=strawberry.ID(row["id"]),
            event_id=strawberry.ID(row["event_id"]),
            type=row["type"] or "",
            aggregate_id=row["aggregate_id"],
            channel=NotificationChannel(row["channel"]),
            status=DeliveryStatus(row["status"]),
            endpoint_id=row["endpoint_id"],
            subscription_id=row["subscription_id"],
            created_at=_dt(row["created_at"]),
            next_attempt_at=_dt(row["next_attempt_at"]) if row["status"] == "pending" else None,
            delivered_at=_dt(row["delivered_at"]),
            dead_at=_dt(row["dead_at"]),
            attempts=[
                DeliveryAttempt(
                    number=a["n"],
                    at=_dt(a["at"]),
                    status_code=a["status_code"],
                    latency_ms=a["ms"],
                    error=a["error"],
                )
                for a in row["attempt_log"]
            ],
        )


@strawberry.type
class DeliveryLog:
    deliveries: list[NotificationDelivery]
    next_cursor: str | None = strawberry.field(description="Pass as `after` for older entries.")
