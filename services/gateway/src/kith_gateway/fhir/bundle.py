"""A transaction `Bundle` carrying one referral (pure): a `Task`, its `ServiceRequest`, an
optional `Consent` and optional `Patient` entries that hold nothing but the pseudonymous
identifier. Entries refer to each other by `fullUrl` (e.g. `urn:uuid:...`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import invalid

# Patient elements Kith accepts: the pseudonym and nothing about the person.
PATIENT_ELEMENTS = {"resource_type", "id", "meta", "identifier"}


@dataclass(frozen=True)
class ReferralBundle:
    task: Task
    request: ServiceRequest
    consent: Consent | None
    patients: dict[str, str]  # fullUrl → pseudonym
    entry_types: list[str]  # resource type of each entry, in order (for the response)


def _pseudonym(patient: Patient, where: str) -> str:
    extra = sorted(
        name
        for name, value in patient
        if value is not None and name not in PATIENT_ELEMENTS and name != "fhir_comments"
    )
    if extra:
        raise invalid(
            f"Kith takes no personal details beyond a pseudonym: remove Patient.{extra[0]}", where
        )
    values = [i.value for i in patient.identifier or [] if i.system == codes.PSEUDONYM]
    if len(values) != 1 or not values[0]:
        raise invalid(f"a Patient entry has one identifier of system {codes.PSEUDONYM}", where)
    return str(values[0])


def _one(found: dict[str, list[tuple[str, Any]]], kind: str, optional: bool = False) -> Any:
    entries = found.get(kind, [])
    if len(entries) > 1 or (not entries and not optional):
        raise invalid(
            f"a referral Bundle holds {'at most' if optional else 'exactly'} one {kind}",
            "Bundle.entry",
        )
    return entries[0] if entries else (None, None)


def referral_bundle(bundle: Bundle) -> ReferralBundle:
    if bundle.type != "transaction":
        raise invalid("POST /fhir takes a Bundle of type 'transaction'", "Bundle.type")
    found: dict[str, list[tuple[str, Any]]] = {}
    types, patients = [], {}
    for n, entry in enumerate(bundle.entry or []):
        if entry.resource is None or not entry.fullUrl:
            raise invalid("each entry has a fullUrl and a resource", f"Bundle.entry[{n}]")
        kind = entry.resource.get_resource_type()
        if kind not in ("Task", "ServiceRequest", "Consent", "Patient"):
            raise invalid(f"a referral Bundle holds no {kind}", f"Bundle.entry[{n}].resource")
        found.setdefault(kind, []).append((str(entry.fullUrl), entry.resource))
        types.append(kind)
        if isinstance(entry.resource, Patient):
            patients[str(entry.fullUrl)] = _pseudonym(entry.resource, f"Bundle.entry[{n}].resource")
    _, task = _one(found, "Task")
    request_url, request = _one(found, "ServiceRequest")
    focus = getattr(task.focus, "reference", None)
    if focus is None or focus not in (request_url, f"ServiceRequest/{request.id}"):
        raise invalid("Task.focus must reference the Bundle's ServiceRequest entry", "Task.focus")
    _, consent = _one(found, "Consent", optional=True)
    return ReferralBundle(task, request, consent, patients, types)
