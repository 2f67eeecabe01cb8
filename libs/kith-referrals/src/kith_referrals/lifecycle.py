"""Deciding a referral's next state: `decide` for one step, `Lifecycle` for a referral's
state, version and history. No I/O: services load the state, decide here, then save.

Checks run in a fixed order so that a caller always learns the most fundamental problem
first: who you are (`ActorNotAllowed`), then where the referral is (`IllegalTransition`),
then what you said (`InvalidReason`, `InvalidOutcome`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from kith_referrals.actors import Actor
from kith_referrals.errors import ActorNotAllowed, IllegalTransition, InvalidOutcome, InvalidReason
from kith_referrals.reasons import OutcomeCode, Reason, check_outcomes
from kith_referrals.rules import RULES, Action, Rule
from kith_referrals.status import Status


@dataclass(frozen=True)
class Command:
    action: Action
    actor: Actor
    reason: Reason | None = None
    outcomes: tuple[OutcomeCode, ...] = ()


@dataclass(frozen=True)
class Transition:
    """One accepted change: what the history records."""

    action: Action
    source: Status
    target: Status
    actor: Actor
    reason: Reason | None = None
    outcomes: tuple[OutcomeCode, ...] = ()
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


def _check_reason(action: Action, rule: Rule, reason: Reason | None) -> Reason | None:
    if reason is None:
        if rule.reason_required:
            raise InvalidReason(f"{action.value} needs a reason code")
        return None
    if reason.code not in rule.reasons:
        allowed = ", ".join(sorted(r.value for r in rule.reasons)) or "none"
        raise InvalidReason(
            f"{reason.code.value!r} is not a reason for {action.value} (allowed: {allowed})"
        )
    return Reason.of(reason.code, reason.text)  # re-validated: callers may build Reason directly


def decide(status: Status, command: Command, at: datetime | None = None) -> Transition:
    """The transition `command` makes from `status`, or the typed reason it cannot."""
    rule = RULES[command.action]
    verb = command.action.value
    if command.actor.kind not in rule.actors:
        who = " or ".join(sorted(k.value for k in rule.actors))
        raise ActorNotAllowed(f"only the {who} may {verb} a referral")
    if status not in rule.sources:
        raise IllegalTransition(f"a referral that is {status.value} cannot be {_past(verb)}")
    reason = _check_reason(command.action, rule, command.reason)
    if command.outcomes and not rule.takes_outcomes:
        raise InvalidOutcome(f"{verb} takes no outcomes; only complete does")
    outcomes = check_outcomes(command.outcomes)
    stamp = at or datetime.now(UTC)
    return Transition(command.action, status, rule.target, command.actor, reason, outcomes, stamp)


def _past(verb: str) -> str:
    irregular = {
        "send": "sent",
        "hold": "put on hold",
        "cancel": "cancelled",
        "mark-entered-in-error": "marked entered-in-error",
    }
    if verb in irregular:
        return irregular[verb]
    return f"{verb}d" if verb.endswith("e") else f"{verb}ed"


@dataclass(frozen=True)
class Lifecycle:
    """A referral's state as the lifecycle sees it. Version 1 is the referral as created;
    every accepted transition adds one to the version and one entry to the history."""

    status: Status = Status.DRAFT
    version: int = 1
    history: tuple[Transition, ...] = ()

    def apply(self, command: Command, at: datetime | None = None) -> Lifecycle:
        transition = decide(self.status, command, at)
        return replace(
            self,
            status=transition.target,
            version=self.version + 1,
            history=(*self.history, transition),
        )

    def allowed_actions(self, actor: Actor) -> list[Action]:
        """What `actor` could do next (reasons aside): for clients drawing buttons."""
        return [
            action
            for action, rule in RULES.items()
            if actor.kind in rule.actors and self.status in rule.sources
        ]
