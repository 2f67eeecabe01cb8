"""How much one GraphQL operation may ask for, checked before anything runs.

One anonymous request must not stall the network, so an operation is bounded on every axis an
attacker can grow: tokens (parsing), depth, aliases, selected fields (validation and execution)
and root-field cost (how many expensive resolvers — searches, reads that audit, writes — one
request may start). The walk below expands fragments and stops at the first limit it passes,
so checking a hostile document costs no more than checking an allowed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation import ASTValidationRule
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

MAX_BODY_BYTES = 64 * 1024  # the largest query the web app sends is under 4 KiB
MAX_TOKENS = 4_000
MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_FIELDS = 600  # selected fields, fragments expanded
MAX_ROOT_COST = 30
MAX_VARIABLE_DEPTH = 12  # nesting of the JSON variables (inputs are at most ~4 deep)
CACHE_SIZE = 256  # distinct documents whose parse and validation are remembered

# Root fields that search, aggregate or audit (each read of a person writes an audit row) cost
# more than a plain lookup; every mutation is a write transaction.
ROOT_COST: Mapping[str, int] = {
    "services": 10,
    "matches": 10,
    "matchesFor": 10,
    "gapMap": 15,
    "equityAudit": 15,
    "referral": 3,
    "referrals": 5,
    "person": 3,
    "personAccessLog": 3,
    "personMeetings": 3,
    "personPathways": 3,
    "ourReferralsAudit": 5,
    "deliveryLog": 3,
    "meeting": 3,
    "meetingMinutes": 3,
    "safeguardingReviews": 3,
}
DEFAULT_ROOT_COST = 1
MUTATION_COST = 5


@dataclass
class _Tally:
    fields: int = 0
    aliases: int = 0
    depth: int = 0
    exceeded: str | None = None


def _over(tally: _Tally) -> str | None:
    if tally.depth > MAX_DEPTH:
        return f"the operation is nested deeper than {MAX_DEPTH} levels"
    if tally.aliases > MAX_ALIASES:
        return f"the operation uses more than {MAX_ALIASES} aliases"
    if tally.fields > MAX_FIELDS:
        return f"the operation selects more than {MAX_FIELDS} fields"
    return None


def _selections(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> Iterator[tuple[FieldNode, frozenset[str]]]:
    """The fields of a selection set, spreads and inline fragments flattened in."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection, seen
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:  # cycles are another rule's error
                yield from _selections(fragment.selection_set, fragments, seen | {name})


def _walk(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    tally: _Tally,
    depth: int,
    seen: frozenset[str] = frozenset(),
) -> None:
    for field, path in _selections(selection_set, fragments, seen):
        tally.fields += 1
        tally.aliases += field.alias is not None
        tally.depth = max(tally.depth, depth)
        tally.exceeded = tally.exceeded or _over(tally)
        if tally.exceeded:
            return
        _walk(field.selection_set, fragments, tally, depth + 1, path)


def root_cost(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> int:
    if operation.operation == OperationType.MUTATION:
        return MUTATION_COST * sum(
            1 for _ in _selections(operation.selection_set, fragments, frozenset())
        )
    return sum(
        ROOT_COST.get(field.name.value, DEFAULT_ROOT_COST)
        for field, _ in _selections(operation.selection_set, fragments, frozenset())
    )


def operation_refusal(document: DocumentNode) -> str | None:
    """Why the document asks for too much, or None when it is within every limit."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        tally = _Tally()
        _walk(operation.selection_set, fragments, tally, 1)
        if tally.exceeded:
            return tally.exceeded
        if root_cost(operation, fragments) > MAX_ROOT_COST:
            return (
                "the operation asks for too many expensive fields at once (searches, reads of"
                " people, writes); split it into several requests"
            )
    return None


class OperationLimits(ValidationRule):
    """Reports one error, with code OPERATION_TOO_LARGE, when a limit is passed."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        refusal = operation_refusal(context.document)
        if refusal is not None:
            context.report_error(GraphQLError(refusal, extensions={"code": "OPERATION_TOO_LARGE"}))


# Dates far from now reach date arithmetic (OverflowError at year 1 or 9999) and the driver;
# nothing in Kith is dated outside these years.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _within_years(value: dt.date, scalar: str) -> dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise StrawberryGraphQLError(
            f"{scalar} must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return value


def _bounded(definition: ScalarDefinition) -> ScalarDefinition:
    parse = definition.parse_value
    assert parse is not None

    def parse_value(value: object) -> object:
        parsed = parse(value)
        return _within_years(parsed, definition.name) if isinstance(parsed, dt.date) else parsed

    return replace(definition, parse_value=parse_value)


BOUNDED_SCALARS: Mapping[object, ScalarDefinition] = {
    dt.datetime: _bounded(DateTimeDefinition),
    dt.date: _bounded(DateDefinition),
}

Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


def request_limits(*, introspection: bool) -> list[Extension]:
    """The schema extensions that bound an operation (and cache parse and validation, so the
    web app's repeated queries are parsed and validated once per process)."""
    rules: list[type[ASTValidationRule]] = [OperationLimits]
    extensions: list[Extension] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules(rules),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
    if not introspection:
        extensions.insert(1, DisableIntrospection)
    return extensions
