"""The access rule, property-tested: whatever the facts, nobody gets more than the rule allows."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.meetings.domain import Access, CaseFacts, case_access, overdue_event_id

FACTS = st.builds(
    CaseFacts,
    holds_person=st.booleans(),
    participant=st.booleans(),
    covered=st.booleans(),
    published=st.booleans(),
    in_window=st.booleans(),
    owns_open_action=st.booleans(),
)


@given(FACTS)
def test_only_the_holder_or_a_covered_organisation_sees_anything(f: CaseFacts) -> None:
    access = case_access(f)
    if f.holds_person:
        assert access is Access.FULL
    elif not f.covered:
        assert access is Access.HIDDEN


@given(FACTS)
def test_full_access_for_others_needs_the_open_window(f: CaseFacts) -> None:
    if case_access(f) is Access.FULL and not f.holds_person:
        assert all((f.covered, f.participant, f.published, f.in_window))


@given(FACTS)
def test_after_the_window_only_an_open_action_keeps_access(f: CaseFacts) -> None:
    access = case_access(f)
    if access is Access.ACTION_OWNER:
        assert all((f.owns_open_action, f.covered, not f.holds_person))
    if not f.holds_person and not f.in_window and not f.owns_open_action:
        assert access is Access.HIDDEN


@given(st.uuids(), st.dates(min_value=date(2020, 1, 1)), st.dates(min_value=date(2020, 1, 1)))
def test_overdue_event_ids_are_stable_per_action_and_due_date(
    action: object, due: date, other: date
) -> None:
    assert overdue_event_id(str(action), due) == overdue_event_id(str(action), due)
    assert (overdue_event_id(str(action), due) == overdue_event_id(str(action), other)) == (
        due == other
    )
