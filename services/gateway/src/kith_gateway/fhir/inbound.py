"""A partner's Task (+ ServiceRequest) as a Kith referral request (pure, no I/O).

Kith reads only what a referral needs and stores no more: the person as the referrer's
pseudonym (`Task.for` / `ServiceRequest.subject`), their home LSOA (an extension on the
ServiceRequest), the service (`ServiceRequest.performer` → `HealthcareService/<service id>`),
optionally the receiving organisation (`Task.owner` → `Organization/<id>`, checked against the
service), and why (`ServiceRequest.reasonCode.text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import invalid
from kith_gateway.fhir.references import pseudonym_of, target_id

NEW_TASK_STATUSES = {"requested": False, "draft": True}  # status → keep as a draft


@dataclass(frozen=True)
class ReferralAsk:
    pseudonym: str
    home_area: str
    service_id: str
    reason: str
    draft: bool
    owner_organisation_id: str | None


def contained_request(task: Task) -> ServiceRequest:
    """`Task.focus` → a ServiceRequest contained in the Task (`#id`)."""
    literal = getattr(task.focus, "reference", None)
    if not isinstance(literal, str) or not literal.startswith("#"):
        raise invalid(
            "Task.focus must reference the ServiceRequest contained in the Task ('#id')",
            "Task.focus",
        )
    for resource in task.contained or []:
        if isinstance(resource, ServiceRequest) and resource.id == literal[1:]:
            return resource
    raise invalid(f"Task.focus {literal} names no contained ServiceRequest", "Task.focus")


def _check_task(task: Task) -> bool:
    if task.status not in NEW_TASK_STATUSES:
        raise invalid("a new referral's Task.status is 'requested' (or 'draft')", "Task.status")
    if task.intent != "order":
        raise invalid("a referral's Task.intent is 'order'", "Task.intent")
    return NEW_TASK_STATUSES[task.status]


def _check_request(request: ServiceRequest) -> None:
    if request.status not in ("active", "draft"):
        raise invalid("the ServiceRequest.status is 'active'", "ServiceRequest.status")
    if request.intent != "order":
        raise invalid("the ServiceRequest.intent is 'order'", "ServiceRequest.intent")
    codings = (request.code.coding or []) if request.code else None
    if codings is not None and not any(
        c.system == codes.SNOMED and c.code == codes.SOCIAL_PRESCRIBING_REFERRAL for c in codings
    ):
        raise invalid(
            "Kith receives referrals to social prescribing services: ServiceRequest.code is"
            f" SNOMED CT {codes.SOCIAL_PRESCRIBING_REFERRAL} (or omitted)",
            "ServiceRequest.code",
        )


def _service_id(request: ServiceRequest) -> str:
    found = [target_id(p, "HealthcareService") for p in request.performer or []]
    ids = [i for i in found if i]
    if len(ids) != 1:
        raise invalid(
            "name the one service referred to: ServiceRequest.performer ="
            " HealthcareService/<Kith service id>",
            "ServiceRequest.performer",
        )
    return ids[0]


def _home_area(request: ServiceRequest) -> str:
    for extension in request.extension or []:
        value = getattr(extension, "valueCoding", None)
        if extension.url == codes.HOME_AREA_EXTENSION and value is not None and value.code:
            return str(value.code)
    raise invalid(
        f"give the person's home area: extension {codes.HOME_AREA_EXTENSION} with a"
        f" valueCoding of system {codes.LSOA}",
        "ServiceRequest.extension",
    )


def _reason(request: ServiceRequest) -> str:
    texts = [c.text for c in request.reasonCode or [] if c.text]
    return "; ".join(texts)


def _owner(task: Task) -> str | None:
    if task.owner is None:
        return None
    owner = target_id(task.owner, "Organization")
    if owner is None:
        raise invalid("Task.owner, when given, is Organization/<id>", "Task.owner")
    return owner


def referral_ask(task: Task, request: ServiceRequest, patients: Mapping[str, str]) -> ReferralAsk:
    """What `task` asks for, or a 400 naming the first element that is wrong."""
    draft = _check_task(task)
    _check_request(request)
    pseudonym = pseudonym_of(task.for_fhir, "Task.for", patients)
    subject: Any = request.subject
    if pseudonym_of(subject, "ServiceRequest.subject", patients) != pseudonym:
        raise invalid("Task.for and ServiceRequest.subject name different people", "Task.for")
    return ReferralAsk(
        pseudonym=pseudonym,
        home_area=_home_area(request),
        service_id=_service_id(request),
        reason=_reason(request),
        draft=draft,
        owner_organisation_id=_owner(task),
    )
