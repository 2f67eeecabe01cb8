"""The session-wide log scan (tests/helpers/log_scan.py) finds what it should and only that."""

from __future__ import annotations

from tests.helpers.log_scan import LogScan


def test_a_remembered_detail_in_a_tests_output_is_a_leak() -> None:
    scan = LogScan()
    scan.remember(["BD-4471", "Walking with my grandchildren"])
    scan.keep("tests/a.py::quiet", '{"event": "referral created", "referral_id": "r-1"}')
    scan.keep("tests/b.py::noisy", '{"event": "refused", "query": "person(ref: \\"BD-4471\\")"}')
    assert scan.leaks() == [("BD-4471", "tests/b.py::noisy")]


def test_short_and_non_text_values_are_not_looked_for() -> None:
    scan = LogScan()
    scan.remember(["abc", "  ", None, 42, ["BD-4471"]])
    scan.keep("tests/a.py::t", "abc 42 BD-4471")
    assert scan.details == set()
    assert scan.leaks() == []


def test_each_detail_is_reported_once_with_the_first_test_that_leaked_it() -> None:
    scan = LogScan()
    scan.remember(["PSN-000123"])
    scan.keep("tests/a.py::first", "PSN-000123")
    scan.keep("tests/a.py::second", "PSN-000123 again")
    assert scan.leaks() == [("PSN-000123", "tests/a.py::first")]
