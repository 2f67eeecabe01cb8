"""Use case: find help for anyone, no sign-in. Free text is parsed (parse.py), a named place
resolved from real data (places.py), explicit filters from the form added, and the
directory's own search (directory/queries.py) runs with the public filters on top; the page's
listings are then read in one query and shown as the public sees them (views.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kith_common.graph import Graph

from kith_gateway.directory.domain import FreshnessPolicy
from kith_gateway.directory.queries import area_parents, find_services, search_params, search_query
from kith_gateway.directory.search import (
    LOCAL_TIME,
    Moment,
    PageRequest,
    ServiceSearch,
    check_search,
)
from kith_gateway.kernel.vocabulary import Freshness
from kith_gateway.public import queries as q
from kith_gateway.public.parse import ParsedSearch, parse
from kith_gateway.public.places import Place, resolve
from kith_gateway.public.types import PublicService
from kith_gateway.public.views import public_service

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_RADIUS_KM = 5.0


@dataclass(frozen=True)
class HelpRequest:
    text: str = ""
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    within_km: float | None = None
    form: ParsedSearch = field(
        default_factory=ParsedSearch
    )  # the form's own filters (checkboxes, selects)


@dataclass(frozen=True)
class HelpFound:
    understood: ParsedSearch
    place: Place | None
    place_not_found: str | None
    services: list[PublicService]
    has_next_page: bool


def merge(typed: ParsedSearch, form: ParsedSearch) -> ParsedSearch:
    """The words typed and the form's filters: either one asking for a filter asks for it."""
    return ParsedSearch(
        needs=tuple(dict.fromkeys((*typed.needs, *form.needs))),
        place=form.place or typed.place,
        near_me=typed.near_me or form.near_me,
        day=form.day or typed.day,
        time=form.time or typed.time,
        languages=tuple(dict.fromkeys((*typed.languages, *form.languages))),
        women_only=typed.women_only or form.women_only,
        step_free=typed.step_free or form.step_free,
        free=typed.free or form.free,
        words=typed.words,
    )


def moment(day: str | None, time: str, now: dt.datetime) -> Moment:
    """The next `day` at `time` from now (today if no day), in UK local time."""
    local = now.astimezone(LOCAL_TIME)
    ahead = 0 if day is None else (_WEEKDAYS.index(day) - local.weekday()) % 7
    hour, minute = (int(x) for x in time.split(":"))
    when = (local + dt.timedelta(days=ahead)).replace(hour=hour, minute=minute)
    return Moment.at(when)


def _extra(wanted: ParsedSearch) -> tuple[str, ...]:
    chosen = (
        (wanted.women_only, q.WOMEN_ONLY),
        (wanted.step_free, q.STEP_FREE),
        (wanted.free, q.FREE),
        (wanted.day is not None and wanted.time is None, q.ON_DAY),
    )
    return tuple(fragment for on, fragment in chosen if on)


def _search(
    wanted: ParsedSearch, req: HelpRequest, place: Place | None, now: dt.datetime
) -> ServiceSearch:
    lat, lon, radius = req.lat, req.lon, req.within_km or DEFAULT_RADIUS_KM
    if place is not None and place.lat is not None:
        lat, lon, radius = place.lat, place.lon, req.within_km or place.within_km
    return check_search(
        ServiceSearch(
            lat=lat,
            lon=lon,
            within_km=radius,
            area=place.area if place else None,
            needs=wanted.needs,
            languages=wanted.languages,
            open_at=moment(wanted.day, wanted.time, now) if wanted.time else None,
            words=None if wanted.needs else " ".join(wanted.words) or None,
        )
    )


async def find_help(
    graph: Graph, req: HelpRequest, page: PageRequest, policy: FreshnessPolicy, now: dt.datetime
) -> HelpFound:
    wanted = merge(parse(req.text), req.form)
    if req.place:
        wanted = replace(wanted, place=req.place)
    place = await resolve(graph, wanted.place) if wanted.place else None
    if wanted.place and place is None:
        return HelpFound(wanted, None, wanted.place, [], False)
    search = _search(wanted, req, place, now)
    parents = (await area_parents(graph, search.area) or []) if search.area else []
    params = search_params(search, page, now - policy.stale_after, parents)
    params["day"] = params.get("day", wanted.day)
    rows = await find_services(graph, search_query(search, _extra(wanted)), params)
    shown = rows[: page.first]
    found = await q.listings(graph, [r.id for r in shown])
    services = [
        public_service(found[r.id], _freshness(policy, r.verified_at, now), r.distance_km)
        for r in shown
        if r.id in found
    ]
    return HelpFound(wanted, place, None, services, len(rows) > page.first)


def _freshness(
    policy: FreshnessPolicy, verified: dt.datetime | None, now: dt.datetime
) -> Freshness:
    return Freshness(policy.state(verified, now))


async def public_service_by_id(
    graph: Graph, service_id: str, policy: FreshnessPolicy, now: dt.datetime
) -> PublicService | None:
    found = await q.listings(graph, [service_id])
    row = found.get(service_id)
    if row is None:
        return None
    verified = row["verified_at"]
    native = verified.to_native() if hasattr(verified, "to_native") else verified
    return public_service(row, _freshness(policy, native, now), None)
