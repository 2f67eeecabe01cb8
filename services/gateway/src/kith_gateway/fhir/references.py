"""Reading references and validating resources with the R4B models (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, TypeVar

from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import invalid, of_validation

R = TypeVar("R", bound=Resource)


def validate(model: type[R], data: object, where: str = "") -> R:
    """`data` as a `model` (an R4B resource class), or a 400 OperationOutcome saying why not."""
    name = model.__name__
    if not isinstance(data, dict):
        raise invalid(f"{where}expected a JSON object holding a {name} resource", name)
    if data.get("resourceType") != name:
        raise invalid(f"{where}expected resourceType {name!r}", f"{name}.resourceType")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise of_validation(name, exc, where) from None
    except (TypeError, KeyError, AttributeError, ImportError):
        # fhir.resources trips over some malformed nested resources (e.g. a contained or
        # entry resource whose resourceType is null or unknown) instead of reporting them.
        raise invalid(
            f"{where}not a valid {name}: every nested resource needs a known resourceType", name
        ) from None


def target_id(reference: Any, resource_type: str) -> str | None:
    """The id in a literal reference `Type/id` (relative or absolute), if it names that type."""
    literal = getattr(reference, "reference", None)
    if not isinstance(literal, str):
        return None
    parts = literal.rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2] == resource_type and parts[-1]:
        return parts[-1]
    return None


def pseudonym_of(reference: Any, where: str, patients: Mapping[str, str]) -> str:
    """The person a reference points at, as the referrer's pseudonym: an identifier of system
    `codes.PSEUDONYM`, or a reference to a Bundle entry (Patient) that carries one."""
    if reference is None:
        raise invalid("identify the person (a Patient reference)", where)
    identifier = getattr(reference, "identifier", None)
    if identifier is not None and identifier.system == codes.PSEUDONYM and identifier.value:
        return str(identifier.value)
    literal = getattr(reference, "reference", None)
    if isinstance(literal, str) and literal in patients:
        return patients[literal]
    raise invalid(
        f"identify the person by their pseudonymous identifier (system {codes.PSEUDONYM});"
        " Kith takes no names or NHS numbers",
        where,
    )


def key_from_identifiers(identifiers: list[Any] | None) -> str | None:
    """An idempotency key derived from the first business identifier (system|value): stable
    across retries, and a valid Kith key whatever characters the partner's identifier uses."""
    for identifier in identifiers or []:
        if identifier.value:
            raw = f"{identifier.system or ''}|{identifier.value}"
            return "fhir-" + hashlib.sha256(raw.encode()).hexdigest()[:40]
    return None
