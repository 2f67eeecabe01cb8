"""Fixtures for this suite (defined in tests.helpers.notifications, shared with the suites that need them)."""

from tests.helpers.notifications import admin, gateway_env, notifications, partner  # noqa: F401  (fixtures)
from tests.helpers.observability import spans  # noqa: F401  (fixtures)
