"""The delivery rules as plain functions: retry schedule, breaker, routing, digests, egress."""

from __future__ import annotations

import ipaddress
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_common.egress import EgressPolicy, UrlRejected, embeds_ipv4
from kith_common.events import DIRECTORY_SERVICE_UPDATED, REFERRAL_RECEIVED, Event
from kith_notifications.domain.breaker import Breaker, BreakerPolicy
from kith_notifications.domain.retry import RetryPolicy, parse_retry_after
from kith_notifications.domain.routing import (
    Channel,
    ServiceFacts,
    SubscriptionView,
    digest_due,
    order_key,
    organisations_concerned,
    route,
)

NOW = datetime(2026, 11, 23, 12, 30, tzinfo=UTC)
POLICY = RetryPolicy()


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=0, max_value=2**32))
def test_backoff_grows_is_jittered_and_capped(attempts: int, seed: int) -> None:
    rng = random.Random(seed)
    delay = POLICY.delay(attempts, rng)
    ideal = min(
        POLICY.max_delay.total_seconds(), POLICY.base.total_seconds() * 2.0 ** (attempts - 1)
    )
    assert ideal * (1 - POLICY.jitter) - 1e-6 <= delay.total_seconds() <= ideal + 1e-6


@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(0, 2**32))
def test_retries_never_leave_the_window_and_end_in_a_dead_letter(
    slow_downs: list[bool], seed: int
) -> None:
    rng, now, attempts = random.Random(seed), NOW, 0
    while True:
        attempts += 1
        retry_after = timedelta(hours=3) if slow_downs[attempts % len(slow_downs)] else None
        at = POLICY.next_attempt(
            attempts=attempts, window_start=NOW, now=now, retry_after=retry_after, rng=rng
        )
        if at is None:
            break
        assert now < at <= NOW + POLICY.window
        assert at - now <= POLICY.max_delay
        now = at
    assert attempts < 100  # a 24 h window with 10 s base and 2 h cap ends in a few dozen tries


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert parse_retry_after("120", NOW) == timedelta(minutes=2)
    assert parse_retry_after("Mon, 23 Nov 2026 12:31:00 GMT", NOW) == timedelta(minutes=1)
    assert parse_retry_after("Mon, 23 Nov 2026 12:00:00 GMT", NOW) == timedelta(0)
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


BREAKER = BreakerPolicy(threshold=3, cooldown=timedelta(seconds=10), max_cooldown=timedelta(40))


@given(st.lists(st.sampled_from(["ok", "fail", "slow"]), max_size=40))
def test_breaker_state_machine(outcomes: list[str]) -> None:
    breaker, now, consecutive = Breaker(), NOW, 0
    for outcome in outcomes:
        was = breaker
        if outcome == "ok":
            breaker, consecutive = breaker.on_success(), 0
            assert breaker.state == "closed"
            assert breaker.failures == 0
        elif outcome == "fail":
            consecutive += 1
            breaker = breaker.on_failure(now, BREAKER)
            opened = was.state == "half-open" or consecutive >= BREAKER.threshold
            assert (breaker.state == "open") == (opened or was.state == "open")
            if breaker.state == "open" and breaker is not was:
                assert breaker.blocked_until is not None
                assert not breaker.allows(now)
                assert breaker.blocked_until - now <= BREAKER.max_cooldown
        else:
            breaker = breaker.on_slow_down(now + timedelta(seconds=5))
            assert breaker.state == was.state
            assert not breaker.allows(now)
        now += timedelta(seconds=1)


def test_an_open_breaker_waits_longer_each_time_it_reopens() -> None:
    breaker = Breaker()
    for _ in range(3):
        breaker = breaker.on_failure(NOW, BREAKER)
    first = breaker.blocked_until
    probing = Breaker("half-open", breaker.failures, breaker.opens, None)
    again = probing.on_failure(NOW, BREAKER)
    assert first is not None
    assert again.blocked_until is not None
    assert again.blocked_until - NOW == 2 * (first - NOW)


def _event() -> Event:
    data = {
        "referral_id": "r1",
        "service_id": "s1",
        "to_organisation_id": "org-b",
        "from_organisation_id": "org-a",
    }
    return Event(type=REFERRAL_RECEIVED, aggregate_id="r1", data=data, aggregate_version=2)


def _sub(id: str, org: str, channel: Channel, **kw: object) -> SubscriptionView:
    return SubscriptionView(
        id=id,
        organisation_id=org,
        channel=channel,
        event_types=frozenset({"referral.received"}),
        **kw,  # type: ignore[arg-type]
    )


