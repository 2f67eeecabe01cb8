"""The prescriber's routes, in the order they must match (/people/new before /people/{id})."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kith_web.prescriber import caseload, matches, people, person, referring


def routes() -> list[BaseRoute]:
    return [
        *caseload.routes(),
        *people.routes(),
        *matches.routes(),
        *referring.routes(),
        *person.routes(),
    ]
