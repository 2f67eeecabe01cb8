"""The event contract: every event Kith publishes, versioned, in one module.

Events are facts, not data dumps. A payload carries the event id, type, version, time and
the ids needed to route it; never names, notes or health details. A partner that needs more
calls the API with its own credentials, so access control and audit happen in one place.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

# Fixed namespace so that an event derived from another (e.g. the router's "received" from a
# "requested") gets the same id on every redelivery: JetStream and the outbox de-duplicate it.
_DERIVED_NAMESPACE = uuid.UUID("6f2d1c3e-8a47-4f0b-9d55-3f7b4c1e2a90")


class EventContractError(ValueError):
    """An event does not match the contract (unknown type, unexpected or missing fields)."""


@dataclass(frozen=True)
class EventType:
    aggregate: str
    name: str
    version: int
    fields: frozenset[str]

    @property
    def subject(self) -> str:
        return f"kith.{self.aggregate}.{self.name}"

    @property
    def key(self) -> str:
        return f"{self.subject}.v{self.version}"


def _type(aggregate: str, name: str, version: int, *fields: str) -> EventType:
    return EventType(aggregate, name, version, frozenset(fields))


REFERRAL_REQUESTED = _type(
    "referral",
    "requested",
    1,
    "referral_id",
    "service_id",
    "to_organisation_id",
    "from_organisation_id",
)
REFERRAL_RECEIVED = _type(
    "referral",
    "received",
    1,
    "referral_id",
    "service_id",
    "to_organisation_id",
    "from_organisation_id",
)
# Later referral states (FHIR Task.status codes): the same routing ids, never reasons or notes.
_REFERRAL_IDS = ("referral_id", "service_id", "to_organisation_id", "from_organisation_id")
REFERRAL_ACCEPTED = _type("referral", "accepted", 1, *_REFERRAL_IDS)
REFERRAL_REJECTED = _type("referral", "rejected", 1, *_REFERRAL_IDS)
REFERRAL_IN_PROGRESS = _type("referral", "in-progress", 1, *_REFERRAL_IDS)
REFERRAL_ON_HOLD = _type("referral", "on-hold", 1, *_REFERRAL_IDS)
REFERRAL_COMPLETED = _type("referral", "completed", 1, *_REFERRAL_IDS)
REFERRAL_FAILED = _type("referral", "failed", 1, *_REFERRAL_IDS)
REFERRAL_CANCELLED = _type("referral", "cancelled", 1, *_REFERRAL_IDS)
REFERRAL_ENTERED_IN_ERROR = _type("referral", "entered-in-error", 1, *_REFERRAL_IDS)
# Router (SLA and capacity): level "1"/"2"; proposed_service_id "" with reason no-alternative.
REFERRAL_ESCALATED = _type("referral", "escalated", 1, *_REFERRAL_IDS, "level")
REFERRAL_ALTERNATIVE_PROPOSED = _type(
    "referral", "alternative-proposed", 1, *_REFERRAL_IDS, "proposed_service_id", "reason"
)
REFERRAL_DELIVERY_FLAGGED = _type(
    "referral", "delivery-flagged", 1, *_REFERRAL_IDS, "business_status"
)
# One per organisation the consent was shared with: that organisation must stop using the data.
CONSENT_WITHDRAWN = _type(
    "consent", "withdrawn", 1, "consent_id", "organisation_id", "from_organisation_id"
)
DIRECTORY_SERVICE_UPDATED = _type(
    "directory", "service-updated", 1, "service_id", "organisation_id"
)
DIRECTORY_LISTING_STALE = _type("directory", "listing-stale", 1, "service_id", "organisation_id")
MATCHING_UNMET_NEED = _type(
    "matching", "unmet-need", 1, "unmet_need_id", "need", "area", "reason", "organisation_id"
)
# A person moved on a care pathway; organisation_id is the person's. No person id: partners
# that need more ask the API with their own credentials.
PATHWAY_TIER_CHANGED = _type(
    "pathway", "tier-changed", 1, "pathway_id", "change_id", "organisation_id", "tier", "direction"
)
INSIGHTS_EQUITY_FLAG = _type(
    "insights",
    "equity-flag",
    1,
    "flag_id",
    "scope",
    "organisation_id",
    "dimension",
    "group",
    "measure",
)

# Case meetings: one per organisation concerned; ids only, never the person or the summary.
MEETING_INVITED = _type("meeting", "invited", 1, "meeting_id", "organisation_id")
MEETING_CASE_ADDED = _type("meeting", "case-added", 1, "meeting_id", "case_id", "organisation_id")
MEETING_DECISION_RECORDED = _type(
    "meeting", "decision-recorded", 1, "meeting_id", "decision_id", "organisation_id"
)
MEETING_ACTION_ASSIGNED = _type(
    "meeting", "action-assigned", 1, "meeting_id", "action_id", "organisation_id"
)
# To the action's owner and the chair's organisation (both `*organisation_id`: both notified).
MEETING_ACTION_OVERDUE = _type(
    "meeting", "action-overdue", 1, "meeting_id", "action_id", "organisation_id",
    "chair_organisation_id",
)  # fmt: skip
# A person's journey (gateway outcomes/): the record's id and the recording organisation only;
# never the goal's words, the answers or the scores.
OUTCOMES_GOAL_SET = _type("outcomes", "goal-set", 1, "goal_id", "organisation_id")
OUTCOMES_GOAL_REVIEWED = _type("outcomes", "goal-reviewed", 1, "goal_id", "organisation_id")
OUTCOMES_GOAL_RESET = _type("outcomes", "goal-reset", 1, "goal_id", "organisation_id")
OUTCOMES_MEASURE_RECORDED = _type(
    "outcomes", "measure-recorded", 1, "measure_id", "organisation_id"
)
OUTCOMES_CARER_LINKED = _type("outcomes", "carer-linked", 1, "carer_link_id", "organisation_id")

ALL_TYPES: tuple[EventType, ...] = (
    REFERRAL_REQUESTED,
    REFERRAL_RECEIVED,
    REFERRAL_ACCEPTED,
    REFERRAL_REJECTED,
    REFERRAL_IN_PROGRESS,
    REFERRAL_ON_HOLD,
    REFERRAL_COMPLETED,
    REFERRAL_FAILED,
    REFERRAL_CANCELLED,
    REFERRAL_ENTERED_IN_ERROR,
    REFERRAL_ESCALATED,
    REFERRAL_ALTERNATIVE_PROPOSED,
    REFERRAL_DELIVERY_FLAGGED,
    CONSENT_WITHDRAWN,
    DIRECTORY_SERVICE_UPDATED,
    DIRECTORY_LISTING_STALE,
    MATCHING_UNMET_NEED,
    INSIGHTS_EQUITY_FLAG,
    PATHWAY_TIER_CHANGED,
    MEETING_INVITED,
    MEETING_CASE_ADDED,
    MEETING_DECISION_RECORDED,
    MEETING_ACTION_ASSIGNED,
    MEETING_ACTION_OVERDUE,
    OUTCOMES_GOAL_SET,
    OUTCOMES_GOAL_REVIEWED,
    OUTCOMES_GOAL_RESET,
    OUTCOMES_MEASURE_RECORDED,
    OUTCOMES_CARER_LINKED,
)
_BY_KEY = {t.key: t for t in ALL_TYPES}


def type_for(subject: str, version: int) -> EventType:
    try:
        return _BY_KEY[f"{subject}.v{version}"]
    except KeyError:
        raise EventContractError(f"unknown event type {subject} v{version}") from None


@dataclass(frozen=True)
class Event:
    type: EventType
    aggregate_id: str
    data: Mapping[str, str]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    aggregate_version: int = 0
    causation_id: str | None = None

    def __post_init__(self) -> None:
        keys = set(self.data)
        if keys != self.type.fields:
            missing, extra = self.type.fields - keys, keys - self.type.fields
            raise EventContractError(
                f"{self.type.key}: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        if not all(isinstance(v, str) for v in self.data.values()):
            raise EventContractError(f"{self.type.key}: payload values must be id strings")

    @property
    def subject(self) -> str:
        return self.type.subject

    def derive(self, event_type: EventType, data: Mapping[str, str], version: int) -> Event:
        """The event that handling this one produces, with an id stable across redeliveries."""
        derived_id = uuid.uuid5(_DERIVED_NAMESPACE, f"{self.id}:{event_type.key}")
        return Event(
            type=event_type,
            aggregate_id=self.aggregate_id,
            data=data,
            id=str(derived_id),
            aggregate_version=version,
            causation_id=self.id,
        )

    def to_json(self) -> bytes:
        body = {
            "id": self.id,
            "type": self.type.subject,
            "version": self.type.version,
            "occurred_at": self.occurred_at.isoformat(),
            "aggregate_id": self.aggregate_id,
            "aggregate_version": self.aggregate_version,
            "causation_id": self.causation_id,
            "data": dict(self.data),
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Event:
        try:
            body = json.loads(raw)
            return cls(
                type=type_for(body["type"], int(body["version"])),
                aggregate_id=str(body["aggregate_id"]),
                data=dict(body["data"]),
                id=str(body["id"]),
                occurred_at=datetime.fromisoformat(body["occurred_at"]),
                aggregate_version=int(body.get("aggregate_version", 0)),
                causation_id=body.get("causation_id"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, EventContractError):
                raise
            raise EventContractError(f"malformed event: {exc}") from exc
