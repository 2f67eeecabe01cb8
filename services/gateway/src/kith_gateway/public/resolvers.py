"""GraphQL edge of the public directory: `findHelp` and `publicService`, open to anyone (no
token), read-only, and about listings only (no person is read, so nothing to audit)."""

from __future__ import annotations

import strawberry
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.context import Context
from kith_gateway.directory.domain import InvalidUpdate
from kith_gateway.directory.search import encode_cursor, page_request
from kith_gateway.kernel.graphql import PageInfo
from kith_gateway.kernel.vocabulary import PointInput, Weekday
from kith_gateway.public.parse import MAX_TEXT, ParsedSearch
from kith_gateway.public.search import HelpFound, HelpRequest, find_help, public_service_by_id
from kith_gateway.public.types import (
    CodeName,
    FindHelpResult,
    PublicService,
    PublicServiceEdge,
    Understood,
)
from kith_gateway.public.vocabulary import NEED_WORDS

Info = strawberry.Info[Context, None]
_TIME = "HH:MM, 24-hour, UK local time"


def _bad(message: str) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def _understood(found: HelpFound, names: dict[str, str]) -> Understood:
    w = found.understood
    return Understood(
        needs=[CodeName(code=n, name=names.get(n, n)) for n in w.needs],
        place=found.place.label if found.place else None,
        place_not_found=found.place_not_found,
        near_me=w.near_me,
        day=Weekday(w.day) if w.day else None,
        time=w.time,
        languages=list(w.languages),
        women_only=w.women_only,
        step_free=w.step_free,
        free_of_charge=w.free,
        words=list(w.words),
    )


def _check_time(time: str | None) -> str | None:
    if time is None:
        return None
    parts = time.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise _bad(f"time must be {_TIME}")
    if int(parts[0]) > 23 or int(parts[1]) > 59:
        raise _bad(f"time must be {_TIME}")
    return f"{int(parts[0]):02d}:{int(parts[1]):02d}"


@strawberry.type
class PublicQuery:
    @strawberry.field(
        description="The public directory: what a person typed (`text`, in plain words) and"
        " the form's filters; no sign-in. Nearest first with a place or `near`."
    )
    async def find_help(
        self,
        info: Info,
        text: str = "",
        place: str | None = None,
        near: PointInput | None = None,
        within_km: float | None = None,
        needs: list[str] | None = None,
        day: Weekday | None = None,
        time: str | None = None,
        languages: list[str] | None = None,
        women_only: bool = False,
        step_free: bool = False,
        free_of_charge: bool = False,
        first: int = 20,
        after: str | None = None,
    ) -> FindHelpResult:
        if len(text) > MAX_TEXT or len(place or "") > 100:
            raise _bad(f"text must be at most {MAX_TEXT} characters, place at most 100")
        unknown = [n for n in needs or () if n not in NEED_WORDS]
        if unknown:
            raise _bad(f"unknown need {unknown[0]!r}")
        form = ParsedSearch(
            needs=tuple(needs or ()),
            day=day.value if day else None,
            time=_check_time(time),
            languages=tuple(languages or ()),
            women_only=women_only,
            step_free=step_free,
            free=free_of_charge,
        )
        request = HelpRequest(
            text,
            place.strip() or None if place else None,
            near.lat if near else None,
            near.lon if near else None,
            within_km,
            form,
        )
        try:
            page = page_request(first, after)
            found = await find_help(
                info.context.graph,
                request,
                page,
                info.context.config.freshness,
                info.context.clock(),
            )
        except InvalidUpdate as exc:
            raise _bad(f"{exc.field} {exc.message}") from None
        names = {n.code: n.name for s in found.services for n in s.needs}
        edges = [
            PublicServiceEdge(cursor=encode_cursor(page.offset + i), node=node)
            for i, node in enumerate(found.services)
        ]
        end = edges[-1].cursor if edges else None
        return FindHelpResult(
            understood=_understood(found, names),
            edges=edges,
            page_info=PageInfo(has_next_page=found.has_next_page, end_cursor=end),
        )

    @strawberry.field(description="One public listing, or null if it is not listed.")
    async def public_service(self, info: Info, id: strawberry.ID) -> PublicService | None:
        return await public_service_by_id(
            info.context.graph, str(id), info.context.config.freshness, info.context.clock()
        )
