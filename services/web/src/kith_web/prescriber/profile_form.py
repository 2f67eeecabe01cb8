"""The "record a person" form as data: read from what the browser sent (anything at all),
checked for what the page itself needs, and turned into the gateway's ProfileInput. The
gateway validates the rest and its messages are shown next to the fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from kith_web.forms import FormErrors
from kith_web.prescriber import availability
from kith_web.prescriber.words import (
    ACCESS,
    AGE_BANDS,
    DAYS,
    FAITH,
    GENDERS,
    GROUPS,
    LANGUAGES,
    TIMES,
    TRAVEL_KM,
)

MAX_TEXT = 2000
MAX_REFERENCE = 64
MAX_PLACE = 100


# What a submitted form offers (starlette's FormData is one).
Sent = ImmutableMultiDict[str, Any]


@dataclass
class ProfileForm:
    pseudonym: str = ""
    place: str = ""
    home_area: str = ""  # the chosen neighbourhood's code (a radio's value, never shown)
    area_name: str = ""  # its name, carried with it so the form can say where was chosen
    needs: list[str] = field(default_factory=list)
    what_matters: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    preferred_language: str = "en"
    interpreter: bool = False
    faith: str = ""
    groups: str = ""
    access: list[str] = field(default_factory=list)
    travel_km: str = "5"
    age_band: str = ""  # "": not recorded
    gender: str = ""  # "": not recorded; used only for groups for women or men only
    days: list[str] = field(default_factory=list)  # none, and no times: any time
    times: list[str] = field(default_factory=list)


def _text(sent: Sent, name: str, limit: int) -> str:
    return " ".join(str(sent.get(name, "") or "").split())[:limit]


def _chosen(sent: Sent, name: str, allowed: dict[str, str]) -> list[str]:
    return sorted({str(v) for v in sent.getlist(name) if str(v) in allowed})


def _one_of(sent: Sent, name: str, allowed: dict[str, str], default: str) -> str:
    value = str(sent.get(name, default) or "")
    return value if value in allowed else default


def read_profile(sent: Sent) -> ProfileForm:
    """Whatever was sent becomes a form that can be shown again; unknown values are dropped."""
    languages = _chosen(sent, "languages", LANGUAGES)
    preferred = _one_of(sent, "preferred_language", LANGUAGES, "en")
    return ProfileForm(
        pseudonym=_text(sent, "pseudonym", MAX_REFERENCE),
        place=_text(sent, "place", MAX_PLACE),
        home_area=_text(sent, "home_area", 16),
        area_name=_text(sent, "area_name", MAX_PLACE),
        needs=sorted({str(v)[:64] for v in sent.getlist("needs") if str(v).strip()}),
        what_matters=str(sent.get("what_matters", "") or "").strip()[:MAX_TEXT],
        languages=sorted(set(languages) | {preferred}),
        preferred_language=preferred,
        interpreter=sent.get("interpreter") == "yes",
        faith=_one_of(sent, "faith", FAITH, ""),
        groups=_one_of(sent, "groups", GROUPS, ""),
        access=_chosen(sent, "access", ACCESS),
        travel_km=_one_of(sent, "travel_km", TRAVEL_KM, "5"),
        age_band=_one_of(sent, "age_band", AGE_BANDS, ""),
        gender=_one_of(sent, "gender", GENDERS, ""),
        days=[d for d in DAYS if d in sent.getlist("days")],
        times=[t for t in TIMES if t in sent.getlist("times")],
    )


def check(form: ProfileForm) -> FormErrors:
    """What the page needs before it asks the gateway (the gateway checks the codes)."""
    errors = FormErrors()
    if not form.pseudonym:
        errors.add("pseudonym", "Enter your reference for this person (not their name)")
    if not form.needs:
        errors.add("needs", "Choose at least one thing they need help with")
    if not form.home_area:
        message = (
            "Choose the neighbourhood they live in"
            if form.place
            else "Enter a neighbourhood, town or postcode, then choose where they live"
        )
        errors.add("place", message)
    return errors


def to_input(form: ProfileForm) -> dict[str, Any]:
    """The gateway's ProfileInput."""
    return {
        "homeArea": form.home_area,
        "needs": form.needs,
        "maxTravelKm": float(form.travel_km),
        "languages": form.languages,
        "preferredLanguage": form.preferred_language,
        "interpreterNeeded": form.interpreter,
        "preferences": [p for p in (form.faith, form.groups) if p],
        "accessNeeds": form.access,
        "whatMatters": form.what_matters,
        "ageBand": form.age_band or None,
        "gender": form.gender or None,
        "availability": availability.windows(form.days, form.times),
    }


def from_record(
    pseudonym: str | None, profile: dict[str, Any], area_name: str | None
) -> ProfileForm:
    """A recorded person's profile, as the form shows it for editing."""
    preferences = set(profile.get("preferences") or [])
    km = str(int(profile["maxTravelKm"])) if profile.get("maxTravelKm") else "5"
    days, times = availability.chosen(profile.get("availability") or [])
    return ProfileForm(
        pseudonym=pseudonym or "",
        home_area=profile["homeArea"],
        area_name=area_name or "",
        needs=sorted(profile["needs"]),
        what_matters=profile.get("whatMatters") or "",
        languages=sorted(profile.get("languages") or ["en"]),
        preferred_language=profile.get("preferredLanguage") or "en",
        interpreter=bool(profile.get("interpreterNeeded")),
        faith=next((p for p in preferences if p in FAITH), ""),
        groups=next((p for p in preferences if p in GROUPS), ""),
        access=sorted(profile.get("accessNeeds") or []),
        travel_km=km if km in TRAVEL_KM else "5",
        age_band=profile.get("ageBand") or "",
        gender=profile.get("gender") or "",
        days=days,
        times=times,
    )


# The gateway's InputError fields, as the ids of this form's inputs.
FIELD_IDS = {"homeArea": "place", "needs": "needs", "pseudonym": "pseudonym",
             "whatMatters": "what_matters", "languages": "languages",
             "preferredLanguage": "preferred_language", "accessNeeds": "access",
             "preferences": "faith", "maxTravelKm": "travel_km", "ageBand": "age_band",
             "gender": "gender", "availability": "days"}  # fmt: skip


def field_id(api_field: str) -> str:
    return FIELD_IDS.get(api_field.split(".")[-1], "pseudonym")
