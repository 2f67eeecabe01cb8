from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_common.events import (
    ALL_TYPES,
    REFERRAL_RECEIVED,
    REFERRAL_REQUESTED,
    Event,
    EventContractError,
    EventType,
)

IDS = st.uuids().map(str)


def requested(**overrides: str) -> Event:
    data = {
        "referral_id": "r1",
        "service_id": "s1",
        "to_organisation_id": "o2",
        "from_organisation_id": "o1",
    }
    return Event(type=REFERRAL_REQUESTED, aggregate_id="r1", data={**data, **overrides})


@given(st.sampled_from(ALL_TYPES), IDS, st.data())
def test_every_event_survives_a_round_trip(
    event_type: EventType, aggregate_id: str, data: st.DataObject
) -> None:
    payload = {f: data.draw(IDS) for f in event_type.fields}
    event = Event(type=event_type, aggregate_id=aggregate_id, data=payload, aggregate_version=3)
    again = Event.from_json(event.to_json())
    assert again == event


def test_payload_with_an_unexpected_field_is_refused() -> None:
    with pytest.raises(EventContractError, match="unexpected \\['name'\\]"):
        requested(name="Ayesha")


def test_payload_missing_a_field_is_refused() -> None:
    with pytest.raises(EventContractError, match="missing"):
        Event(type=REFERRAL_REQUESTED, aggregate_id="r1", data={"referral_id": "r1"})


def test_unknown_type_and_malformed_json_are_contract_errors() -> None:
    with pytest.raises(EventContractError):
        Event.from_json(b'{"type": "kith.nope.never", "version": 1}')
    with pytest.raises(EventContractError):
        Event.from_json(b"not json")


def test_derived_event_id_is_stable_across_redeliveries() -> None:
    source = requested()
    first = source.derive(REFERRAL_RECEIVED, dict(source.data), version=2)
    second = source.derive(REFERRAL_RECEIVED, dict(source.data), version=2)
    assert first.id == second.id != source.id
    assert first.causation_id == source.id
    assert first.subject == "kith.referral.received"


def test_subjects_follow_kith_aggregate_event() -> None:
    for event_type in ALL_TYPES:
        assert event_type.subject.startswith(f"kith.{event_type.aggregate}.")


def test_occurred_at_is_timezone_aware() -> None:
    assert requested().occurred_at.tzinfo is not None
    assert requested().occurred_at <= datetime.now(UTC)
