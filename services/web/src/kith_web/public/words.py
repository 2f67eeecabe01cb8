"""Words the public pages build from data (days, times, distances), in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

Gettext = Callable[[str], str]


def N_(text: str) -> str:
    """Marks a word for the catalogue; translated where it is shown."""
    return text


_DAYS = {
    "MO": N_("Mondays"), "TU": N_("Tuesdays"), "WE": N_("Wednesdays"), "TH": N_("Thursdays"),
    "FR": N_("Fridays"), "SA": N_("Saturdays"), "SU": N_("Sundays"),
}  # fmt: skip
_DAY = {
    "MO": N_("Monday"), "TU": N_("Tuesday"), "WE": N_("Wednesday"), "TH": N_("Thursday"),
    "FR": N_("Friday"), "SA": N_("Saturday"), "SU": N_("Sunday"),
}  # fmt: skip
_WEEKS = {1: N_("1st"), 2: N_("2nd"), 3: N_("3rd"), 4: N_("4th"), 5: N_("5th"), -1: N_("last")}


def day_name(code: str, _: Gettext) -> str:
    return _(_DAY[code])


def session_text(session: dict[str, Any], _: Gettext) -> str:
    """ "Mondays and Thursdays, 10:00 to 12:00" (or the monthly form), translated."""
    days = [_(_DAYS[d]) for d in session["days"]]
    week = session.get("weekOfMonth")
    if week in _WEEKS and session["days"]:
        when = _("the %(nth)s %(day)s of the month") % {
            "nth": _(_WEEKS[week]), "day": _(_DAY[session["days"][0]])}  # fmt: skip
    else:
        when = _(", ").join(days) if days else _("Times vary")
    if session.get("opensAt") and session.get("closesAt"):
        return _("%(when)s, %(opens)s to %(closes)s") % {
            "when": when, "opens": session["opensAt"], "closes": session["closesAt"]}  # fmt: skip
    return when


def distance_text(km: float | None, _: Gettext) -> str:
    if km is None:
        return ""
    if km < 1:
        return _("%(metres)s metres away") % {"metres": int(round(km * 1000, -1))}
    return _("%(km)s km away") % {"km": f"{km:.1f}"}


def written_in(text: str, lang: str) -> Markup:
    """A listing's own words (a service's name) inside a translated sentence, marked with the
    language they are written in, so a screen reader says them in the right voice."""
    return Markup('<span lang="{}" dir="auto">{}</span>').format(lang or "en", text)
