"""The journey pages' pure parts: the chart's words, the questionnaire form's reading and
the refusals worded next to their questions, and the evaluation in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from kith_web.journey import carer_form as cf
from kith_web.journey import evaluation_words as ew
from kith_web.journey import measure_form as mf
from kith_web.journey import view
from kith_web.journey.chart import Point, Series, render
from starlette.datastructures import FormData

PEG = {"id": "peg", "name": "PEG", "options": [{"value": v, "label": str(v)} for v in range(11)],
       "items": [{"id": i, "text": t} for i, t in (("pain", "Pain"), ("enjoyment", "Enjoy"),
                                                    ("activity", "Activity"))]}  # fmt: skip
TODAY = date(2026, 12, 3)


def test_the_chart_says_in_words_what_it_draws() -> None:
    points = [Point(datetime(2026, 1, 5, tzinfo=UTC), 14.0, "baseline"),
              Point(datetime(2026, 3, 5, tzinfo=UTC), 9.0, "review")]  # fmt: skip
    series = Series("PHQ-9 total", 0, 27, True, points)
    svg = render(series)
    assert series.summary == ("PHQ-9 total over time (lower is better, from 0 to 27): 14 at"
                              " baseline on 5 Jan 2026; 9 at review on 5 Mar 2026.")  # fmt: skip
    assert "role='img'" in svg and "<polyline" in svg  # noqa: PT018
    assert svg.count("<circle") == 2


@given(st.lists(st.floats(0, 10), min_size=1, max_size=12))
def test_every_point_stays_inside_the_chart(values: list[float]) -> None:
    points = [
        Point(datetime(2026, 1, 1 + i, tzinfo=UTC), v, "review") for i, v in enumerate(values)
    ]
    svg = render(Series("PEG", 0, 10, True, points))
    for part in svg.split("<circle")[1:]:
        x = float(part.split("cx='")[1].split("'")[0])
        y = float(part.split("cy='")[1].split("'")[0])
        assert 0 <= x <= 640 and 0 <= y <= 260  # noqa: PT018


def test_the_form_reads_answers_and_refuses_what_it_can_see() -> None:
    sent = FormData([("timepoint", "REVIEW"), ("taken_on", "2026-12-01"), ("item-pain", "7"),
                     ("item-enjoyment", "11")])  # fmt: skip
    submitted, errors = mf.read(sent, PEG, TODAY)
    assert submitted.answers == {"pain": 7}
    assert [(e.field, e.message) for e in errors] == [
        ("item-enjoyment", "Choose one of the answers to “Enjoy”")]  # fmt: skip
    future = FormData([("timepoint", "NOW"), ("taken_on", "2026-12-04")])
    _, errors = mf.read(future, PEG, TODAY)
    assert [e.field for e in errors] == ["timepoint", "taken_on", "item-pain"]


def test_the_gateways_refusal_lands_next_to_the_question() -> None:
    s = mf.Submitted("BASELINE", "2026-12-01", {"pain": 4})
    missing = mf.refused("answers", "too many items unanswered to score (missing: enjoyment,"
                         " activity)", PEG, s)  # fmt: skip
    (only,) = list(missing)
    assert only.field == "item-enjoyment"
    assert only.message.startswith("Not answered: questions 2, 3. PEG cannot be scored")
    (item,) = list(mf.refused("answers.pain", "11 is not an answer", PEG, s))
    assert item.field == "item-pain"


def _group(mean: float | None, low: float | None, high: float | None) -> dict[str, object]:
    return {"meanChange": mean, "changeLow": low, "changeHigh": high}


def test_the_evaluation_in_words() -> None:
    assert ew.change_words(_group(-3.0, -4.5, -1.5), True) == "-3.0 (-4.5 to -1.5): better".replace(
        "-", "\N{MINUS SIGN}"
    )
    assert ew.change_words(_group(-3.0, -4.5, -1.5), False).endswith(": worse")
    assert ew.change_words(_group(0.5, -1.0, 2.0), True).endswith("no clear change")
    assert ew.change_words(_group(None, None, None), True) == "[c]"
    assert ew.group_words("imd_quintile", "IMD quintile 1") == "Most deprived fifth of England"
    assert ew.group_words("language", "pl") == "Polish"
    assert ew.group_words("ethnicity", "white_british") == "White British"
    assert ew.group_words("tier", "tier 2") == "Tier 2"
    assert ew.group_words("ethnicity", "not stated") == "Not stated"


def test_the_carer_form_becomes_the_apis_input() -> None:
    sent = FormData([("idempotency_key", "k1"), ("carer_reference", " PSN-0043 "),
                     ("relationship", "partner"), ("may_see", "goals"), ("may_see", "measures"),
                     ("consent_method", "VERBAL"), ("channels", "text"),
                     ("best_times", " evenings ")])  # fmt: skip
    given, errors, entered = cf.read(sent, "person-1")
    assert not errors
    assert given == {"idempotencyKey": "k1", "personId": "person-1",
                     "carerReference": "PSN-0043", "relationship": "partner",
                     "maySee": ["goals", "measures"], "mayDo": [], "consentMethod": "VERBAL",
                     "channels": ["text"], "bestTimes": "evenings"}  # fmt: skip
    assert entered["carer-may-see"] == ["goals", "measures"]


def test_the_carer_form_refuses_what_it_can_see_next_to_each_field() -> None:
    _, errors, entered = cf.read(FormData([("carer_reference", "  "), ("relationship", "boss")]),
                                 "person-1")  # fmt: skip
    assert [e.field for e in errors] == ["carer-reference", "carer-relationship",
                                         "carer-may-see", "carer-consent",
                                         "carer-channels"]  # fmt: skip
    assert entered["carer-relationship"] == "boss"  # kept, to show again
    # What the coach may choose is offered in words, and every gateway field has a home.
    assert set(cf.CHOICES["relationships"]) == set(view.RELATIONSHIPS)
    assert set(cf.FIELDS.values()) >= {e.field for e in errors}


@given(st.lists(st.sampled_from(sorted(view.SEE)), unique=True),
       st.lists(st.sampled_from(sorted(view.DO)), unique=True))  # fmt: skip
def test_a_carer_may_see_or_do_something(see: list[str], do: list[str]) -> None:
    pairs = [("may_see", s) for s in see] + [("may_do", d) for d in do]
    given_, errors, _ = cf.read(FormData([("carer_reference", "PSN-1"), *pairs]), "p")
    assert given_["maySee"] == see and given_["mayDo"] == do  # noqa: PT018
    assert ("carer-may-see" in {e.field for e in errors}) == (not see and not do)
