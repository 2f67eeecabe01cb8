"""The directory's vocabulary on the public pages (need names, the languages services speak,
venue access) and the gateway's refusals are said in the page's language: each term has a
catalogue entry, and no page in Urdu, Punjabi, Bengali or Polish shows one in English."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from kith_common.graph import Graph
from kith_devstack import demo_catalogue
from kith_gateway.matching.domain.constraints import LANGUAGE_NAMES
from kith_gateway.public.asking import BestTime, ContactBy, InvalidAsk, check_ask
from kith_gateway.public.vocabulary import LANGUAGE_WORDS, NEED_WORDS
from kith_web.public import i18n, problems, vocabulary

from tests.helpers.public_web import warm
from tests.helpers.web_stack import WebStack

TRANSLATED = [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]


def test_every_need_and_language_the_directory_knows_has_a_catalogue_entry() -> None:
    assert {n.code: n.label for n in demo_catalogue.NEEDS} == vocabulary.NEEDS
    assert set(NEED_WORDS) <= set(vocabulary.NEEDS)
    spoken = (
        set(LANGUAGE_WORDS) | set(LANGUAGE_NAMES) | {c for _n, c, _m in demo_catalogue.LANGUAGES}
    )
    assert spoken <= set(vocabulary.LANGUAGES)
    assert {label for _c, label, _d, _p in demo_catalogue.ACCESS} <= vocabulary.ACCESS


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_term_is_shown_in_the_pages_language_and_an_unknown_one_as_english(code: str) -> None:
    labels = vocabulary.Labels(i18n.translations(code).gettext, code)
    food = labels.need({"code": "food", "name": "Food"})
    assert food.lang == code
    assert food.text not in ("Food", "Food insecurity")
    assert labels.language({"code": "ar", "name": "Arabic"}).text != "Arabic"
    assert labels.access("Hearing loop").text != "Hearing loop"
    assert labels.need({"code": "kites", "name": "Kite flying"}) == vocabulary.Label(
        "Kite flying", "en"
    )
    assert labels.access("Braille menus") == vocabulary.Label("Braille menus", "en")


def test_a_language_menu_names_each_language_in_its_own_script_then_the_pages() -> None:
    english = vocabulary.Labels(i18n.translations("en").gettext, "en")
    assert english.menu_name("ur") == "اردو \u2013 Urdu"  # an en dash
    assert english.menu_name("en") == "English"
    bengali = vocabulary.Labels(i18n.translations("bn").gettext, "bn")
    assert bengali.menu_name("bn") == "বাংলা"  # its name once, not twice
    assert bengali.menu_name("ur") == "اردو \u2013 উর্দু"


REFUSED = [  # one input the gateway refuses for each of its reasons
    {"contact_by": "PHONE", "phone": "123"},
    {"contact_by": "EMAIL", "email": "not an address"},
    {"contact_by": "PHONE", "phone": None},
    {"contact_by": "EMAIL", "email": None},
    {"help_with": "  "},
    {"help_with": "x" * 5000},
    {"name": "n" * 500},
    {"language": "not a language"},
    {"consent": False},
]


def refusal(changes: dict[str, Any]) -> str:
    ask: dict[str, Any] = {
        "idempotency_key": "a-key-of-sixteen-chars", "service_id": "s", "name": None,
        "contact_by": "PHONE", "phone": "07700 900982", "email": "a@example.com",
        "best_time": BestTime.ANY, "language": "ur", "help_with": "food", "consent": True,
        "website": None,
    } | changes  # fmt: skip
    ask["contact_by"] = ContactBy[ask["contact_by"]]
    with pytest.raises(InvalidAsk) as refused:
        check_ask(**ask)
    return refused.value.message


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("changes", REFUSED)
def test_every_refusal_of_a_self_referral_is_said_in_the_pages_language(
    code: str, changes: dict[str, Any]
) -> None:
    english = refusal(changes)
    said = problems.ask_problem(english, i18n.translations(code).gettext)
    assert said != english
    assert said != problems.ask_problem("something new", i18n.translations(code).gettext), english
    assert not re.search(r"[A-Za-z]{4,}", said.replace("name@example.com", "")) or code == "pl"


class PageLanguageText(HTMLParser):
    """The body's text in the page's own language: not inside an element marked as written in
    another (listing content, the switcher's names, the English half of the draft notice)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = [("html", page_lang)]
        self.texts: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body |= tag == "body"
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang") or self.stack[-1][1]))

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.in_body and self.stack[-1][1] == self.stack[0][1] and data.strip():
            self.texts.append(data)


def english_labels_in(html: str, code: str, labels: set[str]) -> list[str]:
    parser = PageLanguageText(code)
    parser.feed(html)
    text = "\n".join(parser.texts)
    return sorted(w for w in labels if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


async def data_vocabulary(graph: Graph) -> dict[str, set[tuple[str, str]]]:
    """The needs and languages the directory's data names (code, English name)."""
    rows = await graph.query(
        "MATCH (n:Need) RETURN 'need' AS kind, n.code AS code, n.name AS name "
        "UNION MATCH (g:Language) RETURN 'language' AS kind, g.code AS code, g.name AS name"
    )
    found: dict[str, set[tuple[str, str]]] = {"need": set(), "language": set()}
    for row in rows:
        found[row["kind"]].add((row["code"], row["name"] or row["code"]))
    return found


def untranslated_candidates(code: str, data: dict[str, set[tuple[str, str]]]) -> set[str]:
    """Every English name of a term, but those the catalogue says are the same in `code`
    (Polish writes Urdu as "Urdu")."""
    _ = i18n.translations(code).gettext
    names = {
        name for kind, table in (("need", vocabulary.NEEDS), ("language", vocabulary.LANGUAGES))
        for term, name in data[kind] if _(table.get(term, name)) != name
    } | {label for label in vocabulary.ACCESS if _(label) != label}  # fmt: skip
    return names | {v for table in (vocabulary.NEEDS, vocabulary.LANGUAGES) for v in table.values()
                    if _(v) != v}  # fmt: skip


async def first_taking_asks(client: httpx.AsyncClient, paths: list[str]) -> str:
    for path in paths:
        if (await client.get(path + "/contact")).status_code == 200:
            return path
    raise AssertionError(f"none of {paths} takes self-referrals")


async def test_no_public_page_in_another_language_shows_a_term_or_a_refusal_in_english(
    web_stack: WebStack, district: Graph
) -> None:
    data = await data_vocabulary(district)
    assert {c for c, _n in data["need"]} <= set(vocabulary.NEEDS)  # each has a catalogue entry
    assert {c for c, _n in data["language"]} <= set(vocabulary.LANGUAGES)
    await warm(web_stack, "food in Keighley")
    async with httpx.AsyncClient(base_url=web_stack.web, timeout=120) as client:
        results = (await client.get("/", params={"q": "food in Keighley"})).text
        paths = list(dict.fromkeys(re.findall(r'href="(/services/[^"?/]+)"', results)))[:6]
        asked = await first_taking_asks(client, paths)
        pages = ["/?q=food+in+Keighley", *(p + "?" for p in paths), asked + "/contact?"]
        english = untranslated_candidates("bn", data)  # the detector finds English terms:
        assert "Food insecurity" in english_labels_in(results, "en", english)
        for code in TRANSLATED:
            candidates = untranslated_candidates(code, data)
            for path in pages:
                html = (await client.get(f"{path}&lang={code}")).text
                shown = english_labels_in(html, code, candidates)
                assert not shown, f"{path}&lang={code} shows {shown} in English"
        await refusal_and_menu_in_own_language(client, asked)


async def refusal_and_menu_in_own_language(client: httpx.AsyncClient, service: str) -> None:
    """A self-referral refused (no consent: checked before any rate limit counts it) says why
    in Urdu; searching from the menu of needs, in Bengali, needs no English word."""
    form = {"idempotency_key": "vocabulary-test-0001", "contact_by": "PHONE",
            "phone": "07700 900123", "help_with": "food", "language": "ur"}  # fmt: skip
    refused = await client.post(f"{service}/contact", params={"lang": "ur"}, data=form)
    assert refused.status_code == 422
    why = "Tick the box to say we may share this with the service"
    assert i18n.translations("ur").gettext(why) in refused.text
    assert why not in refused.text
    found = await client.get("/", params={"need": "food", "lang": "bn"})
    assert i18n.translations("bn").gettext("Food insecurity") in found.text
    assert 'class="nhsuk-card nhsuk-card--clickable kith-card"' in found.text
