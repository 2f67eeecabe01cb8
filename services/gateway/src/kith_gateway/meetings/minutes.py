"""Minutes from the structured record, for one recipient organisation (pure rendering).

They are rendered from the `MeetingView` that organisation may read, so redaction is the
access rule itself rather than a second filter that could drift from it: a case the recipient
may not see appears only as the placeholder.

Downloads: `/meetings/{id}/minutes.md` and `.pdf`, with the same bearer token and role check
as the GraphQL API. Each is rendered for the caller's organisation only, and the read is
audited like any other (`meeting.minutes.read`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kith_gateway.kernel.access import Forbidden
from kith_gateway.kernel.downloads import downloader, refusal
from kith_gateway.meetings.access import reader_scope
from kith_gateway.meetings.domain import PLACEHOLDER, CaseView, HiddenCase, MeetingView
from kith_gateway.meetings.reading import read_meeting
from kith_gateway.meetings.typeset import render_pdf

MEDIA = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


LONDON = ZoneInfo("Europe/London")
EARLY = " (recorded before the meeting)"
DECISION_WORDS = {
    "refer": "Refer",
    "step-up-tier": "Step up a tier",
    "joint-visit": "Joint visit",
    "other": "Note",
}


def day(value: date) -> str:
    """Like "Thu 3 Dec 2026"."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def local_time(value: datetime) -> str:
    """Like "Thu 3 Dec 2026, 10:00", in Europe/London."""
    here = value.astimezone(LONDON)
    return f"{day(here.date())}, {here:%H:%M}"


def local_span(start: datetime, end: datetime) -> str:
    """Like "Thu 3 Dec 2026, 10:00-11:00" (an en dash), in Europe/London; the end's day too
    when it ends on another day."""
    a, b = start.astimezone(LONDON), end.astimezone(LONDON)
    until = f"{b:%H:%M}" if a.date() == b.date() else local_time(end)
    return f"{local_time(start)}\u2013{until}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _case_lines(n: int, case: CaseView, view: MeetingView) -> list[str]:
    who = case.pseudonym or "Case"
    lines = [f"### {n}. {who} (lead: {case.lead_practitioner})", "", case.summary, ""]
    if case.needs:
        lines.append(f"- Needs: {', '.join(case.needs)}")
    if case.tier is not None:
        lines.append(f"- Pathway tier: {case.tier}")
    lines += [
        f"- Referral to {r.service_name or 'a service'}: {r.status.replace('-', ' ')}"
        for r in case.referrals
    ]
    lines.append("")
    if case.decisions:
        rows = [[DECISION_WORDS.get(d.kind, d.kind) + (EARLY if d.early else ""), d.text]
                for d in case.decisions]  # fmt: skip
        lines += ["#### Decisions", "", *_table(["Decision", "Detail"], rows)]
    if case.actions:
        rows = [
            [a.description, _owner(view, a.owner_organisation_id, a.owner_user_id),
             day(a.due_on), a.status]
            for a in case.actions
        ]  # fmt: skip
        lines += ["#### Actions", "", *_table(["Action", "Owner", "Due", "Status"], rows)]
    return lines


def _owner(view: MeetingView, organisation_id: str, user_id: str | None) -> str:
    name = view.name_of(organisation_id)
    return f"{user_id}, {name}" if user_id else name


def _attendee_lines(view: MeetingView) -> list[str]:
    """Each organisation once, "present" or "invited" (until attendance is recorded, everyone
    is "invited"), with the people invited by name from it beneath."""
    present = set(view.attended_organisation_ids or ())
    lines = ["## Attendees", ""]
    absent = "invited"
    if view.attended_organisation_ids is None:
        lines += ["Attendance has not been recorded.", ""]
    else:
        absent = "invited, not present"
    for org in dict.fromkeys(view.organisations):
        host = " (host)" if org == view.host_organisation_id else ""
        lines.append(f"- {view.name_of(org)}{host}: {'present' if org in present else absent}")
        for person in (p for p in view.invitees if p.organisation_id == org):
            role = f" ({person.role})" if person.role else ""
            lines.append(f"  - {person.user_id}{role}: {'present' if person.attended else absent}")
    return [*lines, ""]


def render_markdown(view: MeetingView, organisation_id: str) -> str:
    where = view.place or view.online_link or ""
    published = local_time(view.published_at) if view.published_at else "not published"
    lines = [
        f"# Minutes: {view.title}",
        "",
        f"- When: {local_span(view.starts_at, view.ends_at)} (UK time)",
        f"- Where: {where}",
        f"- Host: {view.name_of(view.host_organisation_id)} (chair {view.chair_user_id})",
        f"- Agenda published: {published}",
        f"- Prepared for: {view.name_of(organisation_id)}",
        "",
        *_attendee_lines(view),
        "## Cases",
        "",
    ]
    for n, item in enumerate(view.agenda, start=1):
        if isinstance(item, HiddenCase):
            lines += [f"### {n}. {PLACEHOLDER[0].upper()}{PLACEHOLDER[1:]}", ""]
        else:
            lines += _case_lines(n, item, view)
    return "\n".join(lines)


def meeting_routes(
    graph: Graph, verifier: JwksVerifier, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> list[Route]:
    async def minutes(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in MEDIA:
            return refusal(404, "minutes download as .md or .pdf")
        caller = await downloader(request, verifier)
        if isinstance(caller, Response):
            return caller
        try:
            scope = reader_scope(caller)
        except Forbidden as exc:
            return refusal(403, exc.message)
        meeting_id = request.path_params["meeting_id"]
        view = await read_meeting(graph, scope, meeting_id, clock(), "meeting.minutes.read")
        if view is None:
            return refusal(404, "no such meeting you may see")
        text = render_markdown(view, scope.organisation_id)
        body = text.encode() if kind == "md" else render_pdf(text)
        name = f"minutes-{meeting_id}.{kind}"
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        return Response(body, media_type=MEDIA[kind], headers=headers)

    return [Route("/meetings/{meeting_id}/minutes.{kind:str}", minutes, methods=["GET"])]
