"""Fixtures for this suite (defined in tests.helpers, shared with the suites that need them)."""

from tests.helpers.observability import spans  # noqa: F401  (fixtures)
from tests.helpers.referrals import api  # noqa: F401  (fixtures)
