"""Fixtures for this suite (defined in tests.helpers.referrals, shared with the suites that need them)."""

from tests.helpers.referrals import api, json_logs, live  # noqa: F401  (fixtures)
