"""Opaque Relay cursors: newest first, keyed by (created, id) so pages never skip or repeat
a referral even when many are created in the same millisecond."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

MAX_PAGE_SIZE = 100


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    ms: int
    id: str

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{self.ms}:{self.id}".encode()).decode()

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            ms, _, ident = base64.urlsafe_b64decode(text.encode()).decode().partition(":")
            cursor = cls(int(ms), ident)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InvalidCursor("after is not a cursor this API returned") from None
        if not cursor.id:
            raise InvalidCursor("after is not a cursor this API returned")
        return cursor


def check_page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidCursor(f"first must be between 1 and {MAX_PAGE_SIZE}")
    return first
