"""The prescriber's forms as data: whatever a browser sends, reading it never fails, keeps
only values the form offered, and the gateway input it becomes is well formed."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from kith_web.prescriber import availability
from kith_web.prescriber import consent_form as cf
from kith_web.prescriber import profile_form as pf
from kith_web.prescriber.words import (
    ACCESS,
    AGE_BANDS,
    CATEGORIES,
    DAYS,
    LANGUAGES,
    METHODS,
    PURPOSES,
    TIMES,
)
from starlette.datastructures import FormData, UploadFile

NAMES = ["pseudonym", "place", "home_area", "area_name", "needs", "what_matters", "languages",
         "age_band", "gender", "days", "times",
         "preferred_language", "interpreter", "faith", "groups", "access", "travel_km",
         "organisations", "categories", "purpose", "method", "months", "starts"]  # fmt: skip
pairs = st.lists(st.tuples(st.sampled_from(NAMES), st.text(max_size=300)), max_size=40)


def _form(given: list[tuple[str, str]]) -> FormData:
    items: list[tuple[str, str | UploadFile]] = list(given)
    return FormData(items)


sent_forms = pairs.map(_form)


def test_a_complete_form_becomes_the_gateways_profile_input() -> None:
    sent = FormData([
        ("pseudonym", "  BD-0042 "), ("home_area", "E01010568"), ("needs", "food"),
        ("needs", "loneliness"), ("what_matters", " Seeing people "), ("languages", "ur"),
        ("preferred_language", "ur"), ("interpreter", "yes"), ("faith", "faith-based"),
        ("groups", "women-only"), ("access", "step-free"), ("travel_km", "3"),
    ])  # fmt: skip
    form = pf.read_profile(sent)
    assert not pf.check(form)
    assert pf.to_input(form) == {
        "homeArea": "E01010568",
        "needs": ["food", "loneliness"],
        "maxTravelKm": 3.0,
        "languages": ["ur"],
        "preferredLanguage": "ur",
        "interpreterNeeded": True,
        "preferences": ["faith-based", "women-only"],
        "accessNeeds": ["step-free"],
        "whatMatters": "Seeing people",
        "ageBand": None,
        "gender": None,
        "availability": [],  # nothing chosen: any time
    }


def test_age_gender_and_the_days_and_times_they_can_come() -> None:
    sent = FormData([("age_band", "25-34"), ("gender", "female"), ("days", "FR"), ("days", "MO"),
                     ("times", "morning"), ("days", "XX"), ("times", "night")])  # fmt: skip
    made = pf.to_input(pf.read_profile(sent))
    assert (made["ageBand"], made["gender"]) == ("25-34", "female")
    assert made["availability"] == [
        {"day": "MO", "start": "09:00", "end": "12:00"},
        {"day": "FR", "start": "09:00", "end": "12:00"},
    ]
    assert availability.words(made["availability"]) == "Mondays and Fridays: mornings"
    evenings = availability.windows([], ["evening"])  # no day chosen: every day
    assert [w["day"] for w in evenings] == list(DAYS)
    assert availability.words([]) == "Any time"


@given(st.lists(st.sampled_from(list(DAYS)), min_size=1), st.lists(st.sampled_from(list(TIMES))))
def test_days_and_times_come_back_as_they_were_chosen(days: list[str], times: list[str]) -> None:
    made = availability.windows(days, times)
    again = availability.chosen(made)
    assert again == (
        [d for d in DAYS if d in days],
        [t for t in TIMES if t in times] or list(TIMES),
    )
    said = availability.words(made)
    assert all(f"{DAYS[d]}s" in said for d in days)


def test_an_empty_form_says_what_is_missing_next_to_each_field() -> None:
    errors = pf.check(pf.read_profile(FormData()))
    assert [e.field for e in errors] == ["pseudonym", "needs", "place"]
    typed = pf.check(pf.read_profile(FormData([("place", "Shipley")])))
    assert typed.for_field("place") == {"text": "Choose the neighbourhood they live in"}


def test_the_preferred_language_is_always_one_they_speak() -> None:
    form = pf.read_profile(FormData([("languages", "pl"), ("preferred_language", "bn")]))
    assert form.languages == ["bn", "pl"]


def test_a_recorded_profile_shows_again_as_it_was_saved() -> None:
    sent = FormData([("pseudonym", "BD-1"), ("home_area", "E01010568"), ("needs", "food"),
                     ("faith", "not-faith-based"), ("travel_km", "10"), ("age_band", "85+"),
                     ("gender", "male"), ("days", "TU"), ("times", "evening")])  # fmt: skip
    form = pf.read_profile(sent)
    again = pf.from_record("BD-1", pf.to_input(form), "Bradford 016A")
    assert (again.age_band, again.gender, again.days, again.times) == (
        "85+",
        "male",
        ["TU"],
        ["evening"],
    )
    assert pf.to_input(again) == pf.to_input(form)
    assert again.area_name == "Bradford 016A"


@given(sent_forms)
def test_any_profile_form_reads_into_offered_values_only(sent: FormData) -> None:
    form = pf.read_profile(sent)
    made = pf.to_input(form)
    assert set(made["languages"]) <= set(LANGUAGES)
    assert made["preferredLanguage"] in made["languages"]
    assert set(made["accessNeeds"]) <= set(ACCESS)
    assert 0 < made["maxTravelKm"] <= 50
    assert made["ageBand"] in {*AGE_BANDS, None} - {""}
    assert {w["day"] for w in made["availability"]} <= set(DAYS)
    assert len(form.pseudonym) <= pf.MAX_REFERENCE
    assert len(made["whatMatters"]) <= pf.MAX_TEXT
    assert bool(pf.check(form)) == (not (form.pseudonym and form.needs and form.home_area))


@given(sent_forms)
def test_any_consent_form_names_only_organisations_the_page_offered(sent: FormData) -> None:
    offered = {"org-1": "Bradford Food Bank", "org-2": "Keighley Pantry"}
    form = cf.read_consent(sent, offered)
    assert set(form.organisations) <= set(offered)
    made = cf.to_input(form, "BD-1", "key-12345678", datetime(2026, 12, 3, tzinfo=UTC))
    assert set(made["categories"]) <= set(CATEGORIES)
    assert made["purpose"] in PURPOSES
    assert datetime.fromisoformat(made["expiresAt"]) > datetime(2027, 2, 1, tzinfo=UTC)
    if not cf.check(form):
        assert made["method"] in METHODS
        assert made["sharedWithOrganisationIds"]


def test_the_same_consent_form_sent_twice_asks_for_the_same_consent() -> None:
    sent = FormData([("organisations", "org-1"), ("method", "VERBAL"), ("months", "6"),
                     ("starts", "2026-12-03")])  # fmt: skip
    form = cf.read_consent(sent, {"org-1": "Bradford Food Bank"})
    first = cf.to_input(form, "BD-1", "key-12345678", datetime(2026, 12, 3, 23, 59, tzinfo=UTC))
    again = cf.to_input(form, "BD-1", "key-12345678", datetime(2026, 12, 4, 0, 1, tzinfo=UTC))
    assert first == again  # a double submit across midnight too: the key replays, not refuses
    assert first["expiresAt"] == "2027-06-02T00:00:00+00:00"  # the end of day 180


def test_a_consent_form_cannot_choose_its_own_start_day() -> None:
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    for starts in ("2026-12-05", "2026-11-01", "not a day", ""):
        sent = FormData([("months", "3"), ("starts", starts)])
        form = cf.read_consent(sent, {})
        assert cf.first_day(form, now).isoformat() == "2026-12-03"


def test_the_consent_statement_names_what_is_shared_and_with_whom() -> None:
    offered = {"org-1": "Bradford Food Bank"}
    sent = FormData([("organisations", "org-1"), ("categories", "HOME_AREA"),
                     ("method", "VERBAL"), ("months", "3")])  # fmt: skip
    form = cf.read_consent(sent, offered)
    said = cf.statement(form, offered)
    assert "the neighbourhood you live in with Bradford Food Bank" in said
    assert "3 months" in said
    assert "your name" in said  # what is never shared is said too
