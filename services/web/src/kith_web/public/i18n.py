"""The public pages' languages: gettext catalogues (Babel `.po` files in `translations/`, read
once at start-up; no compile step), the language a request asks for (`?lang=ur`, else the
browser's Accept-Language, else English: no cookie), and which translations a native speaker
has checked (`translations/reviews.csv`). Until a language's strings are all reviewed its pages
say, visibly, that the translation has not yet been checked."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from starlette.requests import Request

HERE = Path(__file__).resolve().parent / "translations"
REVIEWS = HERE / "reviews.csv"


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str  # how the switcher names it, in its own script
    direction: str  # ltr / rtl
    font_class: str  # the self-hosted font that covers its script ("" for the default)


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "ltr", ""),
    Language("ur", "اردو", "rtl", "kith-font-urdu"),
    Language("pa", "ਪੰਜਾਬੀ", "ltr", "kith-font-gurmukhi"),
    Language("bn", "বাংলা", "ltr", "kith-font-bengali"),
    Language("pl", "Polski", "ltr", ""),
)
BY_CODE = {language.code: language for language in LANGUAGES}
DEFAULT = BY_CODE["en"]


def chosen(request: Request) -> Language:
    asked = request.query_params.get("lang", "")
    if asked in BY_CODE:
        return BY_CODE[asked]
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in BY_CODE:
            return BY_CODE[code]
    return DEFAULT


@cache
def translations(code: str) -> NullTranslations:
    path = HERE / code / "LC_MESSAGES" / "public.po"
    if code == "en" or not path.exists():
        return NullTranslations()
    with path.open("rb") as raw:
        catalog = read_po(raw, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="public")


@cache
def review_rows() -> list[dict[str, str]]:
    """reviews.csv: one row per language and msgid, `unreviewed` until a native speaker has
    checked it (then `reviewed`, with who and when)."""
    with REVIEWS.open(newline="", encoding="utf-8") as raw:
        return list(csv.DictReader(raw))


@cache
def reviewed(code: str) -> frozenset[str]:
    """The msgids a native speaker has reviewed in this language."""
    return frozenset(
        r["msgid"] for r in review_rows()
        if r["language"] == code and r["status"] == "reviewed" and r["reviewer"] and r["reviewed_on"]
    )  # fmt: skip


@cache
def is_draft(code: str) -> bool:
    """True while any string of this language's catalogue is unreviewed."""
    if code == "en":
        return False
    path = HERE / code / "LC_MESSAGES" / "public.po"
    with path.open("rb") as raw:
        ids = {str(m.id) for m in read_po(raw, locale=code) if m.id}
    return not ids <= reviewed(code)
