"""The directory's vocabulary that the public pages show from data: the Kith needs, the
languages services speak and the venue access the directory records. Each term is translated
by its code (or its exact English label), with a catalogue entry per term; a term the
catalogue does not know is shown as the data names it, marked as English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kith_web.public.words import N_, Gettext

# The Kith needs taxonomy (code -> its English label, as the directory's demo taxonomy names it).
NEEDS = {
    "pain": N_("Pain"), "sleep": N_("Sleep"), "low-mood": N_("Low mood"),
    "anxiety": N_("Anxiety and stress"), "loneliness": N_("Loneliness"),
    "social-isolation": N_("Social isolation"), "bereavement": N_("Bereavement"),
    "physical-activity": N_("Physical activity"), "weight": N_("Weight and healthy eating"),
    "food": N_("Food insecurity"), "debt": N_("Debt and money"), "housing": N_("Housing"),
    "employment": N_("Employment and skills"), "carers": N_("Caring for someone"),
    "substance-use": N_("Alcohol and drugs"), "digital-inclusion": N_("Digital inclusion"),
    "faith-support": N_("Faith and spiritual support"),
    "daily-living": N_("Daily living and independence"),
}  # fmt: skip

# The languages the search understands (ISO 639 codes; BSL under both of its codes).
LANGUAGES = {
    "en": N_("English"), "ur": N_("Urdu"), "pa": N_("Punjabi"), "bn": N_("Bengali"),
    "pl": N_("Polish"), "ar": N_("Arabic"), "gu": N_("Gujarati"), "hi": N_("Hindi"),
    "ro": N_("Romanian"), "sk": N_("Slovak"), "cs": N_("Czech"), "ku": N_("Kurdish"),
    "fa": N_("Persian (Farsi)"), "so": N_("Somali"), "ti": N_("Tigrinya"),
    "bsl": N_("British Sign Language"), "bfi": N_("British Sign Language"),
}  # fmt: skip

# Venue access as the directory's listings describe it (ORUK accessibility descriptions).
ACCESS = frozenset({N_("Step-free access"), N_("Wheelchair accessible"), N_("Hearing loop")})

# How each language of the search form's menus writes its own name.
AUTONYMS = {"ur": "اردو", "pa": "ਪੰਜਾਬੀ", "bn": "বাংলা", "pl": "Polski", "ar": "العربية",
            "gu": "ગુજરાતી"}  # fmt: skip


@dataclass(frozen=True)
class Label:
    text: str
    lang: str  # the language it is written in (the page's, or "en" for an unknown term)


class Labels:
    """One page's vocabulary in its language."""

    def __init__(self, gettext: Gettext, page_lang: str) -> None:
        self._ = gettext
        self.lang = page_lang

    def need(self, term: Mapping[str, Any]) -> Label:
        return self._by_code(NEEDS, term)

    def language(self, term: Mapping[str, Any]) -> Label:
        return self._by_code(LANGUAGES, term)

    def access(self, text: str) -> Label:
        return Label(self._(text), self.lang) if text in ACCESS else Label(text, "en")

    def needs(self) -> list[tuple[str, str]]:
        """Every Kith need (code, name in the page's language), for a menu."""
        return [(code, self._(label)) for code, label in NEEDS.items()]

    def menu_name(self, code: str) -> str:
        """A language in a menu: its own name, then its name in the page's language."""
        own, here = AUTONYMS.get(code, ""), self._(LANGUAGES[code])
        return f"{own} \u2013 {here}" if own and own != here else here  # an en dash

    def _by_code(self, names: Mapping[str, str], term: Mapping[str, Any]) -> Label:
        label = names.get(str(term.get("code")))
        if label is None:
            return Label(str(term.get("name") or term.get("code") or ""), "en")
        return Label(self._(label), self.lang)
