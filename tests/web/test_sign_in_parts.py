"""The parts of sign-in and sessions below the browser: the return path (property test), the
development issuer's code + PKCE exchange, and the idle timeout of a stored session."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from hypothesis import given
from hypothesis import strategies as st
from kith_web.oidc import code_challenge, safe_return_path
from kith_web.sessions import SessionData, SessionStore
from nats.js import JetStreamContext

from tests.helpers.web_stack import WebStack


@given(st.text())
def test_the_return_path_never_leaves_the_site(candidate: str) -> None:
    path = safe_return_path(candidate)
    assert path.startswith("/")
    assert not path.startswith("//")
    assert "\\" not in path
    assert path in {candidate, "/"}


def test_a_deep_link_survives() -> None:
    assert safe_return_path("/referrals/abc?tab=history") == "/referrals/abc?tab=history"
    assert safe_return_path("https://evil.example/") == "/"


async def _code(client: httpx.AsyncClient, stack: WebStack, challenge: str) -> str:
    form = {
        "username": "foodbank",
        "client_id": "kith-web",
        "redirect_uri": "http://127.0.0.1:9/cb",
        "state": "s",
        "nonce": "n",
        "code_challenge": challenge,
    }
    answer = await client.post(f"{stack.issuer.issuer}/authorize", data=form)
    assert answer.status_code == 303
    return parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]


async def test_the_dev_issuer_exchanges_a_code_once_and_only_with_its_verifier(
    web_stack: WebStack,
) -> None:
    verifier = "v" * 50
    exchange = {
        "grant_type": "authorization_code",
        "client_id": "kith-web",
        "redirect_uri": "http://127.0.0.1:9/cb",
    }
    async with httpx.AsyncClient() as client:
        code = await _code(client, web_stack, code_challenge(verifier))
        wrong = await client.post(
            f"{web_stack.issuer.issuer}/token",
            data={**exchange, "code": code, "code_verifier": "w" * 50},
        )
        code = await _code(client, web_stack, code_challenge(verifier))
        right = await client.post(
            f"{web_stack.issuer.issuer}/token",
            data={**exchange, "code": code, "code_verifier": verifier},
        )
        again = await client.post(
            f"{web_stack.issuer.issuer}/token",
            data={**exchange, "code": code, "code_verifier": verifier},
        )
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert right.json()["access_token"]
    assert again.status_code == 400, "a code works once"


async def test_a_session_idle_past_its_timeout_is_gone(jetstream: JetStreamContext) -> None:
    now = [1_000_000.0]
    opened = await SessionStore.open(jetstream, 60, bucket="kith-web-sessions-idle-test")
    store = SessionStore(opened.kv, 60, clock=lambda: now[0])
    session_id, _ = await store.create(
        SessionData(access_token="t", token_expires_at=now[0] + 3600, user_id="u")
    )
    now[0] += 59
    assert await store.load(session_id) is not None, "59 s idle: still signed in"
    now[0] += 59
    assert await store.load(session_id) is not None, "each request extends it"
    now[0] += 61
    assert await store.load(session_id) is None, "61 s idle: signed out"
    now[0] -= 61
    assert await store.load(session_id) is None, "and deleted, not just hidden"
