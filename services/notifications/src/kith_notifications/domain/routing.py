"""Who hears about an event, through which channel, in what order.

An event concerns the organisations its payload names (`*organisation_id` fields). Each such
organisation's active subscriptions to the event's type are matched against their optional
filters, which look at the service the event is about: a subscription filtered by services,
areas or needs only hears about events that name a service meeting all of its filters. A
worker's own subscription (one with a `user_id`) only hears about referrals *to* their
organisation, not the ones it sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from kith_common.events import Event

Channel = Literal["webhook", "email", "inbox"]
Digest = Literal["immediate", "hourly", "daily"]
DAILY_DIGEST_HOUR_UTC = 7  # before the working day starts in the UK


def event_type_name(event: Event) -> str:
    """The name partners see and subscribe to: the subject without `kith.`."""
    return event.subject.removeprefix("kith.")


def organisations_concerned(event: Event) -> list[str]:
    ids = (v for k, v in sorted(event.data.items()) if k.endswith("organisation_id"))
    return list(dict.fromkeys(v for v in ids if v))


@dataclass(frozen=True)
class ServiceFacts:
    """What filters can ask about the service an event names (read from the directory)."""

    service_id: str
    area_codes: frozenset[str] = frozenset()  # LSOA and every MSOA/LAD it is part of
    need_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SubscriptionView:
    id: str
    organisation_id: str
    channel: Channel
    event_types: frozenset[str]
    endpoint_id: str | None = None
    digest: Digest = "immediate"
    service_ids: frozenset[str] = field(default_factory=frozenset)
    area_codes: frozenset[str] = field(default_factory=frozenset)
    need_codes: frozenset[str] = field(default_factory=frozenset)
    user_id: str | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.service_ids or self.area_codes or self.need_codes)

    def concerns(self, event: Event) -> bool:
        """A worker's own subscription is about what reaches their organisation."""
        return self.user_id is None or event.data.get("to_organisation_id") == self.organisation_id

    def matches(self, type_name: str, service: ServiceFacts | None) -> bool:
        if type_name not in self.event_types:
            return False
        if not self.filtered:
            return True
        if service is None:
            return False
        return (
            (not self.service_ids or service.service_id in self.service_ids)
            and (not self.area_codes or bool(self.area_codes & service.area_codes))
            and (not self.need_codes or bool(self.need_codes & service.need_codes))
        )


@dataclass(frozen=True)
class Destinations:
    endpoint_ids: tuple[tuple[str, str], ...]  # (organisation id, endpoint id)
    emails: tuple[SubscriptionView, ...]
    inbox_organisations: tuple[str, ...]


def route(
    event: Event, subscriptions: Iterable[SubscriptionView], service: ServiceFacts | None
) -> Destinations:
    """Where `event` goes. An endpoint or inbox named by several matching subscriptions gets
    the event once; each matching email subscription gets it (addresses may differ)."""
    name = event_type_name(event)
    matching = [s for s in subscriptions if s.matches(name, service) and s.concerns(event)]
    endpoints = {(s.organisation_id, s.endpoint_id) for s in matching if s.channel == "webhook"}
    return Destinations(
        endpoint_ids=tuple(sorted((o, e) for o, e in endpoints if e)),
        emails=tuple(sorted((s for s in matching if s.channel == "email"), key=lambda s: s.id)),
        inbox_organisations=tuple(
            sorted({s.organisation_id for s in matching if s.channel == "inbox"})
        ),
    )


def order_key(event: Event) -> str:
    """Sorts the events of one aggregate in the order they happened: version, then time."""
    at = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return f"{event.aggregate_version:012d}|{at}|{event.id}"


def ordering_key(destination: str, event: Event) -> str:
    """Deliveries sharing this key go out one at a time, oldest first."""
    return f"{destination}|{event.subject.split('.')[1]}:{event.aggregate_id}"


def digest_due(digest: Digest, now: datetime) -> datetime:
    """When a delivery recorded at `now` is sent: at once, at the next full hour, or at the
    next daily digest time."""
    now = now.astimezone(UTC)
    if digest == "immediate":
        return now
    if digest == "hourly":
        return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    today = datetime.combine(now.date(), time(DAILY_DIGEST_HOUR_UTC), tzinfo=UTC)
    return today if now < today else today + timedelta(days=1)


def as_frozen(values: Sequence[str] | None) -> frozenset[str]:
    return frozenset(values or ())


def view_from_row(row: Mapping[str, object]) -> SubscriptionView:
    def strings(key: str) -> frozenset[str]:
        value = row.get(key)
        return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()

    return SubscriptionView(
        id=str(row["id"]),
        organisation_id=str(row["organisation_id"]),
        channel=row["channel"],  # type: ignore[arg-type]
        event_types=strings("event_types"),
        endpoint_id=str(row["endpoint_id"]) if row.get("endpoint_id") else None,
        digest=row.get("digest") or "immediate",  # type: ignore[arg-type]
        service_ids=strings("service_ids"),
        area_codes=strings("area_codes"),
        need_codes=strings("need_codes"),
        user_id=str(row["user_id"]) if row.get("user_id") else None,
    )
