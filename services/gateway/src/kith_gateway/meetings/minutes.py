"""Minutes from the structured record, for one recipient organisation (pure rendering).

They are rendered from the `MeetingView` that organisation may read, so redaction is the
access rule itself rather than a second filter that could drift from it: a case the recipient
may not see appears only as the placeholder.

Downloads: `/meetings/{id}/minutes.md` and `.pdf`, with the same bearer token and role check
as the GraphQL API. Each is rendered for the caller's organisation only, and the read is
audited like any other (`meeting.minutes.read`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fpdf import FPDF
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

MEDIA = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


def _case_lines(n: int, case: CaseView) -> list[str]:
    lines = [
        f"### {n}. Case {case.id[:8]} (lead: {case.lead_practitioner})",
        "",
        case.summary,
        "",
    ]
    if case.needs:
        lines.append(f"- Needs: {', '.join(case.needs)}")
    if case.tier is not None:
        lines.append(f"- Tier: {case.tier}")
    lines += [f"- Referral {r.id[:8]}: {r.status}" for r in case.referrals]
    lines += [f"- Decision ({d.kind}): {d.text}" for d in case.decisions]
    lines += [
        f"- Action for {a.owner_organisation_id}, due {a.due_on.isoformat()} [{a.status}]:"
        f" {a.description}"
        for a in case.actions
    ]
    return [*lines, ""]


def _attendee_lines(view: MeetingView) -> list[str]:
    """Each organisation and invited person, "present" or "invited" (until attendance is
    recorded, everyone is "invited")."""
    present = set(view.attended_organisation_ids or ())
    lines = ["## Attendees", ""]
    if view.attended_organisation_ids is None:
        lines += ["Attendance has not been recorded.", ""]
    for org in view.organisations:
        host = " (host)" if org == view.host_organisation_id else ""
        lines.append(f"- {org}{host}: {'present' if org in present else 'invited'}")
    for person in view.invitees:
        role = f", {person.role}" if person.role else ""
        status = "present" if person.attended else "invited"
        lines.append(f"- {person.user_id} ({person.organisation_id}{role}): {status}")
    return [*lines, ""]


def render_markdown(view: MeetingView, organisation_id: str) -> str:
    where = view.place or view.online_link or ""
    lines = [
        f"# Minutes: {view.title}",
        "",
        f"- When: {view.starts_at.isoformat()} to {view.ends_at.isoformat()}",
        f"- Where: {where}",
        f"- Host: {view.host_organisation_id} (chair {view.chair_user_id})",
        f"- Prepared for: {organisation_id}",
        "",
        *_attendee_lines(view),
        "## Cases",
        "",
    ]
    for n, item in enumerate(view.agenda, start=1):
        if isinstance(item, HiddenCase):
            lines += [f"### {n}. {PLACEHOLDER[0].upper()}{PLACEHOLDER[1:]}", ""]
        else:
            lines += _case_lines(n, item)
    return "\n".join(lines)


def render_pdf(markdown: str) -> bytes:
    """A plain PDF of the markdown (core fonts: text outside Latin-1 is replaced)."""
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for line in markdown.splitlines():
        text = line.encode("latin-1", "replace").decode("latin-1")
        heading = len(text) - len(text.lstrip("#"))
        pdf.set_font("Helvetica", "B" if heading else "", {1: 16, 2: 13, 3: 11}.get(heading, 10))
        pdf.multi_cell(0, 6, text.lstrip("# ") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


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
