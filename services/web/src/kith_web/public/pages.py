"""The public directory's pages (no sign-in, no cookies): search on the front page, a
service's page (prints cleanly), and "ask this service to contact me" with what happens next.
Every page in the visitor's language (`?lang=`), right to left for Urdu."""

from __future__ import annotations

import asyncio
import secrets
from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.config import PACKAGE_DIR
from kith_web.forms import FormErrors
from kith_web.gateway import BadInput
from kith_web.lead.areas import AtlasLoader
from kith_web.public import i18n, problems, resultsmap, vocabulary, words
from kith_web.public.directory import ASK, ASK_SECONDS, FIND, SERVICE, anonymous
from kith_web.web import session, sign_in_url

FILTERS = ("women", "stepfree", "free")
SPOKEN = ("ur", "pa", "bn", "pl", "ar", "gu", "en")


@cache
def environment(code: str) -> Environment:
    """One Jinja environment per language, with that language's catalogue installed."""
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(PACKAGE_DIR / "templates"), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(code), newstyle=True)  # type: ignore[attr-defined]
    return env


def _gettext(request: Request) -> words.Gettext:
    return i18n.translations(i18n.chosen(request).code).gettext


def _link(request: Request, path: str, **params: str) -> str:
    lang = i18n.chosen(request).code
    query = {**params, **({"lang": lang} if lang != "en" else {})}
    return path + ("?" + urlencode(query) if query else "")


