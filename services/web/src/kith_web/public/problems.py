"""What went wrong, in the page's language: the gateway explains a refused search or
self-referral in English (for developers and logs), and the visitor reads it in their own."""

from __future__ import annotations

import re

from kith_web.public.words import N_, Gettext

# The self-referral's checks (kith_gateway.public.asking), word for word.
ASK = frozenset({
    N_("Enter a phone number, like 07700 900 982"),
    N_("Enter an email address, like name@example.com"),
    N_("Enter the phone number we should use"),
    N_("Enter the email address we should use"),
    N_("Say what you would like help with"),
    N_("Choose a language"),
    N_("Tick the box to say we may share this with the service"),
})  # fmt: skip
_AT_MOST = re.compile(r"Use at most (\d+) characters")


def ask_problem(message: str, _: Gettext) -> str:
    """A self-referral's refusal; one the page cannot word is said plainly, not in English."""
    if message in ASK:
        return _(message)
    if found := _AT_MOST.fullmatch(message):
        return _("Use at most %(count)s characters") % {"count": found.group(1)}
    return _("Your request could not be sent. Check your answers, or contact the service directly.")


def search_problem(_: Gettext) -> str:
    """A refused search (an edited address, a place name too long): no English detail."""
    return _("We could not search for that. Try fewer words, or start a new search.")
