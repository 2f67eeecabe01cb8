"""Demo users for the local stack, tied to organisations in the generated demo directory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kith_devstack.issuer import DemoUser

# username → (kind of organisation in the demo directory, roles)
_DEMO_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "prescriber": ("gp-practice", ("social_prescriber",)),
    "foodbank": ("food-bank", ("receiving_worker", "org_admin")),
    "housing": ("housing-advice", ("receiving_worker",)),
    "coach": ("rethinking-pain", ("social_prescriber", "meeting_chair")),
    "therapist": ("rethinking-pain", ("clinician",)),
    "gp": ("gp-practice", ("clinician",)),
    "lead": ("adult-social-care", ("system_lead",)),
}


def demo_users(services: Sequence[dict[str, Any]]) -> dict[str, DemoUser]:
    """The first organisation (by name) of each kind gets the demo user for that kind."""
    first: dict[str, tuple[str, str]] = {}
    for service in sorted(services, key=lambda s: (s["organization"]["name"], s["id"])):
        first.setdefault(
            service["kith_kind"], (service["organization"]["id"], service["organization"]["name"])
        )
    users = {}
    for username, (kind, roles) in _DEMO_ROLES.items():
        if kind in first:
            org_id, org_name = first[kind]
            users[username] = DemoUser(username, org_id, org_name, roles)
    return users
