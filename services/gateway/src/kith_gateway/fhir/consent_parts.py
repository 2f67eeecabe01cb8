"""The parts of a FHIR `Consent` Kith keeps beside its consent record, or refuses by name
(pure); the record itself is `consent_in.consent_ask`.

- `policyRule`, `scope`, `category`, `dateTime` and `organization` (the custodian in R4)
  are kept and given back by `GET /fhir/Consent/{id}`; a custodian is an `Organization/<id>`.
- `sourceAttachment` / `sourceReference`: Kith does not hold consent documents (special-
  category data it need not keep): a link (`url`, `title`, `contentType`, `creation`) is
  kept so a reader can find the document in the sender's system; attached `data` is
  refused with a 400 that says so, rather than stored or dropped.
- Anything else is not kept, and each element is named in an OperationOutcome warning.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.consent import Consent

from kith_gateway.fhir.outcome import Issue, invalid
from kith_gateway.fhir.references import target_id

Json = dict[str, Any]
USED = {"resourceType", "id", "meta", "text", "status", "patient", "provision", "extension"}
KEPT = ("policyRule", "scope", "category", "dateTime", "organization", "sourceReference")
LINK_FIELDS = ("url", "title", "contentType", "creation", "language")


def consent_parts(consent: Consent) -> tuple[Json, list[Issue]]:
    document: Json = consent.model_dump(mode="json", exclude_none=True)
    attachment = document.get("sourceAttachment")
    if attachment is not None and "data" in attachment:
        raise invalid(
            "Kith does not store consent documents: send Consent.sourceAttachment.url (where"
            " the signed form is kept in your system) instead of its data",
            "Consent.sourceAttachment.data",
        )
    for custodian in consent.organization or []:
        if target_id(custodian, "Organization") is None:
            raise invalid("Consent.organization is Organization/<id>", "Consent.organization")
    kept = {key: document[key] for key in KEPT if key in document}
    if attachment is not None:
        kept["sourceAttachment"] = {k: attachment[k] for k in LINK_FIELDS if k in attachment}
    warnings = [
        Issue(
            "informational",
            f"Consent.{key} is not stored by Kith; it was not kept",
            (f"Consent.{key}",),
            severity="warning",
        )
        for key in document
        if key not in USED and key not in KEPT and key != "sourceAttachment"
    ]
    return kept, warnings
