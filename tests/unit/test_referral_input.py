import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.referrals.domain import InvalidReferral, NewReferral, validate_new_referral

VALID: dict[str, str] = {
    "idempotency_key": "key-0001",
    "person_pseudonym": "BD-4471",
    "home_area": "E01010568",
    "service_id": str(uuid.uuid4()),
    "reason": "Would like support with sleep and meeting people",
    "from_organisation_id": "org-1",
}


def validate(**overrides: str) -> NewReferral:
    """VALID with some fields replaced (a draft flag is not a string field)."""
    fields = {**VALID, **overrides}
    return validate_new_referral(
        idempotency_key=fields["idempotency_key"],
        person_pseudonym=fields["person_pseudonym"],
        home_area=fields["home_area"],
        service_id=fields["service_id"],
        reason=fields["reason"],
        from_organisation_id=fields["from_organisation_id"],
    )


def test_valid_input_is_accepted_and_trimmed() -> None:
    new = validate(reason="  sleep  ")
    assert new.reason == "sleep"
    assert new.scoped_key == "org-1:key-0001"


@pytest.mark.parametrize(
    ("field", "value", "graphql_field"),
    [
        ("idempotency_key", "short", "idempotencyKey"),
        ("idempotency_key", "has spaces in it", "idempotencyKey"),
        ("person_pseudonym", "Ayesha Khan", "personPseudonym"),
        ("home_area", "BD1 1AA", "homeArea"),
        ("home_area", "W01000001", "homeArea"),
        ("service_id", "not-a-uuid", "serviceId"),
        ("reason", "   ", "reason"),
        ("reason", "x" * 2001, "reason"),
    ],
)
def test_invalid_input_names_the_field(field: str, value: str, graphql_field: str) -> None:
    with pytest.raises(InvalidReferral) as caught:
        validate(**{field: value})
    assert caught.value.field == graphql_field
    assert caught.value.message


@given(st.text(max_size=40))
def test_pseudonyms_with_spaces_never_pass(text: str) -> None:
    candidate = f"{text} {text}"
    with pytest.raises(InvalidReferral):
        validate(person_pseudonym=candidate)


@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_same_request_same_hash_and_scoped_by_organisation(reason: str) -> None:
    a = validate(reason=reason)
    b = validate(reason=reason)
    other_org = validate(reason=reason, from_organisation_id="o2")
    assert a.request_hash == b.request_hash
    assert a.scoped_key != other_org.scoped_key
