"""The commissioner's evaluation page and its downloads (CSV from the gateway, PDF here):
what changed for whom, by pathway tier, service, deprivation, ethnic group and language,
with small numbers hidden by the gateway. Optional cost inputs give cost per person
improved, labelled as such."""

from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.journey import evaluation_pdf
from kith_web.journey import evaluation_words as words
from kith_web.journey import queries as q
from kith_web.web import call, render, user

# The evaluation reads every measure in the system: a report, not an ordinary page.
REPORT_SECONDS = 60.0
COSTS = (
    ("cost_per_referral", "Cost per referral (£)"),
    ("cost_per_session", "Cost per session (£)"),
)


def _costs(request: Request) -> tuple[dict[str, float | None], dict[str, str], FormErrors]:
    given, values, errors = {}, {}, FormErrors()
    for name, _ in COSTS:
        text = request.query_params.get(name, "").strip().lstrip("£").replace(",", "")
        values[name] = text
        try:
            amount = float(text) if text else None
        except ValueError:
            amount = -1.0
        if amount is not None and (not math.isfinite(amount) or amount < 0):
            errors.add(name, "Enter an amount in pounds, for example 45 or 45.50")
            amount = None
        given[name] = amount
    return given, values, errors


async def _report(
    request: Request, query: str
) -> tuple[dict[str, Any], dict[str, str], FormErrors]:
    await user(request)
    costs, values, errors = _costs(request)
    variables = {"r": costs["cost_per_referral"], "s": costs["cost_per_session"]}
    found = await call(request, query, variables, REPORT_SECONDS)
    return found["outcomeEvaluation"], values, errors


def shaped(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**s, "headline": words.headline(s), "dimensions": words.dimensions(s)}
            for s in report["scores"]]  # fmt: skip


async def page(request: Request) -> Response:
    report, values, errors = await _report(request, q.EVALUATION)
    return await render(request, "evaluation/page.html", {
        "report": report, "scores": shaped(report), "costs": COSTS, "values": values,
        "errors": errors, "query": request.url.query,
    }, 400 if errors else 200)  # fmt: skip


def _download(body: str | bytes, media: str, name: str) -> Response:
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


async def as_csv(request: Request) -> Response:
    report, _, _ = await _report(request, q.EVALUATION_CSV)
    return _download(report["csv"], "text/csv; charset=utf-8", "kith-outcomes-evaluation.csv")


async def as_pdf(request: Request) -> Response:
    report, _, _ = await _report(request, q.EVALUATION)
    body = evaluation_pdf.render(report, shaped(report))
    return _download(body, "application/pdf", "kith-outcomes-evaluation.pdf")


def routes() -> list[BaseRoute]:
    return [
        Route("/evaluation", page),
        Route("/evaluation.csv", as_csv),
        Route("/evaluation.pdf", as_pdf),
    ]
