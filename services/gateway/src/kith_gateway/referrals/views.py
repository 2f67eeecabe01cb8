"""What a caller gets back from a read: plain values, person fields already consent-gated
by the query (None means "not shared with you", never "unknown")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_gateway.referrals.pagination import Cursor


@dataclass(frozen=True)
class PersonView:
    id: str
    pseudonym: str | None
    home_area: str | None


@dataclass(frozen=True)
class HistoryEntry:
    from_status: str | None
    to_status: str
    action: str | None
    version: int | None
    at: datetime
    actor: str | None
    by_user: str | None
    by_organisation_id: str | None
    reason_code: str | None
    reason_text: str | None
    outcomes: list[str]


@dataclass(frozen=True)
class ReferralView:
    id: str
    status: str
    version: int
    service_id: str
    from_organisation_id: str
    to_organisation_id: str
    created_at: datetime
    reason: str | None
    person: PersonView
    history: list[HistoryEntry]
    business_status: str | None = None  # the router's capacity flag (waitlist, service-closed…)
    self_referral: bool = False
    escalation_level: int = 0  # 0: within its SLA; 1, 2: escalated by the router


@dataclass(frozen=True)
class Page:
    items: list[tuple[Cursor, ReferralView]]
    has_next: bool


def _history(h: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        h["from"],
        h["to"],
        h["action"],
        h["version"],
        h["at"].to_native(),
        h["actor"],
        h["by_user"],
        h["by_organisation_id"],
        h["reason_code"],
        h["reason_text"],
        list(h["outcomes"] or []),
    )


def referral_view(row: dict[str, Any]) -> ReferralView:
    r = row["referral"]
    return ReferralView(
        id=r["id"],
        status=r["status"],
        version=r["version"],
        service_id=r["service_id"],
        from_organisation_id=r["from_organisation_id"],
        to_organisation_id=r["to_organisation_id"],
        created_at=r["created_at"].to_native(),
        reason=row["reason"],
        person=PersonView(row["person_id"], row["pseudonym"], row["home_area"]),
        history=[_history(h) for h in row["history"]],
        business_status=r.get("business_status"),
        self_referral=bool(r.get("self_referral")),
        escalation_level=int(r.get("sla_level") or 0),
    )
