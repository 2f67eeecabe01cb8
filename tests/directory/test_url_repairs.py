"""URLs and emails are cleaned as what they are, not as HTML: query strings keep their `&`,
repairable values are repaired (and say so), and the rest is refused with a reason."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st
from kith_directory.domain.urls import clean_email, clean_url, repair_email, repair_url

ENTITY_NAMES = ["section", "region", "notify", "copy", "not", "para", "reg", "times", "lang"]


@given(
    st.lists(
        st.tuples(st.sampled_from(ENTITY_NAMES), st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True)),
        min_size=1,
        max_size=5,
    )
)
def test_query_strings_survive_whatever_they_spell(params: list[tuple[str, str]]) -> None:
    query = "&".join(f"{name}={value}" for name, value in params)
    url = f"https://www.example.co.uk/page?tab=profile&{query}"
    assert clean_url(url) == url
    assert urlsplit(clean_url(url) or "").query == f"tab=profile&{query}"


def test_the_reported_council_urls_are_kept_exactly() -> None:
    for url in (
        "https://github.com/settings?tab=profile&section=username",
        "https://maps.example.org/?q=LS1&region=uk&notify=1&copy=2",
    ):
        assert clean_url(url) == url
        assert repair_url(url).note is None


def test_broken_schemes_are_repaired_with_a_note() -> None:
    cases = {
        "http:www.example.co.uk": "http://www.example.co.uk",
        "https:/example.co.uk": "https://example.co.uk",
        "https//example.co.uk/a?b=1&c=2": "https://example.co.uk/a?b=1&c=2",
        "HTTPS://Example.co.uk/x": "HTTPS://Example.co.uk/x",
        "www.example.org/x": "https://www.example.org/x",
        " <https://example.org/x> ": "https://example.org/x",
        "https://example.org/a?b=1&amp;c=2": "https://example.org/a?b=1&c=2",
        '<a href="https://example.org/x?a=1&b=2">site</a>': "https://example.org/x?a=1&b=2",
    }
    for raw, want in cases.items():
        fixed = repair_url(raw)
        assert fixed.value == want, raw
        if raw != want:
            assert fixed.note
            assert raw.strip()[:10] in fixed.note


def test_unusable_urls_are_refused_with_why() -> None:
    for raw in ("javascript:alert(1)", "not a url", "ftp://example.org", "https://", "http:///x"):
        refused = repair_url(raw)
        assert refused.value is None, raw
        assert refused.note, raw


def test_emails_ending_in_a_dot_or_wrapped_are_repaired() -> None:
    assert repair_email("help@example.co.uk.").value == "help@example.co.uk"
    assert repair_email("help@example.co.uk.").note
    assert repair_email("<Help@Example.org>").value == "Help@Example.org"
    assert repair_email(" help@example.org; ").value == "help@example.org"
    assert clean_email("mailto:help@example.org?subject=Hi&body=x") == "help@example.org"
    assert repair_email("help@example.org").note is None
    assert repair_email("nobody at example").value is None
    assert repair_email("nobody at example").note
