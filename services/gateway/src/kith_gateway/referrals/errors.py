"""Turning refusals into what the client sees: typed results for expected problems (the
FORBIDDEN / BAD_USER_INPUT errors are built by `kernel.graphql`)."""

from __future__ import annotations

from kith_referrals import InvalidOutcome, InvalidReason, LifecycleError

from kith_gateway.kernel.graphql import (
    ConflictError,
    ConsentRequiredError,
    InputError,
    NotFoundError,
    TransitionError,
)
from kith_gateway.referrals.changes import TransitionRefused
from kith_gateway.referrals.domain import InvalidReferral

Refusal = InputError | NotFoundError | ConflictError | TransitionError | ConsentRequiredError


def refusal(exc: Exception) -> Refusal:
    """The typed result for an expected refusal; anything else is re-raised (and masked)."""
    if isinstance(exc, InvalidReferral):
        return InputError(field=exc.field, message=exc.message)
    if isinstance(exc, InvalidReason):
        return InputError(field="reason", message=exc.message)
    if isinstance(exc, InvalidOutcome):
        return InputError(field="outcomes", message=exc.message)
    if isinstance(exc, LifecycleError):
        return TransitionError(code=exc.code, message=exc.message)
    if isinstance(exc, TransitionRefused):
        if exc.kind == TransitionRefused.NOT_FOUND:
            return NotFoundError(message=exc.message)
        if exc.kind == TransitionRefused.CONSENT_REQUIRED:
            return ConsentRequiredError(message=exc.message)
        return ConflictError(message=exc.message, current_version=exc.current_version)
    raise exc


EXPECTED = (InvalidReferral, LifecycleError, TransitionRefused)