def _switcher(request: Request) -> list[dict[str, str]]:
    """Each language's link to this same page (its query kept, `lang` replaced)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        {"code": lang.code, "name": lang.native_name,
         "href": request.url.path + "?" + urlencode([*kept, ("lang", lang.code)])}
        for lang in i18n.LANGUAGES
    ]  # fmt: skip


async def page(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    language = i18n.chosen(request)
    env = environment(language.code)
    gettext = _gettext(request)
    found = await session(request)  # reads the staff cookie if there is one; never sets one
    languages = _switcher(request)
    html = env.get_template(template).render(
        request=request, lang=language, languages=languages, draft=i18n.is_draft(language.code),
        english_href=next(c["href"] for c in languages if c["code"] == "en"),
        labels=vocabulary.Labels(gettext, language.code),
        signed_in=bool(found and found.signed_in), sign_in_href=sign_in_url("/start"),
        link=lambda path, **p: _link(request, path, **p),
        session_text=lambda s: words.session_text(s, gettext),
        distance_text=lambda km: words.distance_text(km, gettext),
        day_name=lambda code: words.day_name(code, gettext), written_in=words.written_in,
        **context,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


def _search_variables(request: Request) -> dict[str, Any]:
    q = request.query_params
    lat, lon = q.get("lat"), q.get("lon")
    near = None
    if lat and lon:
        try:
            near = {"lat": float(lat), "lon": float(lon)}
        except ValueError:
            near = None
    return {
        "text": q.get("q", "")[:300], "place": q.get("place") or None, "near": near,
        "day": q.get("day") or None, "time": q.get("time") or None,
        "womenOnly": q.get("women") == "1", "stepFree": q.get("stepfree") == "1",
        "free": q.get("free") == "1",
        "languages": [q["spoken"]] if q.get("spoken") in SPOKEN else None,
        "needs": [q["need"]] if q.get("need") in vocabulary.NEEDS else None,
        "after": q.get("after") or None,
    }  # fmt: skip


async def front(request: Request) -> Response:
    """The front page: the search form, and the results when something was asked."""
    asked = any(
        request.query_params.get(k)
        for k in ("q", "need", "place", "lat", "day", "spoken", *FILTERS)
    )
    context: dict[str, Any] = {"asked": asked, "query": dict(request.query_params)}
    if asked:
        try:
            found = (await anonymous(request, FIND, _search_variables(request)))["findHelp"]
            context["found"] = found
            context["map_src"] = _map_src([_first_venue(e["node"]) for e in found["edges"]])
        except BadInput:
            context["problem"] = problems.search_problem(_gettext(request))
    return await page(request, "public/search.html", context)


async def service(request: Request) -> Response:
    found = (await anonymous(request, SERVICE, {"id": request.path_params["id"]}))["publicService"]
    if found is None:
        return await page(request, "public/not_found.html", {}, status=404)
    return await page(request, "public/service.html", {"service": found, "map_src": _map_src(
        [v for v in found["venues"] if v["lat"] is not None])})  # fmt: skip


def _map_src(venues: list[dict[str, Any] | None]) -> str | None:
    """The map image of these venues, numbered in order (None: nothing to draw)."""
    points = [("p", f"{v['lat']:.4f},{v['lon']:.4f}" if v else "-") for v in venues]
    return "/map.svg?" + urlencode(points) if any(v != "-" for _k, v in points) else None


def _first_venue(service: dict[str, Any]) -> dict[str, Any] | None:
    return next((v for v in service["venues"] if v["lat"] is not None), None)


async def results_map(request: Request) -> Response:
    """The map image (see resultsmap.py); a pure drawing of its query, so cached a day."""
    try:
        markers = resultsmap.parse_markers(request.query_params.getlist("p"))
    except resultsmap.BadMarkers as exc:
        return Response(str(exc), status_code=400, media_type="text/plain")
    loader: AtlasLoader = request.app.state.kith_atlas
    svg = await asyncio.to_thread(resultsmap.render, await loader.get(), markers, "Map of results")
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})


async def contact(request: Request) -> Response:
    """GET: the form. POST: send it; the reference and what happens next, or the errors."""
    service_id = request.path_params["id"]
    found = (await anonymous(request, SERVICE, {"id": service_id}))["publicService"]
    if found is None or not found["takesSelfReferrals"]:
        return await page(request, "public/not_found.html", {}, status=404)
    values: dict[str, Any] = {"language": i18n.chosen(request).code, "contact_by": "PHONE"}
    errors = FormErrors()
    if request.method == "POST":
        submitted = await request.form()
        values = {k: str(v) for k, v in submitted.items()}
        sent = await anonymous(request, ASK, {"i": _ask(service_id, values)}, ASK_SECONDS)
        result = sent["askToBeContacted"]
        kind = result["__typename"]
        if kind == "AskSent":
            return await page(request, "public/asked.html", {"service": found, "sent": result})
        if kind == "TooManyRequests":
            return await page(request, "public/too_many.html", {"service": found}, status=429)
        message = problems.ask_problem(result["message"], _gettext(request))
        errors.add(_FIELD_IDS.get(result.get("field", ""), "help_with"), message)
    context = {"service": found, "values": values, "errors": errors,
               "idempotency_key": values.get("idempotency_key") or secrets.token_urlsafe(16)}  # fmt: skip
    return await page(request, "public/contact.html", context, status=422 if errors else 200)


_FIELD_IDS = {"phone": "phone", "email": "email", "helpWith": "help_with", "consent": "consent",
              "name": "name", "language": "language", "website": "help_with"}  # fmt: skip


def _ask(service_id: str, v: dict[str, str]) -> dict[str, Any]:
    return {
        "idempotencyKey": v.get("idempotency_key", "")[:64] or secrets.token_urlsafe(16),
        "serviceId": service_id, "contactBy": "EMAIL" if v.get("contact_by") == "EMAIL" else "PHONE",
        "phone": v.get("phone") or None, "email": v.get("email") or None,
        "name": v.get("name") or None,
        "bestTime": v.get("best_time", "ANY") if v.get("best_time") in ("ANY", "MORNING", "AFTERNOON", "EVENING") else "ANY",
        "language": v.get("language") or "en", "helpWith": v.get("help_with", ""),
        "consent": v.get("consent") == "yes", "website": v.get("website") or None,
    }  # fmt: skip


def routes() -> list[BaseRoute]:
    return [
        Route("/", front),
        Route("/services/{id}", service),
        Route("/services/{id}/contact", contact, methods=["GET", "POST"]),
        Route("/map.svg", results_map),
    ]
