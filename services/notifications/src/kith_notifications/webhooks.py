"""Standard Webhooks messages: ids, types, times and links only — never personal details.

`webhook-id` is the Kith event id, so a partner can drop a redelivered duplicate.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from kith_common.envelope import KeyRing
from kith_common.events import Event
from standardwebhooks import Webhook

# Signing secrets are stored sealed (kith_common.envelope) in this context; the gateway, which
# also writes them, uses the same one (kith_gateway.notifications.domain.SECRET_CONTEXT).
SECRET_CONTEXT = "webhook-signing-secret"  # noqa: S105 (a label, not a secret)


def data_keys() -> KeyRing:
    """The deployment's key ring (KITH_DATA_KEYS), for operator scripts without Settings."""
    return KeyRing.configured(os.environ.get("KITH_DATA_KEYS", ""))


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def body_for(event: Event, public_base_url: str) -> str:
    links = {}
    if "referral_id" in event.data:
        links["referral"] = f"{public_base_url}/referrals/{event.data['referral_id']}"
    payload = {
        "type": event.subject.removeprefix("kith."),
        "timestamp": event.occurred_at.isoformat(),
        "data": {"event_id": event.id, **event.data, "links": links},
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class SignedMessage:
    headers: dict[str, str]
    body: str


def verification_body(endpoint_id: str, challenge: str, now: datetime) -> str:
    """The ping an endpoint must answer 2xx before it receives anything."""
    payload = {
        "type": "webhook.verification",
        "timestamp": now.isoformat(),
        "data": {"endpoint_id": endpoint_id, "challenge": challenge},
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))


def sign(
    event_id: str, body: str, secret: str, now: datetime | None = None, *also: str
) -> SignedMessage:
    """Sign with `secret` and any `also` secrets (a rotated secret still in its overlap): the
    header carries one space-separated signature per secret, and a partner holding either
    secret verifies the message."""
    sent_at = now or datetime.now(UTC)
    signature = " ".join(Webhook(s).sign(event_id, sent_at, body) for s in (secret, *also))
    headers = {
        "content-type": "application/json",
        "webhook-id": event_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return SignedMessage(headers, body)