def test_routing_by_organisation_type_and_filters() -> None:
    event = _event()
    assert organisations_concerned(event) == ["org-a", "org-b"]
    facts = ServiceFacts("s1", frozenset({"E01000001", "E08000032"}), frozenset({"food"}))
    subs = [
        _sub("1", "org-b", "webhook", endpoint_id="e1"),
        _sub("2", "org-b", "webhook", endpoint_id="e1", need_codes=frozenset({"food"})),
        _sub("3", "org-b", "webhook", endpoint_id="e2", need_codes=frozenset({"housing"})),
        _sub("4", "org-b", "email", area_codes=frozenset({"E08000032"})),
        _sub("5", "org-a", "inbox", service_ids=frozenset({"s2"})),
        _sub("6", "org-a", "inbox"),
        SubscriptionView("7", "org-a", "webhook", frozenset({"referral.requested"}), "e3"),
    ]
    where = route(event, subs, facts)
    assert where.endpoint_ids == (("org-b", "e1"),)  # e1 once although two subscriptions match
    assert [s.id for s in where.emails] == ["4"]
    assert where.inbox_organisations == ("org-a",)
    assert route(event, subs[1:2], None).endpoint_ids == ()  # filtered, no service: no match


def test_a_workers_own_subscription_hears_only_about_referrals_to_their_organisation() -> None:
    event = _event()  # from org-a to org-b
    mine_at_b = _sub("8", "org-b", "email", user_id="worker-b")
    mine_at_a = _sub("9", "org-a", "email", user_id="worker-a")
    team_at_a = _sub("10", "org-a", "email")
    where = route(event, [mine_at_b, mine_at_a, team_at_a], None)
    assert [s.id for s in where.emails] == ["10", "8"]  # the sender's worker is not told


def test_events_without_organisations_concern_nobody_and_order_keys_sort_by_version() -> None:
    update = Event(DIRECTORY_SERVICE_UPDATED, "s1", {"service_id": "s1", "organisation_id": "o"})
    assert organisations_concerned(update) == ["o"]
    early = _event()
    later = Event(
        REFERRAL_RECEIVED,
        "r1",
        dict(early.data),
        aggregate_version=10,
        occurred_at=early.occurred_at - timedelta(days=1),
    )
    assert order_key(early) < order_key(later)  # version first, then time


@given(st.datetimes(timezones=st.just(UTC)))
def test_digest_times(now: datetime) -> None:
    assert digest_due("immediate", now) == now
    hourly = digest_due("hourly", now)
    assert now < hourly <= now + timedelta(hours=1)
    assert (hourly.minute, hourly.second, hourly.microsecond) == (0, 0, 0)
    daily = digest_due("daily", now)
    assert now <= daily < now + timedelta(days=1)
    assert daily.hour == 7


STRICT = EgressPolicy(allow_http=False)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://partner.example/hook", "must use https"),
        ("ftp://partner.example/hook", "must use https"),
        ("https:///hook", "no host"),
        ("https://user:pw@partner.example/hook", "user name or password"),
        ("https://partner.example/hook#x", "fragment"),
        ("https://127.0.0.1/hook", "private, loopback"),
        ("https://10.1.2.3/hook", "private, loopback"),
        ("https://[::1]/hook", "private, loopback"),
        ("https://[::ffff:192.168.0.1]/hook", "embeds an IPv4 address"),
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("https://100.64.0.1/hook", "private, loopback"),
        ("https://0.0.0.0/hook", "private, loopback"),
        ("https://partner.example:99999/hook", "not a valid URL"),
        ("https://partner.example/" + "a" * 2100, "longer than"),
    ],
)
def test_urls_kith_will_not_call(url: str, why: str) -> None:
    with pytest.raises(UrlRejected, match=why):
        STRICT.check_url(url)


def test_allowed_networks_are_explicit_and_metadata_is_never_allowed() -> None:
    local = EgressPolicy.from_env(
        {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8, 169.254.0.0/16"}
    )
    assert local.check_url("http://127.0.0.1:8080/hook").port == 8080
    with pytest.raises(UrlRejected, match="metadata"):
        local.check_url("http://169.254.169.254/")
    with pytest.raises(UrlRejected):
        local.check_url("http://10.0.0.1/")
    production = EgressPolicy.from_env({"KITH_ENV": "production"})
    with pytest.raises(UrlRejected, match="https"):
        production.check_url("http://partner.example/")
    assert production.check_url("https://93.184.216.34/hook").hostname == "93.184.216.34"


async def test_names_are_resolved_and_every_address_checked() -> None:
    with pytest.raises(UrlRejected, match="private, loopback"):
        await STRICT.resolve("localhost", 443)
    with pytest.raises(UrlRejected, match="private, loopback"):
        await STRICT.resolve("2130706433", 443)  # 127.0.0.1 spelled as a number
    with pytest.raises(UrlRejected, match="does not resolve"):
        await STRICT.resolve("no-such-host.invalid", 443)


@given(st.ip_addresses())
def test_only_global_unicast_addresses_pass_a_strict_policy(address: object) -> None:
    ip = ipaddress.ip_address(address)  # type: ignore[arg-type]
    target = getattr(ip, "ipv4_mapped", None) or ip
    try:
        STRICT.check_address(ip)
    except UrlRejected:
        assert (
            not target.is_global
            or target.is_multicast
            or str(target) in {"100.100.100.200"}
            or embeds_ipv4(ip)  # NAT64, 6to4, Teredo...: refused whatever they carry
        )
    else:
        assert target.is_global
        assert not target.is_multicast
