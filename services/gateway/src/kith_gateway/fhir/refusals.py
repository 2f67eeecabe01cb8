"""Domain refusals (the same exceptions GraphQL turns into typed results) as FHIR errors:
bad input 400, not yours or missing 404, stale If-Match 412, a reused key 409, a rule of the
lifecycle or of consent 422, a role that may never do this 403."""

from __future__ import annotations

from kith_referrals import InvalidOutcome, InvalidReason, LifecycleError

from kith_gateway.consent.handlers import ConsentRefused
from kith_gateway.fhir.outcome import FhirError, fail, invalid
from kith_gateway.kernel.access import Forbidden
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.referrals.changes import TransitionRefused
from kith_gateway.referrals.domain import InvalidReferral
from kith_gateway.referrals.handlers import ReferralNotCreated

# Where in the FHIR resources each domain input comes from.
EXPRESSIONS = {
    "personPseudonym": "Task.for.identifier.value",
    "homeArea": "ServiceRequest.extension",
    "serviceId": "ServiceRequest.performer",
    "reason": "ServiceRequest.reasonCode",
    "categories": "Consent.provision.code",
    "sharedWithOrganisationIds": "Consent.provision.actor",
    "expiresAt": "Consent.provision.period.end",
    "method": "Consent.extension",
}

EXPECTED = (
    FhirError,
    Forbidden,
    InvalidReferral,
    ReferralNotCreated,
    ConsentRefused,
    TransitionRefused,
    LifecycleError,
)


def _transition(exc: TransitionRefused) -> FhirError:
    if exc.kind == TransitionRefused.NOT_FOUND:
        return fail(404, "not-found", exc.message)
    if exc.kind == TransitionRefused.CONSENT_REQUIRED:
        return fail(422, "business-rule", exc.message)
    if exc.current_version is not None:  # the If-Match version is stale
        return fail(412, "conflict", exc.message)
    return fail(409, "conflict", exc.message)


def as_fhir(exc: Exception) -> FhirError:
    """The FhirError for one of the EXPECTED exceptions."""
    if isinstance(exc, FhirError):
        return exc
    if isinstance(exc, Forbidden):
        return fail(403, "forbidden", exc.message)
    if isinstance(exc, InvalidReferral):
        where = EXPRESSIONS.get(exc.field)
        return invalid(f"{exc.field}: {exc.message}", *([where] if where else []))
    if isinstance(exc, ReferralNotCreated):
        if exc.kind == RefusalKind.CONFLICT:
            return fail(409, "conflict", exc.message)
        if exc.kind == RefusalKind.DECISION_REQUIRED:  # a pathway tier not yet stepped up to
            return fail(422, "business-rule", exc.message, "ServiceRequest.performer")
        where = "ServiceRequest.extension" if "area" in exc.message else "ServiceRequest.performer"
        return invalid(exc.message, where)
    if isinstance(exc, ConsentRefused):
        if exc.kind == ConsentRefused.CONFLICT:
            return fail(409, "conflict", exc.message)
        return invalid(exc.message, "Consent.provision.actor")
    if isinstance(exc, TransitionRefused):
        return _transition(exc)
    if isinstance(exc, InvalidReason):
        return invalid(exc.message, "Task.statusReason")
    if isinstance(exc, InvalidOutcome):
        return invalid(exc.message, "Task.output")
    if isinstance(exc, LifecycleError):
        return fail(422, "business-rule", exc.message, "Task.status")
    raise exc
