"""The per-LSOA tallies (kith_referrals.tallies) always equal a count of the raw rows: the gap
map's friction and the equity audit's cube read from the tallies give what the same queries
over the referrals give, after every kind of change the writers make (through the real
gateway and router, and over random sequences of the writers' own statements), and after
migration V0024 counts a graph written before the tallies existed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import strawberry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_common.graph import Graph
from kith_gateway.insights import queries as q
from kith_gateway.insights import tallied
from kith_gateway.insights.ethnicity import RECORD, WITHDRAW
from kith_gateway.people.handlers import WRITE_PROFILE
from kith_gateway.referrals.handlers import CREATE_REFERRAL
from kith_graph_schema.migrate import load_migrations
from kith_referrals.history import record_change

from tests.helpers import insights as world
from tests.helpers import referrals as practice
from tests.helpers.referrals import AREA, WORKER_B, referral_in

BASE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOW = datetime.now(UTC) + timedelta(days=400)  # after every time the tests write
SAVE = record_change(also_record="reason_code: $reason_code")


def _days(values: list[float]) -> list[float]:
    return sorted(round(v, 6) for v in values)


def _friction(found: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {
        r["code"]: (r["referrals"], r["accepted"], r["rejected"], r["completed"],
                    sorted(r["reasons"]), _days(r["contact_days"]), _days(r["completion_days"]))
        for r in found
    }  # fmt: skip


def _cube(found: list[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {
        (r["decile"], r["ethnicity"], r["language"], r["age_band"]): (
            r["people"], r["accepted"], r["decided"], r["completed"], r["contacted"],
            _days(r["contact_days"]), pytest.approx(r["days_waiting"], abs=1e-3 * r["people"] + 1e-6),
        )
        for r in found
    }  # fmt: skip


async def assert_tallies_match(graph: Graph, codes: list[str]) -> None:
    everything = {"need": None, "since": None, "until": None, "org": None}
    raw = await q.rows(graph, q.FRICTION, codes=codes, accepted=q.ACCEPTED_STATES, **everything)
    assert _friction(await q.rows(graph, q.FRICTION_TALLIED, codes=codes)) == _friction(raw)
    raw_cube = await q.rows(
        graph, q.EQUITY_CUBE, codes=codes, accepted=q.ACCEPTED_STATES, now=NOW, **everything
    )
    from_tallies = tallied.cube(await q.rows(graph, q.CUBE_TALLIED, codes=codes), NOW)
    assert _cube(raw_cube) == _cube(from_tallies)


@pytest.fixture
async def practice_api(graph: Graph, schema: strawberry.Schema) -> practice.Api:
    """The referrals suite's world and client (this suite's `api` is the insights one)."""
    await graph.execute(practice.SEED, area=AREA, org_b=practice.ORG_B, org_c=practice.ORG_C,
                        svc_b=practice.SERVICE_B, svc_c=practice.SERVICE_C)  # fmt: skip
    return practice.Api(graph, schema)


async def test_the_gateway_and_router_keep_the_tally_of_every_status(
    practice_api: practice.Api,
) -> None:
    api = practice_api
    # `entered-in-error` takes a counted referral out again; `rejected` brings a reason.
    for n, status in enumerate(["requested", "received", "accepted", "in-progress", "on-hold"]):
        await referral_in(api, status, pseudonym=f"PSN-{n:04d}")
        await assert_tallies_match(api.graph, [AREA])
    rejected = await referral_in(api, "received", pseudonym="PSN-0100")
    await api.change("reject", rejected, WORKER_B, reason="NO_CAPACITY")
    done = await referral_in(api, "in-progress", pseudonym="PSN-0101")
    await api.change("complete", done, WORKER_B, outcomes=["NEED_MET"])
    await assert_tallies_match(api.graph, [AREA])
    (tally,) = await api.graph.query(
        "MATCH (t:AreaTally {code: $code}) RETURN t.referrals AS n, t.reasons AS why", code=AREA
    )
    assert (tally["n"], tally["why"]) == (7, ["no-capacity"])


async def test_migration_v0024_counts_a_graph_written_before_the_tallies(graph: Graph) -> None:
    await graph.execute(world.AREAS, lad=world.LAD, empty=world.EMPTY_LAD, lat=world.LAT,
                        lsoas=[world.lsoa(world.A, "E02000001", -1.8, 1000, 3),
                               world.lsoa(world.B, "E02000001", -1.7, 1000, 8)])  # fmt: skip
    await graph.execute(world.SERVICES, rows=world.DISTRICT_SERVICES, lat=world.LAT)
    await graph.execute(world.REFERRALS, rows=world._referrals(), created=BASE)  # no tallies
    assert await graph.query("MATCH (t:AreaTally) RETURN t") == []

    (migration,) = [m for m in load_migrations() if m.version == 24]
    for _ in range(2):  # applying it again (an interrupted deploy) changes nothing
        for statement in migration.statements:
            async with graph.driver.session(database=graph.database) as session:
                await (await session.run(statement)).consume()
        await assert_tallies_match(graph, [world.A, world.B, world.C])
    found = await graph.query("MATCH (t:AreaTally) RETURN t.code AS code, t.referrals AS n")
    assert sorted((r["code"], r["n"]) for r in found) == [(world.A, 3), (world.B, 25)]


def test_a_wait_that_began_after_now_sends_the_audit_to_the_rows() -> None:
    sent = BASE.timestamp()
    cell = {"cell_ethnicity": [""], "cell_language": ["en"], "cell_age_band": [""],
            "cell_people": [1], "cell_accepted": [0], "cell_decided": [0],
            "cell_completed": [0], "cell_contacted": [0], "cell_closed_days": [0.0],
            "cell_open": [1], "cell_open_sent": [sent], "cell_open_latest": [sent],
            "cell_contact_days": [], "cell_contact_count": [0]}  # fmt: skip
    (row,) = tallied.cube([{"decile": 3, "tally": cell}], BASE + timedelta(days=2))
    assert (row["ethnicity"], row["language"], row["days_waiting"]) == (None, "en", 2.0)
    with pytest.raises(tallied.WaitsInTheFuture):
        tallied.cube([{"decile": 3, "tally": cell}], BASE - timedelta(days=1))


# Random sequences of the writers' own statements over two LSOAs and three people.
STATUSES = ("requested", "received", "accepted", "rejected", "in-progress", "on-hold",
            "completed", "cancelled", "failed", "entered-in-error")  # fmt: skip
step = st.one_of(
    st.tuples(st.just("refer"), st.integers(0, 2)),
    st.tuples(st.just("change"), st.integers(0, 9), st.sampled_from(STATUSES),
              st.integers(0, 24 * 365), st.sampled_from([None, "no-capacity"])),
    st.tuples(st.just("profile"), st.integers(0, 2), st.integers(0, 1),
              st.sampled_from([None, "en", "ur"]), st.sampled_from([None, "25-34", "65-74"])),
    st.tuples(st.just("ethnicity"), st.integers(0, 2),
              st.sampled_from([None, "pakistani", "white_british"])),
)  # fmt: skip

PEOPLE = """
UNWIND $people AS row
MATCH (a:Area:LSOA {code: row.area})
CREATE (p:Person {id: row.id, reference: row.reference, organisation_id: $org})-[:LIVES_IN]->(a)
"""


class Writers:
    """One example's world: fresh codes and ids, so examples never see each other's rows."""

    def __init__(self, graph: Graph) -> None:
        tag = uuid.uuid4().hex[:8]
        self.graph, self.org, self.codes = graph, f"org-{tag}", [f"L{tag}a", f"L{tag}b"]
        self.service = f"svc-{tag}"
        self.people = [{"id": f"p-{tag}-{i}", "reference": f"PSN-{tag}-{i}"} for i in range(3)]
        self.homes = [0, 0, 1]
        self.referrals: list[tuple[str, int]] = []  # (id, version)

    async def build(self) -> None:
        await self.graph.execute(
            "CREATE (:Organisation {id: $org})-[:PROVIDES]->"
            "(:Service {id: $svc, status: 'active', organisation_id: $org})"
            " WITH * UNWIND range(0, 1) AS i"
            " CREATE (:Area:LSOA {code: $codes[i], imd_decile: 2 + 5 * i})",
            codes=self.codes,
            org=self.org,
            svc=self.service,
        )
        people = [p | {"area": self.codes[h]} for p, h in zip(self.people, self.homes, strict=True)]
        await self.graph.execute(PEOPLE, people=people, org=self.org)

    async def refer(self, i: int) -> None:
        referral_id = str(uuid.uuid4())
        await self.graph.execute(
            CREATE_REFERRAL, scoped_key=referral_id, referral_id=referral_id, user="u",
            reason="pain", request_hash="h", from_org=self.org, to_org=self.org,
            service_id=self.service, self_referral=False,
            pseudonym=self.people[i]["reference"], home_area=self.codes[self.homes[i]],
        )  # fmt: skip
        self.referrals.append((referral_id, 1))

    async def change(self, j: int, to: str, hours: int, reason: str | None) -> None:
        if not self.referrals:
            return
        referral_id, version = self.referrals[j % len(self.referrals)]
        await self.graph.execute(
            SAVE, referral_id=referral_id, to=to, version=version + 1, **{"from": "any"},
            at=BASE + timedelta(hours=hours), action="test", actor="receiver", by_user="u",
            event_id=str(uuid.uuid4()), reason_code=reason,
        )  # fmt: skip
        self.referrals[j % len(self.referrals)] = (referral_id, version + 1)

    async def profile(self, i: int, home: int, language: str | None, band: str | None) -> None:
        self.homes[i] = home
        props = {"home_area": self.codes[home], "preferred_language": language, "age_band": band}
        await self.graph.execute(
            WRITE_PROFILE, id=self.people[i]["id"], org=self.org, props=props,
            reference=self.people[i]["reference"], user="u", needs=[],
        )  # fmt: skip

    async def ethnicity(self, i: int, group: str | None) -> None:
        person = {"person_id": self.people[i]["id"], "org": self.org, "user": "u"}
        if group is None:
            await self.graph.execute(WITHDRAW, **person)
        else:
            await self.graph.execute(RECORD, **person, group=group, consented_at=BASE)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=1, max_size=8))
async def test_the_tallies_equal_a_recount_after_any_sequence_of_changes(
    graph: Graph, steps: list[tuple[Any, ...]]
) -> None:
    writers = Writers(graph)
    await writers.build()
    for kind, *args in steps:
        await getattr(writers, kind)(*args)
        await assert_tallies_match(graph, writers.codes)
