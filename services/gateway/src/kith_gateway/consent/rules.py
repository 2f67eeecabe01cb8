"""When a consent record counts, as a Cypher predicate shared by every query that needs it.

One definition, used by sending (may this referral go to that organisation?) and by reads
(which person fields may that organisation see?), so the two can never disagree. A withdrawn
or expired record stops counting the moment the clock or the withdrawal says so.
"""

from __future__ import annotations


def valid_consent(consent: str, organisation_param: str) -> str:
    """`consent` (a Cypher variable) lets the person's data go to `$organisation_param` for
    referrals, now."""
    c = consent
    return (
        f"({c}.status = 'active' AND {c}.purpose = 'referral' AND {c}.expires_at > datetime()"
        f" AND ${organisation_param} IN {c}.shared_with)"
    )


def valid_care_consent(consent: str, organisation: str, now: str) -> str:
    """`consent` lets the person's data go to `organisation` for case coordination at `now`
    (Cypher expressions: `now` is a parameter, never `datetime()`, so the time-boxed meeting
    rules and their tests control the clock). A safeguarding basis counts too: it carries a
    justification and is flagged for review."""
    c = consent
    return (
        f"({c}.status = 'active' AND {c}.purpose = 'care-coordination'"
        f" AND {c}.expires_at > {now} AND {organisation} IN {c}.shared_with)"
    )
