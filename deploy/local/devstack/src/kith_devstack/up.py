"""`make up`: the whole of Kith on this machine, in the foreground, until Ctrl-C.

Starts Neo4j and NATS (state in `.state/`), applies migrations, loads the real Bradford and
Craven areas and imports the synthetic demo directory through the directory's importer (the
same path a real feed takes), then runs every service as its own process with structured
logs on this terminal. Ctrl-C or SIGTERM stops them all, newest first.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from kith_common.graph import Graph
from kith_common.logging import configure_logging, get_logger
from kith_common.settings import Settings
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.refresh import refresh_profiles
from kith_graph_schema.migrate import migrate
from kith_notifications.handlers import register_endpoint

from kith_devstack import demo_pathway, demo_referrals, processes
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_users import demo_users

log = get_logger("kith.up")
DEMO_AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"
DEMO_SEED = 7
ISSUER_PORT, PARTNER_PORT = 8009, 8010
WEB_PORT = int(os.environ.get("KITH_WEB_PORT", "8080"))
PARTNER_SECRET_FILE = "demo-partner-webhook-secret"  # noqa: S105 - a file name


def _port(url: str, default: int) -> int:
    return urlsplit(url).port or default


async def prepare_graph(settings: Settings, root: Path, state: Path) -> None:
    graph = Graph.from_settings(settings)
    try:
        applied = await migrate(graph.driver, graph.database)
        counts = await load_areas(graph, area_csv_rows(root / DEMO_AREAS))
        directory = generate_directory(read_areas(root / DEMO_AREAS), seed=DEMO_SEED)
        summary = await import_services(build_importer(graph), directory, "demo-district")
        log.info(
            "demo_district_loaded",
            migrations_applied=applied,
            areas=counts,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            rejected=len(summary.rejected),
        )
        pathway = await demo_pathway.define(graph, directory)
        log.info("demo_pathway_defined", pathway_id=pathway)
        # Synthetic referral history (bypassing the API on purpose, see demo_referrals) so the
        # gap map and equity audit have something to find, including a deliberate inequity.
        made = await demo_referrals.generate(graph)
        log.info("demo_referrals_loaded", people=len(made.people), referrals=len(made.referrals))
        # Embeddings for semantic matching (local multilingual model, ~0.1 s per listing;
        # unchanged listings are skipped on the next run).
        refreshed = await refresh_profiles(graph, default_embedder())
        log.info(
            "matching_profiles_refreshed",
            embedded=refreshed.embedded,
            unchanged=refreshed.unchanged,
        )
        food_bank = demo_users(directory)["foodbank"]
        endpoint = await register_endpoint(
            graph,
            food_bank.organisation_id,
            f"http://127.0.0.1:{PARTNER_PORT}/hook",
            allow_http=True,
        )
        # The demo partner process verifies signatures with this secret (local demo only).
        secret_file = state / PARTNER_SECRET_FILE
        secret_file.write_text(endpoint.secret)
        secret_file.chmod(0o600)
    finally:
        await graph.close()


def _services(settings: Settings) -> list[tuple[str, list[str], str]]:
    """Each process with the URL that answers once it is up."""
    bin_dir, local = Path(sys.executable).parent, "http://127.0.0.1"
    return [
        (
            "devservices",
            [sys.executable, "-m", "kith_devstack.devservices"],
            f"{local}:{ISSUER_PORT}/.well-known/jwks.json",
        ),
        (
            "directory",
            [str(bin_dir / "kith-directory"), "serve"],
            f"{local}:{settings.directory_port}/healthz",
        ),
        ("gateway", [str(bin_dir / "kith-gateway")], f"{local}:{settings.gateway_port}/healthz"),
        (
            "referral-router",
            [str(bin_dir / "kith-router")],
            f"{local}:{settings.router_port}/healthz",
        ),
        (
            "notifications",
            [str(bin_dir / "kith-notifications")],
            f"{local}:{settings.notifications_port}/healthz",
        ),
        (  # keeps matching profiles fresh from directory events (kith_gateway/matching)
            "matching-refresh",
            [str(bin_dir / "kith-matching-refresh"), "--follow"],
            f"{local}:{os.environ.get('KITH_MATCHING_REFRESH_PORT', '8004')}/healthz",
        ),
        ("web", [str(bin_dir / "kith-web")], f"{local}:{WEB_PORT}/healthz"),
    ]


def _wait_http(url: str, proc: processes.ManagedProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited with code {proc.popen.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.name} did not become ready at {url}")


def _banner(settings: Settings) -> str:
    gw, issuer = f"http://127.0.0.1:{settings.gateway_port}", f"http://127.0.0.1:{ISSUER_PORT}"
    return f"""
Kith web app  http://127.0.0.1:{WEB_PORT}
Kith is running (Ctrl-C stops everything). Open the web app and sign in as a demo user.
  GraphQL gateway   {gw}/graphql
  ORUK directory    http://127.0.0.1:{settings.directory_port}/services
  Neo4j Bolt        {settings.neo4j_uri}
  NATS              {settings.nats_servers[0]}
  Dev token issuer  {issuer}/users   (demo users)
  Demo partner      http://127.0.0.1:{PARTNER_PORT}/hook  (the demo food bank's webhook)
Get a token:  curl -s -d username=prescriber {issuer}/token
"""


def run(root: Path) -> None:
    os.environ.setdefault("KITH_ENV", "local")  # unset means production; `make up` is local
    # Links in emails and webhooks open the referral's page in the web app (not the gateway).
    os.environ.setdefault("KITH_PUBLIC_BASE_URL", f"http://127.0.0.1:{WEB_PORT}")
    settings = Settings.from_env()
    state = Path(os.environ.get("KITH_STATE_DIR", root / ".state"))
    state.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KITH_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")  # the demo partner
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with ExitStack() as stack:
        bolt_port = _port(settings.neo4j_uri, 7687)
        nats_port = _port(settings.nats_servers[0], 4222)
        neo4j = stack.enter_context(
            processes.start_neo4j(state / "neo4j", bolt_port, log_file=state / "neo4j.log")
        )
        nats = stack.enter_context(
            processes.start_nats(state / "nats", nats_port, log_file=state / "nats.log")
        )
        processes.wait_for_neo4j(settings.neo4j_uri, timeout=180, process=neo4j)
        processes.wait_for_nats("127.0.0.1", nats_port, process=nats)
        asyncio.run(prepare_graph(settings, root, state))
        for name, cmd, ready_url in _services(settings):
            proc = stack.enter_context(processes.start_program(name, cmd, cwd=root))
            _wait_http(ready_url, proc)
        print(_banner(settings), flush=True)
        stop.wait()
        log.info("stopping")


def main() -> None:
    configure_logging("kith-up")
    run(processes.REPO_ROOT)
