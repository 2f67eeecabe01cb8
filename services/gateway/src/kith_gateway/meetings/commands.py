"""What a chair or practitioner asks for, validated (pure): a meeting, a case, a decision, an
action. Anything that can never be valid is refused here with the input field it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kith_gateway.meetings.domain import (
    MAX_ACCESS_HOURS,
    MAX_INVITED,
    MAX_SUMMARY_CHARS,
    MAX_TEXT_CHARS,
    DecisionKind,
    InvalidMeeting,
    Recurrence,
)
from kith_gateway.meetings.participants import Invitee, validate_invitees
from kith_gateway.referrals.domain import check_idempotency_key


def _text(field: str, value: str, limit: int) -> str:
    cleaned = value.strip()
    if not 1 <= len(cleaned) <= limit:
        raise InvalidMeeting(field, f"give 1-{limit} characters")
    return cleaned


@dataclass(frozen=True)
class NewMeeting:
    idempotency_key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_link: str | None
    recurrence: Recurrence
    invited: tuple[str, ...]
    access_hours: int
    invitees: tuple[Invitee, ...] = ()


def validate_meeting(
    *,
    idempotency_key: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str | None,
    online_link: str | None,
    recurrence: Recurrence,
    invited: list[str],
    access_hours: int,
    host: str,
    invitees: list[Invitee] | None = None,
) -> NewMeeting:
    check_idempotency_key(idempotency_key)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidMeeting("startsAt", "give a time zone, e.g. 2026-12-01T10:00:00Z")
    if not starts_at < ends_at <= starts_at + timedelta(hours=12):
        raise InvalidMeeting("endsAt", "must be after the start, within 12 hours")
    place, link = (place or "").strip() or None, (online_link or "").strip() or None
    if place is None and link is None:
        raise InvalidMeeting("place", "give a place or an online link")
    if link is not None and not link.startswith("https://"):
        raise InvalidMeeting("onlineLink", "must be an https:// link")
    orgs = tuple(sorted({o.strip() for o in invited if o.strip()} - {host}))
    if not 1 <= len(orgs) <= MAX_INVITED:
        raise InvalidMeeting("invitedOrganisationIds", f"invite 1-{MAX_INVITED} organisations")
    if not 0 <= access_hours <= MAX_ACCESS_HOURS:
        raise InvalidMeeting("accessHoursAfter", f"must be 0-{MAX_ACCESS_HOURS}")
    title = _text("title", title, 200)
    people = tuple(validate_invitees(invitees or [], (host, *orgs)))
    return NewMeeting(
        idempotency_key, title, starts_at, ends_at, place, link, recurrence, orgs, access_hours,
        people,
    )  # fmt: skip


@dataclass(frozen=True)
class NewCase:
    idempotency_key: str
    meeting_id: str
    person_id: str
    lead_practitioner: str
    summary: str
    expected_version: int


def validate_case(
    *,
    idempotency_key: str,
    meeting_id: str,
    person_id: str,
    lead_practitioner: str,
    summary: str,
    expected_version: int,
) -> NewCase:
    check_idempotency_key(idempotency_key)
    lead = _text("leadPractitioner", lead_practitioner, 120)
    text = _text("summary", summary, MAX_SUMMARY_CHARS)
    return NewCase(idempotency_key, meeting_id, person_id, lead, text, expected_version)


@dataclass(frozen=True)
class NewDecision:
    idempotency_key: str
    case_id: str
    kind: DecisionKind
    text: str
    service_id: str | None  # refer: where to
    tier: int | None  # step-up-tier: to which tier
    pathway_id: str | None = None  # step-up-tier: on which pathway


def validate_decision(
    *,
    idempotency_key: str,
    case_id: str,
    kind: DecisionKind,
    text: str,
    service_id: str | None,
    tier: int | None,
    pathway_id: str | None = None,
) -> NewDecision:
    check_idempotency_key(idempotency_key)
    body = _text("text", text, MAX_TEXT_CHARS)
    if kind is DecisionKind.REFER and not service_id:
        raise InvalidMeeting("serviceId", "a referral decision names the service to refer to")
    if kind is DecisionKind.STEP_UP_TIER:
        if tier is None or not 1 <= tier <= 4:
            raise InvalidMeeting("tier", "a step-up decision names the tier (1-4)")
        if not pathway_id:
            raise InvalidMeeting("pathwayId", "a step-up decision names the pathway")
    return NewDecision(idempotency_key, case_id, kind, body, service_id, tier, pathway_id)


@dataclass(frozen=True)
class NewAction:
    idempotency_key: str
    case_id: str
    description: str
    owner_organisation_id: str
    owner_user_id: str | None
    due_on: date


def validate_action(
    *,
    idempotency_key: str,
    case_id: str,
    description: str,
    owner_organisation_id: str,
    owner_user_id: str | None,
    due_on: date,
) -> NewAction:
    check_idempotency_key(idempotency_key)
    text = _text("description", description, MAX_TEXT_CHARS)
    owner = _text("ownerOrganisationId", owner_organisation_id, 200)
    user = (owner_user_id or "").strip() or None
    return NewAction(idempotency_key, case_id, text, owner, user, due_on)
