"""The email a partner without a system reads: what happened and a link into Kith, never
personal details (the items carry only event types, times, ids and links)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid


@dataclass(frozen=True)
class MailItem:
    delivery_id: str
    type_name: str  # e.g. referral.received
    occurred_at: datetime
    body: str  # the webhook body: ids, type, time and links only


def _headline(type_name: str) -> str:
    return type_name.replace(".", " ").replace("-", " ").capitalize()


def _link(item: MailItem, base_url: str) -> str:
    links = json.loads(item.body).get("data", {}).get("links", {})
    return str(next(iter(links.values()), base_url))


def _why(personal: bool, base_url: str) -> list[str]:
    if personal:
        return [
            "You receive this because you chose it in your own notification settings;",
            f"change or stop it there: {base_url.rstrip('/')}/settings/my-notifications",
        ]
    return [
        "You receive this because an administrator of your organisation subscribed this address;",
        "they can change or stop it in Kith.",
    ]


def compose(
    *,
    sender: str,
    to: str,
    organisation: str,
    items: Sequence[MailItem],
    base_url: str,
    personal: bool = False,
) -> EmailMessage:
    count = len(items)
    noun = "update" if count == 1 else "updates"
    lines = [
        "Hello,",
        "",
        f"There {'is' if count == 1 else 'are'} {count} new {noun} for {organisation} in Kith:",
        "",
    ]
    for item in sorted(items, key=lambda i: i.occurred_at):
        when = item.occurred_at.strftime("%d %b %Y %H:%M UTC")
        lines.append(f"- {_headline(item.type_name)} ({when}): {_link(item, base_url)}")
    lines += [
        "",
        f"Sign in to Kith to see the details: {base_url}",
        "",
        *_why(personal, base_url),
    ]
    message = EmailMessage()
    message["Subject"] = f"Kith: {count} new {noun} for {organisation}"
    message["From"] = sender
    message["To"] = to
    message["Message-ID"] = make_msgid(domain="kith.invalid")
    message.set_content("\n".join(lines))
    return message
