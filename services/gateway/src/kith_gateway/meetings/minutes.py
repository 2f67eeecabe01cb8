"""Minutes from the structured record, for one recipient organisation (pure rendering).

They are rendered from the `MeetingView` that organisation may read, so redaction is the
access rule itself rather than a second filter that could drift from it: a case the recipient
may not see appears only as the placeholder."""

from __future__ import annotations

from fpdf import FPDF

from kith_gateway.meetings.domain import PLACEHOLDER
from kith_gateway.meetings.views import CaseView, HiddenCase, MeetingView


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
