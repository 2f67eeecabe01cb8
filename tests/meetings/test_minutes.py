"""Minutes from the structured record, redacted per recipient organisation."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from kith_gateway.meetings.typeset import render_pdf
from pypdf import PdfReader

from tests.helpers.meetings import (
    AMB,
    AMBULANCE,
    CHAIR,
    COACH,
    GP_SP,
    HOUSING,
    HOUSING_W,
    INVITE,
    VCS,
    Api,
    key,
)

MINUTES = "query($id: ID!) { meetingMinutes(id: $id) }"


async def test_each_organisation_gets_minutes_with_only_what_it_may_see(api: Api) -> None:
    # The second person is discussed before the coach is invited; their consent does not
    # cover the coach, so the coach's minutes show only a placeholder for them.
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    no_coach = await api.person("PSN-MIN-2", [AMBULANCE, HOUSING])
    second = await api.add_case(
        meeting_id, no_coach, summary="Second person: hoarding and eviction notice."
    )
    version = (await api.meeting(meeting_id, CHAIR))["version"]
    invite = {"meetingId": meeting_id, "organisationIds": [VCS], "expectedVersion": version}
    assert (await api.ok(INVITE, {"i": invite}, CHAIR))["__typename"] == "AgendaChanged"
    everyone = await api.person("PSN-MIN-1", [AMBULANCE, HOUSING, VCS])
    first = (await api.add_case(meeting_id, everyone))["caseId"]
    await api.publish(meeting_id)
    await api.action(first, HOUSING, timedelta(days=7))
    decide = """mutation($i: RecordDecisionInput!) { recordMeetingDecision(input: $i) {
      __typename } }"""
    await api.ok(decide, {"i": {"idempotencyKey": key(), "caseId": second["caseId"],
                                "kind": "OTHER", "text": "Refer to hoarding support"}}, CHAIR)  # fmt: skip

    ambulance = await api.ok(MINUTES, {"id": meeting_id}, AMB)
    coach = await api.ok(MINUTES, {"id": meeting_id}, COACH)
    assert "hoarding" in ambulance
    assert "Calls 999" in ambulance
    assert "Calls 999" in coach
    assert "Follow up (org-housing)" in coach
    assert "hoarding" not in coach
    assert "eviction" not in coach
    assert "a case is on the agenda you cannot see" in coach.lower()
    assert "cannot see" not in ambulance
    reads = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'meeting.minutes.read', organisation: $o})"
        " RETURN count(a) AS n",
        o=VCS,
    )
    assert reads == [{"n": 1}]  # one case shown to the coach, one audit entry
    assert await api.ok(MINUTES, {"id": meeting_id}, HOUSING_W) is not None
    assert "hoarding" in await api.ok(MINUTES, {"id": meeting_id}, GP_SP)


# Names and notes in the scripts Kith's public pages offer: Polish, Bengali, Punjabi
# (Gurmukhi) and Urdu.
POLISH, BENGALI, PUNJABI, URDU = "Zofia Wójcik-Łęcka", "রহিম উদ্দিন", "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "عائشہ خان"


def _text(pdf: bytes) -> str:
    """The PDF's text. Shaped glyphs with no character of their own (a vowel sign drawn
    before its consonant, a joined Urdu form) come out as control characters beside the
    characters they belong to; they are dropped here."""
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return "".join(c for c in text if c == "\n" or ord(c) >= 32)


def test_the_pdf_keeps_polish_bengali_punjabi_and_urdu_text() -> None:
    markdown = (
        f"# Minutes: MDT\n\n### 1. {POLISH} (lead: {BENGALI})\n\nSpoke with {PUNJABI}.\n\n"
        f"#### Actions\n\n| Action | Owner |\n| --- | --- |\n| Call {URDU} | Housing |\n"
    )
    pdf = render_pdf(markdown)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "?" not in text  # nothing replaced
    for name in (POLISH, BENGALI, PUNJABI):
        assert name in text, (name, text)
    # Right-to-left text comes out in the order it is drawn (last word first): each word whole.
    assert all(word in text for word in URDU.split()), text
    assert "OFFICIAL-SENSITIVE" in text
    assert "page 1 of 1" in text
