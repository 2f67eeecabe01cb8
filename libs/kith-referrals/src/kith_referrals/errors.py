"""Why a referral could not change. Messages are safe to show to any caller: they name
states, actions and codes, never a person or a free-text reason."""

from __future__ import annotations


class LifecycleError(Exception):
    """A command the lifecycle refuses; `code` is stable for clients, `message` is for people."""

    code = "lifecycle-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(LifecycleError):
    """The action does not apply to a referral in its current state."""

    code = "illegal-transition"


class ActorNotAllowed(LifecycleError):
    """This kind of actor may never take this action, whatever the state."""

    code = "actor-not-allowed"


class InvalidReason(LifecycleError):
    """A reason is missing, not allowed for the action, or `other` without an explanation."""

    code = "invalid-reason"


class InvalidOutcome(LifecycleError):
    """Outcomes given to an action other than complete, repeated, or too many."""

    code = "invalid-outcome"
