"""Fixtures for this suite (defined in tests.helpers.security)."""

from tests.helpers.security import clean_gateway, gateway  # noqa: F401  (fixtures)
