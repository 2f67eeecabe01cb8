"""Contact details sealed at rest with the shared envelope encryption
(`kith_common.envelope`: a data key per value, wrapped by the configured key ring,
`KITH_DATA_KEYS`). The context names the record, so a sealed value copied onto another
contact request does not open."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from kith_common.envelope import KeyRing


@dataclass(frozen=True)
class Envelope:
    ring: KeyRing

    @staticmethod
    def _context(record_id: str) -> str:
        return f"contact-details:{record_id}"

    def seal(self, fields: Mapping[str, str | None], record_id: str) -> str:
        return self.ring.seal(json.dumps(dict(fields)), self._context(record_id))

    def open(self, sealed: str, record_id: str) -> dict[str, str | None]:
        opened: dict[str, str | None] = json.loads(self.ring.open(sealed, self._context(record_id)))
        return opened
