"""Rules for what an organisation admin may ask for: plain Python, no I/O."""

from __future__ import annotations

import base64
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from kith_common.events import ALL_TYPES

EVENT_TYPES = frozenset(t.subject.removeprefix("kith.") for t in ALL_TYPES)
CHANNELS = ("webhook", "email", "inbox")
DIGESTS = ("immediate", "hourly", "daily")
MAX_FILTER_VALUES = 100
MAX_OVERLAP = timedelta(days=7)
DEFAULT_OVERLAP = timedelta(hours=24)

_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_AREA_CODE = re.compile(r"^[EWSN]\d{8}$")  # ONS LSOA/MSOA/LAD codes
_NEED_CODE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
# Deliberately simple: one @, no spaces, a dotted domain. The SMTP relay is the real judge.
_EMAIL = re.compile(r"^[^@\s<>,;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class InvalidInput(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SubscriptionSpec:
    event_types: tuple[str, ...]
    channel: str
    endpoint_id: str | None
    email: str | None
    digest: str
    service_ids: tuple[str, ...]
    area_codes: tuple[str, ...]
    need_codes: tuple[str, ...]


# Signing secrets are stored sealed (kith_common.envelope) in this context, the one the
# notifications service opens them in (kith_notifications.webhooks.SECRET_CONTEXT).
SECRET_CONTEXT = "webhook-signing-secret"  # noqa: S105 (a label, not a secret)


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_idempotency_key(key: str) -> str:
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidInput(
            "idempotencyKey", "must be 8-128 characters of letters, digits, '.', '_', ':' or '-'"
        )
    return key


def _event_types(values: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in values))
    if not chosen:
        raise InvalidInput("eventTypes", "name at least one event type")
    unknown = [v for v in chosen if v not in EVENT_TYPES]
    if unknown:
        raise InvalidInput(
            "eventTypes",
            f"unknown event type(s) {', '.join(sorted(unknown))}; known: "
            + ", ".join(sorted(EVENT_TYPES)),
        )
    return chosen


def _filter(
    field: str, values: Sequence[str] | None, ok: re.Pattern[str] | None
) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in values or ()))
    if len(chosen) > MAX_FILTER_VALUES:
        raise InvalidInput(field, f"at most {MAX_FILTER_VALUES} values")
    for value in chosen:
        if ok is not None and not ok.fullmatch(value):
            raise InvalidInput(field, f"{value!r} is not a valid value")
        if ok is None:
            try:
                uuid.UUID(value)
            except ValueError:
                raise InvalidInput(field, f"{value!r} is not a service id (UUID)") from None
    return chosen


def _channel_target(
    channel: str, endpoint_id: str | None, email: str | None, digest: str | None
) -> None:
    if channel not in CHANNELS:
        raise InvalidInput("channel", f"must be one of {', '.join(CHANNELS)}")
    if channel == "webhook" and not endpoint_id:
        raise InvalidInput("endpointId", "a webhook subscription names one of your endpoints")
    if channel != "webhook" and endpoint_id:
        raise InvalidInput("endpointId", "only webhook subscriptions name an endpoint")
    if channel == "email" and not (email and _EMAIL.fullmatch(email)):
        raise InvalidInput("email", "an email subscription needs a valid address")
    if channel != "email" and email:
        raise InvalidInput("email", "only email subscriptions have an address")
    if digest is not None and digest not in DIGESTS:
        raise InvalidInput("digest", f"must be one of {', '.join(DIGESTS)}")
    if channel != "email" and digest not in (None, "immediate"):
        raise InvalidInput("digest", "digests are for email subscriptions only")


def validate_subscription(
    *,
    event_types: Sequence[str],
    channel: str,
    endpoint_id: str | None = None,
    email: str | None = None,
    digest: str | None = None,
    service_ids: Sequence[str] | None = None,
    area_codes: Sequence[str] | None = None,
    need_codes: Sequence[str] | None = None,
) -> SubscriptionSpec:
    _channel_target(channel, endpoint_id, email, digest)
    return SubscriptionSpec(
        event_types=_event_types(event_types),
        channel=channel,
        endpoint_id=endpoint_id or None,
        email=email or None,
        digest=digest or "immediate",
        service_ids=_filter("serviceIds", service_ids, None),
        area_codes=_filter("areaCodes", area_codes, _AREA_CODE),
        need_codes=_filter("needCodes", need_codes, _NEED_CODE),
    )


def overlap_of(seconds: int | None) -> timedelta:
    """How long the old secret stays valid beside the new one after a rotation."""
    if seconds is None:
        return DEFAULT_OVERLAP
    if seconds < 0 or timedelta(seconds=seconds) > MAX_OVERLAP:
        raise InvalidInput("overlapSeconds", "must be between 0 and 604800 (seven days)")
    return timedelta(seconds=seconds)
