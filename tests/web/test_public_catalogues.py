"""The public pages' catalogues: the template holds every string the code and templates mark,
every language translates every one of them with the same placeholders, and the reviews file
records each (language, string) with nothing shown as reviewed that no named person checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from kith_web.public import i18n

WEB = Path(i18n.__file__).resolve().parents[3]  # services/web
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TRANSLATED = [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]


def template_ids() -> set[str]:
    with (i18n.HERE / "public.pot").open("rb") as raw:
        return {str(m.id) for m in read_po(raw) if m.id}


def catalogue(code: str) -> dict[str, str]:
    with (i18n.HERE / code / "LC_MESSAGES" / "public.po").open("rb") as raw:
        return {str(m.id): str(m.string) for m in read_po(raw, locale=code) if m.id}


def test_the_template_holds_every_string_the_pages_mark() -> None:
    method_map = [("src/kith_web/public/**.py", "python"),
                  ("src/kith_web/templates/public/**.html", "jinja2")]  # fmt: skip
    options = {"src/kith_web/templates/public/**.html": {"extensions": "jinja2.ext.i18n"}}
    marked = {
        str(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            WEB, method_map, options, keywords={"_": None, "gettext": None, "N_": None}
        )
    }
    assert marked == template_ids(), "re-extract public.pot (translations/README.md)"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_translates_every_message_id(code: str) -> None:
    translated = catalogue(code)
    assert set(translated) == template_ids()
    untranslated = sorted(msgid for msgid, text in translated.items() if not text.strip())
    assert not untranslated, f"{code} lacks {len(untranslated)}: {untranslated[:5]}"
    for msgid, text in translated.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_the_reviews_file_has_one_row_for_each_language_and_string() -> None:
    rows = i18n.review_rows()
    keys = [(r["language"], r["msgid"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == {(code, msgid) for code in TRANSLATED for msgid in template_ids()}


def test_nothing_is_shown_as_reviewed_without_a_named_reviewer_and_a_date() -> None:
    for row in i18n.review_rows():
        assert row["status"] in ("unreviewed", "reviewed"), row
        if row["status"] == "reviewed":
            assert row["reviewer"].strip(), row
            assert row["reviewed_on"].strip(), row
        else:
            assert not row["reviewer"], row
            assert row["drafted_by"], row


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_language_is_a_draft_while_any_of_its_strings_is_unreviewed(code: str) -> None:
    unreviewed = [
        r for r in i18n.review_rows() if r["language"] == code and r["status"] != "reviewed"
    ]
    assert i18n.is_draft(code) == bool(unreviewed)
