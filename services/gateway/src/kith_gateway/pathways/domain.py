"""Pathway definitions and tier moves (pure: no I/O).

A pathway is an ordered ladder of tiers, levels 1..n. Some tiers (therapy) need a recorded
decision to enter from below: a clinician's, or a multi-agency case meeting's. Moving down, or
between tiers that need no decision, is a practitioner's everyday work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kith_gateway.kernel.refusals import RefusalKind, Refused

MAX_TIERS = 10
MAX_NAME = 120
MAX_DESCRIPTION = 2_000
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Basis(StrEnum):
    """On whose authority a person moves tier."""

    PRACTITIONER = "practitioner"  # social prescriber / health coach: no decision needed
    CLINICIAN = "clinician"  # a clinician's recorded decision
    MEETING = "meeting"  # a decision recorded in a multi-agency case meeting


class Direction(StrEnum):
    ENROL = "enrol"
    STEP_UP = "step-up"
    STEP_DOWN = "step-down"


class InvalidPathway(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class PathwayRuleRefused(Refused):
    """A move the pathway's rules do not allow; `code` is stable for clients."""

    UNKNOWN_TIER = "unknown-tier"
    SAME_TIER = "same-tier"
    DECISION_REQUIRED = "decision-required"

    def __init__(self, code: str, message: str) -> None:
        needs_decision = code == self.DECISION_REQUIRED
        kind = RefusalKind.DECISION_REQUIRED if needs_decision else RefusalKind.INVALID
        super().__init__(kind, message)
        self.code = code


@dataclass(frozen=True)
class TierDefinition:
    level: int
    name: str
    requires_decision: bool
    service_ids: tuple[str, ...]


@dataclass(frozen=True)
class PathwayDefinition:
    name: str
    description: str
    tiers: tuple[TierDefinition, ...]


@dataclass(frozen=True)
class TierMove:
    from_tier: int | None
    to_tier: int
    direction: Direction
    basis: Basis


def _text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise InvalidPathway(field, f"{field} must not be empty")
    if len(cleaned) > limit:
        raise InvalidPathway(field, f"{field} must be at most {limit} characters")
    return cleaned


def _tier(index: int, tier: TierDefinition) -> TierDefinition:
    field = f"tiers[{index}]"
    if tier.level != index + 1:
        raise InvalidPathway(f"{field}.level", "tier levels must run 1, 2, 3 … in order")
    bad = [s for s in tier.service_ids if not _UUID.fullmatch(s)]
    if bad:
        raise InvalidPathway(f"{field}.serviceIds", f"not a service id: {bad[0][:40]!r}")
    name = _text(f"{field}.name", tier.name, MAX_NAME)
    return TierDefinition(
        tier.level, name, tier.requires_decision, tuple(dict.fromkeys(tier.service_ids))
    )


def validate_pathway(
    name: str, description: str, tiers: Sequence[TierDefinition]
) -> PathwayDefinition:
    if not 1 <= len(tiers) <= MAX_TIERS:
        raise InvalidPathway("tiers", f"a pathway has between 1 and {MAX_TIERS} tiers")
    checked = tuple(_tier(i, t) for i, t in enumerate(tiers))
    return PathwayDefinition(
        _text("name", name, MAX_NAME),
        _text("description", description, MAX_DESCRIPTION, required=False),
        checked,
    )


def decide_move(
    needs_decision: Mapping[int, bool], current: int | None, to: int, basis: Basis
) -> TierMove:
    """May a person at `current` (None: not on the pathway) move to tier `to` on `basis`?

    `needs_decision` maps each tier level of the pathway to whether entering it from below
    needs a clinician's or a meeting's decision.
    """
    if to not in needs_decision:
        raise PathwayRuleRefused(PathwayRuleRefused.UNKNOWN_TIER, f"the pathway has no tier {to}")
    if to == current:
        raise PathwayRuleRefused(
            PathwayRuleRefused.SAME_TIER, f"the person is already at tier {to}"
        )
    upward = current is None or to > current
    if upward and needs_decision[to] and basis is Basis.PRACTITIONER:
        raise PathwayRuleRefused(
            PathwayRuleRefused.DECISION_REQUIRED,
            f"tier {to} needs a clinician's or a case meeting's decision to step up to",
        )
    if current is None:
        direction = Direction.ENROL
    else:
        direction = Direction.STEP_UP if to > current else Direction.STEP_DOWN
    return TierMove(current, to, direction, basis)
