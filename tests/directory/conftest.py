"""Fixtures for this suite (defined in tests.helpers.oruk, shared with the suites that need them)."""

from tests.helpers.oruk import importer  # noqa: F401  (fixture)
