"""Fixtures for this suite (defined in tests.helpers.outcomes)."""

from tests.helpers.outcomes import api  # noqa: F401  (fixture)
