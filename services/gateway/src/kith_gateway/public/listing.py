"""Facts the public search filters on that a listing states only inside its ORUK document:
whether it is free of charge. Pure; `matching/facts.py` stores the answer on the service's
MatchingProfile so the search filters on a property instead of parsing JSON per row.

Free means the listing says so: every cost option is free (amount 0 or described as free)
or, without cost options, the fees text says free. A listing that says nothing about cost
is "not recorded", not free: the filter never promises what the provider did not."""

from __future__ import annotations

import json
import re
from typing import Any

_FREE_WORDS = re.compile(r"\b(free|no charge|no cost)\b", re.IGNORECASE)
_PAID_WORDS = re.compile(r"£\s*[1-9]|\bper (session|hour|week|month)\b", re.IGNORECASE)


def _option_is_free(option: dict[str, Any]) -> bool | None:
    amount = option.get("amount")
    if isinstance(amount, int | float):
        return amount == 0
    text = " ".join(str(option.get(k) or "") for k in ("option", "amount_description"))
    if _PAID_WORDS.search(text):
        return False
    return True if _FREE_WORDS.search(text) else None


def free_of_charge(oruk_json: str | None) -> bool | None:
    """True (says free), False (says it costs), None (not recorded)."""
    if not oruk_json:
        return None
    record = json.loads(oruk_json)
    options = [o for o in record.get("cost_options") or [] if isinstance(o, dict)]
    if options:
        verdicts = [_option_is_free(o) for o in options]
        if False in verdicts:
            return False
        return True if all(verdicts) else None
    fees = str(record.get("fees_description") or record.get("fees") or "")
    if _PAID_WORDS.search(fees):
        return False
    return True if _FREE_WORDS.search(fees) else None
