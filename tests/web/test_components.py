"""The cached design-system components and the written-out summary list give the same HTML as
the NHS.UK macros they stand for (kith_web.components says why they exist)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jinja2 import Environment
from kith_web.app import templates
from kith_web.components import MACROS, CachedComponents

CASES: list[tuple[str, dict[str, Any]]] = [
    ("skip-link", {"href": "#maincontent", "text": "Skip to main content"}),
    ("header", {"service": {"text": "Kith", "href": "/"},
                "account": {"items": [{"href": "/sign-out", "text": "Sign out"}]},
                "navigation": {"items": [{"text": "Inbox", "href": "/inbox", "current": True}]}}),
    ("footer", {"meta": {"items": [{"href": "/", "text": "Find help"}]}}),
    ("button", {"text": "Decline", "preventDoubleClick": True,
                "classes": "nhsuk-button--secondary"}),
    ("textarea", {"name": "explanation", "id": "reject-explanation", "rows": 2,
                  "label": {"text": "Say what"}, "errorMessage": {"text": "Too long"}}),
    ("textarea", {"name": "explanation", "id": "reject-explanation", "errorMessage": None}),
    ("checkboxes", {"idPrefix": "o", "name": "outcomes",
                    "items": [{"value": "a", "text": "A & B"}]}),
    ("tag", {"text": "Waiting <too> long", "classes": "nhsuk-tag--orange"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def env() -> Environment:
    return templates().env


def _direct(env: Environment, component: str, params: dict[str, Any]) -> str:
    macro = MACROS[component]
    source = f'{{% from "nhsuk/components/{component}/macro.jinja" import {macro} %}}'
    return env.from_string(source + f"{{{{ {macro}(p) }}}}").render(p=params)


@pytest.mark.parametrize(("component", "params"), CASES)
def test_a_cached_component_is_the_design_systems_own_html(
    env: Environment, component: str, params: dict[str, Any]
) -> None:
    cached = env.globals["cached"]
    assert isinstance(cached, CachedComponents)
    first = cached(component, params)
    assert str(first) == _direct(env, component, params)
    assert cached(component, dict(reversed(params.items()))) is first  # one render per params


def test_different_parameters_are_never_served_from_one_render(env: Environment) -> None:
    cached = env.globals["cached"]
    assert isinstance(cached, CachedComponents)
    one = cached("button", {"text": "Accept"})
    other = cached("button", {"text": "Start"})
    assert "Accept" in one
    assert "Start" in other
    assert "Accept" not in other


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*([<>])\s*", r"\1", html)).strip()


def test_the_written_out_summary_list_is_the_design_systems_markup(env: Environment) -> None:
    rows = [{"key": {"text": "Person"}, "value": {"text": "BD-<1>"}},
            {"key": {"text": "Home area"}, "value": {"text": "Bradford 001A & around"}}]  # fmt: skip
    ours = env.from_string(
        '{% from "macros/summary.html" import summary_list %}{{ summary_list(rows) }}'
    ).render(rows=rows)
    theirs = env.from_string(
        '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
        '{{ summaryList({"rows": rows}) }}'
    ).render(rows=rows)
    assert _squeezed(ours) == _squeezed(theirs)
    assert "BD-&lt;1&gt;" in ours
