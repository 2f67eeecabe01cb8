"""Carers and family: a carer linked to a person with the person's consent, saying what the
carer may see and do, with the carer's own contact preferences (rules pure; I/O below).

A carer is recorded as a `Person` of their own (people/), so the carer's own needs are matched
and referred exactly like anyone else's (`matches(personId: <carer>)`, `createReferral`): no
second matching path. The link holds only what the person agreed to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.events import OUTCOMES_CARER_LINKED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.domain import Method
from kith_gateway.kernel.access import Scope
from kith_gateway.outcomes.domain import InvalidOutcome, fingerprint
from kith_gateway.outcomes.handlers import Done, OutcomeRefused, lock_person, once

MAY_SEE = frozenset({"goals", "measures", "timeline", "check-ins"})
MAY_DO = frozenset({"attend-reviews", "record-contact", "receive-reminders"})
RELATIONSHIPS = frozenset({"partner", "parent", "child", "sibling", "other-family", "friend",
                           "neighbour", "paid-carer"})  # fmt: skip
CHANNELS = frozenset({"phone", "text", "email", "letter", "in-person"})

LINK = """
MATCH (p:Person {id: $person_id}), (c:Person {id: $carer_id})
CREATE (l:CarerLink {id: $id, person_id: p.id, carer_person_id: c.id, organisation_id: $org,
  relationship: $relationship, may_see: $may_see, may_do: $may_do, consent_method: $method,
  consented_at: datetime(), status: 'active', channels: $channels, best_times: $best_times,
  recorded_by: $user})
CREATE (c)-[:CARES_FOR]->(l)-[:FOR]->(p)
"""

CARERS = """
MATCH (l:CarerLink {person_id: $person_id, status: 'active'})
RETURN l {.id, .carer_person_id, .relationship, .may_see, .may_do, .consent_method,
          .consented_at, .channels, .best_times,
          carer_reference: [(c:Person)-[:CARES_FOR]->(l) | c.reference][0]} AS link
ORDER BY link.consented_at
"""


# The carer is one of the caller's own organisation's people, named by its reference.
BY_REFERENCE = """
MATCH (c:Person {organisation_id: $org, reference: $reference}) RETURN c.id AS id
"""


@dataclass(frozen=True)
class CarerTerms:
    """What the person agreed the carer may see and do, and how the carer likes contact."""

    relationship: str
    may_see: tuple[str, ...]
    may_do: tuple[str, ...]
    method: Method
    channels: tuple[str, ...]
    best_times: str


def _subset(field: str, given: Sequence[str], allowed: frozenset[str]) -> tuple[str, ...]:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise InvalidOutcome(field, f"{unknown[0]!r} is not one of {', '.join(sorted(allowed))}")
    return tuple(sorted(set(given)))


def validate_terms(
    relationship: str, may_see: Sequence[str], may_do: Sequence[str], method: Method,
    channels: Sequence[str], best_times: str,
) -> CarerTerms:  # fmt: skip
    if relationship not in RELATIONSHIPS:
        raise InvalidOutcome("relationship", f"one of {', '.join(sorted(RELATIONSHIPS))}")
    terms = CarerTerms(relationship, _subset("maySee", may_see, MAY_SEE),
                       _subset("mayDo", may_do, MAY_DO), method,
                       _subset("channels", channels, CHANNELS), best_times.strip()[:200])  # fmt: skip
    if not terms.may_see and not terms.may_do:
        raise InvalidOutcome("maySee", "say what the person agreed the carer may see or do")
    if not terms.channels:
        raise InvalidOutcome("channels", "how does the carer want to be contacted?")
    return terms


@dataclass(frozen=True)
class CarerLinkView:
    id: str
    carer_person_id: str
    terms: CarerTerms
    consented_at: datetime
    carer_reference: str | None = None


async def link_carer(
    graph: Graph, scope: Scope, key: str, person_id: str, carer_id: str, terms: CarerTerms
) -> Done:
    if person_id == carer_id:
        raise InvalidOutcome("carerPersonId", "a person cannot be their own carer")

    async def work(tx: AsyncManagedTransaction, link_id: str) -> None:
        await lock_person(tx, scope, person_id)
        await lock_person(tx, scope, carer_id)
        await tx.run(LINK, person_id=person_id, carer_id=carer_id, id=link_id,
                     org=scope.organisation_id, relationship=terms.relationship,
                     may_see=list(terms.may_see), may_do=list(terms.may_do),
                     method=terms.method.value, channels=list(terms.channels),
                     best_times=terms.best_times, user=scope.user_id)  # fmt: skip
        await record(tx, scope, [Access("outcomes.carer.link", person_id, link_id),
                                 Access("outcomes.carer.link", carer_id, link_id)])  # fmt: skip
        data = {"carer_link_id": link_id, "organisation_id": scope.organisation_id}
        await outbox.add(tx, Event(type=OUTCOMES_CARER_LINKED, aggregate_id=link_id, data=data))

    hashed = fingerprint("carer", person_id, carer_id, terms)
    return await once(graph, scope, key, hashed, work)


def _view(row: dict[str, Any]) -> CarerLinkView:
    terms = CarerTerms(row["relationship"], tuple(row["may_see"]), tuple(row["may_do"]),
                       Method(row["consent_method"]), tuple(row["channels"]),
                       row["best_times"])  # fmt: skip
    return CarerLinkView(
        row["id"],
        row["carer_person_id"],
        terms,
        row["consented_at"].to_native(),
        row["carer_reference"],
    )


async def person_carers(graph: Graph, scope: Scope, person_id: str) -> list[CarerLinkView]:
    async def work(tx: AsyncManagedTransaction) -> list[CarerLinkView]:
        await lock_person(tx, scope, person_id)
        rows = [r.data() async for r in await tx.run(CARERS, person_id=person_id)]
        await record(tx, scope, [Access("outcomes.carers.read", person_id, person_id)])
        return [_view(r["link"]) for r in rows]

    try:
        return await graph.write(work)
    except OutcomeRefused:
        return []


async def carer_by_reference(graph: Graph, scope: Scope, reference: str) -> str:
    """The id of the caller's organisation's person with this reference (only an id)."""
    given = reference.strip()
    if not given:
        raise InvalidOutcome("carerReference", "enter the reference of the carer's own record")
    rows = await graph.query(BY_REFERENCE, org=scope.organisation_id, reference=given)
    if not rows:
        raise InvalidOutcome(
            "carerReference",
            f"none of your organisation's people has the reference {given}: check it, or"
            " record the carer as a person first",
        )
    found: str = rows[0]["id"]
    return found
