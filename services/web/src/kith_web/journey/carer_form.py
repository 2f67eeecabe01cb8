"""The "link a carer or family member" form: what the coach entered becomes the API's input,
or errors next to the fields they are about. The carer is another of the organisation's
people, named by its reference (the gateway finds the record); the gateway validates the
terms, this module only reads the form and keeps what was entered to show it again."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from kith_web.forms import FormErrors
from kith_web.journey.view import CHANNELS, DO, RELATIONSHIPS, SEE
from kith_web.prescriber.words import METHODS

# The gateway's input field -> the form field its refusal is shown next to.
FIELDS = {"carerReference": "carer-reference", "carerPersonId": "carer-reference",
          "relationship": "carer-relationship", "maySee": "carer-may-see",
          "mayDo": "carer-may-do", "consentMethod": "carer-consent",
          "channels": "carer-channels", "bestTimes": "carer-best-times"}  # fmt: skip


def _listed(sent: FormData, name: str) -> list[str]:
    return [str(v) for v in sent.getlist(name)]


def kept(sent: FormData) -> dict[str, Any]:
    """What was entered, by form field id, to fill the form in again after an error."""
    return {
        "carer-reference": str(sent.get("carer_reference", "")).strip(),
        "carer-relationship": str(sent.get("relationship", "")),
        "carer-may-see": _listed(sent, "may_see"),
        "carer-may-do": _listed(sent, "may_do"),
        "carer-consent": str(sent.get("consent_method", "")),
        "carer-channels": _listed(sent, "channels"),
        "carer-best-times": str(sent.get("best_times", "")).strip(),
    }


def _check(k: dict[str, Any]) -> FormErrors:
    errors = FormErrors()
    if not k["carer-reference"]:
        errors.add("carer-reference", "Enter the reference of the carer's own record")
    if k["carer-relationship"] not in RELATIONSHIPS:
        errors.add("carer-relationship", "Choose who the carer is to the person")
    if not k["carer-may-see"] and not k["carer-may-do"]:
        errors.add("carer-may-see", "Choose what the person agreed the carer may see or do")
    if k["carer-consent"] not in METHODS:
        errors.add("carer-consent", "Choose how the person agreed")
    if not k["carer-channels"]:
        errors.add("carer-channels", "Choose how the carer wants to be contacted")
    return errors


def read(sent: FormData, person_id: str) -> tuple[dict[str, Any], FormErrors, dict[str, Any]]:
    """(the API's LinkCarerInput, errors seen before asking the gateway, what was entered).
    Choices the form never offers (a tampered form) go to the gateway, which refuses them."""
    k = kept(sent)
    given = {"idempotencyKey": str(sent.get("idempotency_key", "")), "personId": person_id,
             "carerReference": k["carer-reference"], "relationship": k["carer-relationship"],
             "maySee": k["carer-may-see"], "mayDo": k["carer-may-do"],
             "consentMethod": k["carer-consent"], "channels": k["carer-channels"],
             "bestTimes": k["carer-best-times"]}  # fmt: skip
    return given, _check(k), k


def _labels(words: dict[str, str]) -> dict[str, str]:
    return {code: text[:1].upper() + text[1:] for code, text in words.items()}


# Each choice the form offers, in words (as labels: capitalised).
CHOICES = {"relationships": RELATIONSHIPS, "see": _labels(SEE), "do": _labels(DO),
           "channels": _labels(CHANNELS), "methods": METHODS}  # fmt: skip
