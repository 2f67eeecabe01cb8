import json
from datetime import UTC, datetime, timedelta

import pytest
from kith_common.events import REFERRAL_RECEIVED, Event
from kith_notifications.webhooks import body_for, new_secret, sign
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


def received_event() -> Event:
    data = {
        "referral_id": "r1",
        "service_id": "s1",
        "to_organisation_id": "o2",
        "from_organisation_id": "o1",
    }
    return Event(type=REFERRAL_RECEIVED, aggregate_id="r1", data=data)


def test_partner_can_verify_with_the_standard_webhooks_library() -> None:
    secret = new_secret()
    event = received_event()
    message = sign(event.id, body_for(event, "https://kith.example"), secret)
    payload = Webhook(secret).verify(message.body, message.headers)
    assert message.headers["webhook-id"] == event.id
    assert payload["type"] == "referral.received"
    assert payload["data"]["links"]["referral"] == "https://kith.example/referrals/r1"


def test_another_secret_or_a_changed_body_fails_verification() -> None:
    event = received_event()
    message = sign(event.id, body_for(event, "https://kith.example"), new_secret())
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(message.body, message.headers)
    secret = new_secret()
    message = sign(event.id, body_for(event, "https://kith.example"), secret)
    tampered = message.body.replace("r1", "r2")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, message.headers)


def test_old_messages_are_refused_by_the_partner() -> None:
    secret = new_secret()
    event = received_event()
    old = datetime.now(UTC) - timedelta(minutes=10)
    message = sign(event.id, body_for(event, "https://kith.example"), secret, now=old)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(message.body, message.headers)


def test_body_carries_ids_and_links_only() -> None:
    body = json.loads(body_for(received_event(), "https://kith.example"))
    assert set(body) == {"type", "timestamp", "data"}
    assert set(body["data"]) == {
        "event_id",
        "referral_id",
        "service_id",
        "to_organisation_id",
        "from_organisation_id",
        "links",
    }
