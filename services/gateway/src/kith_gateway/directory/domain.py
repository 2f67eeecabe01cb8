"""Directory rules the gateway applies: who may update a listing, what a valid capacity or
opening-times update is, freshness, and how a provider's change rewrites the ORUK document.
Plain Python, no I/O.

The directory service owns the listing's shape (`graph_schema/README.md`); provider updates
write the same fields it writes, including the normalised schedule fields that "open at"
queries compare against.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kith_common.auth import Principal, Role

CAPACITY_STATUSES = ("open", "waitlist", "closed", "additional-assessment")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PROVIDER_ROLES = (Role.ORG_ADMIN, Role.RECEIVING_WORKER)
MAX_SCHEDULES = 50
MAX_WAITING_WEEKS = 104
_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_NAMESPACE = uuid.UUID("a8f5f167-8c7a-4f0e-b1a4-5b7d6c3e2f10")  # fixed; never change


class InvalidUpdate(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotAllowed(Exception):
    """The caller may not change this listing (GraphQL code FORBIDDEN)."""


def may_update(principal: Principal, organisation_id: str) -> bool:
    """Staff of the organisation that provides the service, in a provider role."""
    return principal.organisation_id == organisation_id and principal.has(*PROVIDER_ROLES)


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise InvalidUpdate(
            "idempotencyKey", "must be 8-128 characters of letters, digits, '.', '_', ':' or '-'"
        )
    return key


@dataclass(frozen=True)
class Capacity:
    status: str
    available: int | None
    maximum: int | None
    unit: str
    waiting_weeks: int | None = None  # about how long until someone can start

    def check(self) -> Capacity:
        if self.status not in CAPACITY_STATUSES:
            raise InvalidUpdate("status", f"must be one of {', '.join(CAPACITY_STATUSES)}")
        for name, value in (("available", self.available), ("maximum", self.maximum)):
            if value is not None and not 0 <= value <= 1_000_000:
                raise InvalidUpdate(name, "must be between 0 and 1,000,000")
        both = self.available is not None and self.maximum is not None
        if both and self.available > self.maximum:  # type: ignore[operator]
            raise InvalidUpdate("available", "cannot be more than maximum")
        if not 1 <= len(self.unit.strip()) <= 40:
            raise InvalidUpdate("unit", "must be 1-40 characters, e.g. places")
        if self.waiting_weeks is not None and not 0 <= self.waiting_weeks <= MAX_WAITING_WEEKS:
            raise InvalidUpdate("waitingWeeks", f"must be between 0 and {MAX_WAITING_WEEKS} weeks")
        return self


@dataclass(frozen=True)
class OpeningTime:
    days: tuple[str, ...]
    opens_at: str
    closes_at: str
    week_of_month: int | None = None  # 1-5, or -1 for the last: "2nd Tuesday"
    valid_from: str | None = None
    valid_to: str | None = None
    description: str | None = None

    def check(self, index: int) -> OpeningTime:
        where = f"schedules[{index}]"
        if not self.days or any(day not in DAYS for day in self.days):
            raise InvalidUpdate(f"{where}.days", "needs at least one of MO TU WE TH FR SA SU")
        for name, value in (("opensAt", self.opens_at), ("closesAt", self.closes_at)):
            if not _TIME.fullmatch(value):
                raise InvalidUpdate(f"{where}.{name}", "must be a 24-hour time HH:MM")
        if self.closes_at <= self.opens_at:
            raise InvalidUpdate(f"{where}.closesAt", "must be after opensAt")
        if self.week_of_month is not None and self.week_of_month not in (1, 2, 3, 4, 5, -1):
            raise InvalidUpdate(f"{where}.weekOfMonth", "must be 1-5, or -1 for the last")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise InvalidUpdate(f"{where}.validTo", "must not be before validFrom")
        return self

    def oruk(self, service_id: str, key: str) -> dict[str, Any]:
        """The ORUK 3.0 schedule, with a stable id so a replayed update writes the same."""
        nth = self.week_of_month
        byday = ",".join(f"{nth}{d}" if nth is not None else d for d in self.days)
        schedule: dict[str, Any] = {
            "id": str(uuid.uuid5(_NAMESPACE, f"{service_id}/{key}/{byday}/{self.opens_at}")),
            "service_id": service_id,
            "freq": "MONTHLY" if nth is not None else "WEEKLY",
            "interval": 1,
            "byday": byday,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
        }
        for name in ("valid_from", "valid_to", "description"):
            if getattr(self, name):
                schedule[name] = getattr(self, name)
        return schedule

    def query_fields(self) -> dict[str, Any]:
        """The normalised fields the directory writes on every schedule node."""
        nth = self.week_of_month
        return {
            "days": list(self.days),
            "ordinal_days": [f"{nth}{d}" for d in self.days] if nth is not None else [],
            "plain_days": [] if nth is not None else list(self.days),
            "monthdays": [],
            "opens": self.opens_at,
            "closes": self.closes_at,
            "on_date": None,
            "from_date": self.valid_from,
            "to_date": self.valid_to,
        }


def check_opening_times(times: Sequence[OpeningTime]) -> list[OpeningTime]:
    if len(times) > MAX_SCHEDULES:
        raise InvalidUpdate("schedules", f"at most {MAX_SCHEDULES} opening times")
    return [time.check(i) for i, time in enumerate(times)]


@dataclass(frozen=True)
class Change:
    """One provider update: what it sets on the listing and in its ORUK document."""

    kind: str  # capacity | opening-times | assurance
    overlay: dict[str, Any]  # ORUK fields the provider now owns
    props: dict[str, Any] = field(default_factory=dict)  # service node properties


def capacity_change(capacity: Capacity, at: datetime, service_id: str) -> Change:
    entry = {
        "id": str(uuid.uuid5(_NAMESPACE, f"{service_id}/capacity")),
        "unit": capacity.unit,
        "available": capacity.available,
        "maximum": capacity.maximum,
        "updated": at.isoformat().replace("+00:00", "Z"),
    }
    overlay = {
        "service_capacity": [entry],
        "kith_capacity_status": capacity.status,
        "kith_waiting_weeks": capacity.waiting_weeks,
    }
    props = {
        "capacity_status": capacity.status,
        "capacity_unit": capacity.unit,
        "capacity_available": capacity.available,
        "capacity_maximum": capacity.maximum,
        "capacity_updated": at,
        "capacity_waiting_weeks": capacity.waiting_weeks,
    }
    return Change("capacity", overlay, props)


def assurance_change(at: datetime, assurer: str) -> Change:
    overlay = {"assured_date": at.date().isoformat()}
    return Change("assurance", overlay, {"assured_date": at.date(), "assurer": assurer})


def apply_overlay(document: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """The ORUK document with the provider's fields in place (absent values removed)."""
    merged = {**document, **overlay}
    return {key: value for key, value in merged.items() if value is not None}


def merge_overlays(before: Mapping[str, Any] | None, change: Change) -> dict[str, Any]:
    return {**(before or {}), **change.overlay}


@dataclass(frozen=True)
class FreshnessPolicy:
    due_after: timedelta = timedelta(days=180)
    stale_after: timedelta = timedelta(days=365)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FreshnessPolicy:
        """Same variables as the directory service (`KITH_DIRECTORY_DUE_DAYS`, `..._STALE_DAYS`)."""
        due = env.get("KITH_DIRECTORY_DUE_DAYS", "").strip()
        stale = env.get("KITH_DIRECTORY_STALE_DAYS", "").strip()
        return cls(
            timedelta(days=float(due)) if due else cls.due_after,
            timedelta(days=float(stale)) if stale else cls.stale_after,
        )

    def state(self, verified_at: datetime | None, now: datetime) -> str:
        if verified_at is None or now - verified_at >= self.stale_after:
            return "stale"
        return "due" if now - verified_at >= self.due_after else "fresh"
