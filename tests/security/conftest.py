"""Fixtures for this suite (defined in tests.helpers.security)."""

from tests.helpers.logs import json_logs  # noqa: F401  (fixture)
from tests.helpers.security import clean_gateway, gateway  # noqa: F401  (fixtures)
