"""Instrument definitions: every built-in parses, scores as its published rule says, and the
validator refuses definitions that would score wrongly or without a citation."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.outcomes.instruments import (
    InvalidInstrument,
    built_in,
    loinc_ok,
    parse_instrument,
)
from kith_gateway.outcomes.scoring import InvalidResponse, change_reaches_mic, score

PHQ9, GAD7, ONS4, PEG, LONELY = (built_in()[i] for i in
                                 ("phq-9", "gad-7", "ons4", "peg", "ons-loneliness"))  # fmt: skip


def _doc(instrument_id: str) -> dict[str, Any]:
    from importlib import resources

    folder = resources.files("kith_gateway.outcomes") / "instruments"
    loaded: dict[str, Any] = json.loads((folder / f"{instrument_id}.json").read_text())
    return loaded


def test_the_five_free_instruments_ship() -> None:
    assert set(built_in()) == {"phq-9", "gad-7", "ons4", "peg", "ons-loneliness"}


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1] * 9, 9, "mild"),  # "several days" to everything
        ([0, 0, 1, 1, 0, 1, 0, 1, 0], 4, "none to minimal"),
        ([1, 1, 1, 1, 1, 2, 1, 1, 1], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "moderately severe"),
        ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
        ([3] * 9, 27, "severe"),
    ],
)
def test_phq9_is_the_sum_banded_at_kroenke_2001_cut_points(
    answers: list[int], total: int, band: str
) -> None:
    (s,) = score(PHQ9, {str(i + 1): a for i, a in enumerate(answers)})
    assert (s.value, s.band) == (total, band)


def test_phq9_item_9_is_flagged_for_the_practitioner() -> None:
    (s,) = score(PHQ9, {**{str(i): 0 for i in range(1, 9)}, "9": 1})
    assert s.flags == ("item-9-positive",)


def test_gad7_hl7_example_response_scores_minimal() -> None:
    # The answers of HL7's personal-health-record IG GAD-7 example response.
    (s,) = score(GAD7, dict(zip("1234567", [0, 0, 1, 1, 0, 1, 0], strict=True)))
    assert (s.value, s.band) == (3, "minimal")


@pytest.mark.parametrize(("total", "band"), [(4, "minimal"), (5, "mild"), (10, "moderate"),
                                             (15, "severe"), (21, "severe")])  # fmt: skip
def test_gad7_bands_follow_spitzer_2006(total: int, band: str) -> None:
    answers = [min(3, max(0, total - 3 * i)) for i in range(7)]
    (s,) = score(GAD7, dict(zip("1234567", answers, strict=True)))
    assert (s.value, s.band) == (total, band)


def test_ons4_reports_each_question_with_ons_thresholds() -> None:
    scores = score(ONS4, {"life-satisfaction": 4, "worthwhile": 7, "happiness": 9, "anxiety": 6})
    assert [(s.id, s.value, s.band) for s in scores] == [
        ("life-satisfaction", 4, "low"),
        ("worthwhile", 7, "high"),
        ("happiness", 9, "very high"),
        ("anxiety", 6, "high"),
    ]


def test_ons4_partial_answers_score_the_answered_questions_only() -> None:
    scores = score(ONS4, {"life-satisfaction": 5, "anxiety": 1})
    assert [(s.id, s.value) for s in scores] == [
        ("life-satisfaction", 5), ("worthwhile", None), ("happiness", None), ("anxiety", 1)
    ]  # fmt: skip


def test_peg_is_the_mean_of_three_rounded_half_up() -> None:
    (s,) = score(PEG, {"pain": 7, "enjoyment": 6, "activity": 7})
    assert s.value == 6.67
    (s,) = score(PEG, {"pain": 1, "enjoyment": 0, "activity": 0})
    assert s.value == 0.33


def test_loneliness_often_always_is_chronic() -> None:
    (s,) = score(LONELY, {"lonely": 5})
    assert (s.value, s.band) == (5, "chronic loneliness")


def test_answers_out_of_range_or_unknown_are_refused_with_the_item_named() -> None:
    with pytest.raises(InvalidResponse) as out_of_range:
        score(PHQ9, {str(i): 1 for i in range(1, 9)} | {"9": 4})
    assert out_of_range.value.field == "answers.9"
    with pytest.raises(InvalidResponse) as unknown:
        score(GAD7, {"8": 1})
    assert unknown.value.field == "answers.8"
    with pytest.raises(InvalidResponse, match="missing: 9"):
        score(PHQ9, {str(i): 1 for i in range(1, 9)})


@pytest.mark.parametrize(
    ("instrument", "score_id", "baseline", "later", "reached"),
    [
        ("phq-9", "total", 15, 10, True),  # Löwe 2004: 5 points
        ("phq-9", "total", 15, 11, False),
        ("gad-7", "total", 12, 8, True),  # Toussaint 2020: 4 points
        ("gad-7", "total", 12, 9, False),
        ("peg", "score", 6.0, 4.2, True),  # IMMPACT: 30% of the baseline
        ("peg", "score", 6.0, 4.21, False),
        ("peg", "score", 0.0, 0.0, None),
        ("ons4", "happiness", 3, 9, None),  # no published MIC
    ],
)
def test_minimal_important_change(
    instrument: str, score_id: str, baseline: float, later: float, reached: bool | None
) -> None:
    definition = built_in()[instrument].score(score_id)
    assert change_reaches_mic(definition, baseline, later) is reached


def test_every_loinc_code_shipped_passes_its_check_digit() -> None:
    codes = [c for i in built_in().values() for c in
             [i.loinc, *(it.loinc for it in i.items), *(s.loinc for s in i.scores)] if c]  # fmt: skip
    assert sorted(codes) == sorted([
        "44249-1", "44250-9", "44261-6", "69737-5", "70274-6",
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ])  # fmt: skip
    assert all(loinc_ok(c) for c in codes)
    assert not loinc_ok("44249-2")
    assert not loinc_ok("4424-91")


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("scores", 0, "range"), [0, 30], "scores[0].range"),
        (("scores", 0, "source"), "", "scores[0].source"),
        (("scores", 0, "mic"), None, "scores[0].mic_note"),
        (("scores", 0, "loinc"), "44261-7", "scores[0].loinc"),
        (("scores", 0, "items"), ["1", "99"], "scores[0].items"),
        (("scores", 0, "method"), "median", "scores[0].method"),
        (
            ("scores", 0, "missing"),
            {"rule": "prorate", "max_missing": 9, "source": "x"},
            "scores[0].missing.max_missing",
        ),
        (("scores", 0, "bands", 1, "from"), 3, "scores[0].bands"),
        (("options", 1, "value"), 0, "options"),
    ],
)
def test_validator_names_what_is_wrong(path: tuple[Any, ...], value: Any, where: str) -> None:
    doc = copy.deepcopy(_doc("phq-9"))
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(InvalidInstrument) as refused:
        parse_instrument(doc)
    assert refused.value.path == where


def test_a_service_adds_a_prorated_instrument_without_code() -> None:
    new = {
        "id": "demo-scale", "version": 1, "name": "A four-item demo scale", "licence": "CC0",
        "options": [{"value": v, "label": str(v)} for v in range(5)],
        "items": [{"id": f"q{i}", "text": f"Question {i}"} for i in range(1, 5)],
        "scores": [{
            "id": "total", "name": "Total", "method": "sum", "items": ["q1", "q2", "q3", "q4"],
            "range": [0, 16], "better": "higher", "source": "the scale's manual, p. 3",
            "missing": {"rule": "prorate", "max_missing": 1, "source": "the manual, p. 4"},
            "mic": {"kind": "absolute", "value": 2, "source": "the manual, p. 5"},
        }],
    }  # fmt: skip
    instrument = parse_instrument(new)
    (s,) = score(instrument, {"q1": 4, "q2": 3, "q3": 2})
    assert (s.value, s.missing) == (12, 1)  # mean 3 x 4 items


SIZES = st.integers(min_value=1, max_value=12)


@st.composite
def prorated(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, int]]:
    n = draw(SIZES)
    most = draw(st.integers(0, n - 1))
    method = draw(st.sampled_from(["sum", "mean"]))
    rule = {"rule": "prorate", "max_missing": most, "source": "s"} if most else {
        "rule": "complete", "source": "s"}  # fmt: skip
    top = draw(st.integers(1, 10))
    items = [f"i{k}" for k in range(n)]
    doc = {
        "id": "p", "version": 1, "name": "P", "licence": "L",
        "options": [{"value": v, "label": str(v)} for v in range(top + 1)],
        "items": [{"id": i, "text": i} for i in items],
        "scores": [{"id": "s", "name": "S", "method": method, "items": items,
                    "range": [0, top * n if method == "sum" else top], "better": "lower",
                    "decimals": 2, "source": "s", "missing": rule, "mic": None,
                    "mic_note": "none"}],
    }  # fmt: skip
    answered = draw(st.lists(st.sampled_from(items), unique=True))
    return doc, {i: draw(st.integers(0, top)) for i in answered}


@given(prorated())
def test_missing_item_rules_hold(case: tuple[dict[str, Any], dict[str, int]]) -> None:
    doc, answers = case
    instrument = parse_instrument(doc)
    definition = instrument.scores[0]
    n, missing = len(definition.items), len(definition.items) - len(answers)
    try:
        (s,) = score(instrument, answers)
    except InvalidResponse:
        assert not answers or missing > definition.missing.max_missing
        return
    assert missing <= definition.missing.max_missing
    assert s.value is not None
    assert definition.low <= s.value <= definition.high
    mean = sum(answers.values()) / len(answers)
    expected = mean * n if definition.method == "sum" else mean
    assert abs(s.value - expected) <= 0.005 + 1e-9
    if missing == 0 and definition.method == "sum":
        assert s.value == sum(answers.values())
