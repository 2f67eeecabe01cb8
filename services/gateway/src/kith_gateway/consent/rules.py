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
