"""The header's navigation, per role. A page that should appear in the header adds one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    roles: frozenset[str]


def _item(text: str, href: str, *roles: str) -> NavItem:
    return NavItem(text, href, frozenset(roles))


NAV: list[NavItem] = [
    _item("Inbox", "/inbox", "receiving_worker", "org_admin"),
    _item("Caseload", "/caseload", "social_prescriber", "meeting_chair"),
    _item("Check-ins", "/check-ins", "social_prescriber", "meeting_chair"),
    _item("Gap map", "/lead/gap-map", "system_lead"),
    _item("Outcomes", "/evaluation", "system_lead", "org_admin"),
    _item("Our services", "/our-services", "receiving_worker", "org_admin"),
    _item("Notification settings", "/settings/notifications", "org_admin"),
    _item("My notifications", "/settings/my-notifications", "receiving_worker", "org_admin"),
    _item(
        "Case meetings",
        "/meetings",
        "meeting_chair",
        "social_prescriber",
        "receiving_worker",
        "org_admin",
    ),
]

ROLE_NAMES = {
    "social_prescriber": "Social prescriber",
    "receiving_worker": "Receiving worker",
    "org_admin": "Organisation admin",
    "meeting_chair": "Meeting chair",
    "clinician": "Clinician",
    "system_lead": "System lead",
    "platform_admin": "Platform admin",
}


def items_for(roles: tuple[str, ...], path: str) -> list[dict[str, object]]:
    """Header navigation items (the NHS.UK header macro's shape) this user may use."""
    mine = [item for item in NAV if item.roles.intersection(roles)]
    return [
        {"text": item.text, "href": item.href, "current": path.startswith(item.href)}
        for item in mine
    ]
