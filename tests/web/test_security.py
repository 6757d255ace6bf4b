"""Sign-in, sessions, CSRF, rate limits, headers, body limits and authorisation."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import BaseRoute, Mount, Route

from openfiu.store import Store
from openfiu.store.models.audit import AuditEvent
from openfiu.web.auth import PUBLIC_PATHS
from openfiu.web.security import CSP

from .conftest import PASSWORD, Keys, auth, csrf_of, login

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def concrete(path: str) -> str:
    return path.replace("{dataset}", "default")


def flat(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, also those of included routers (FastAPI keeps them apart)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from flat(inner.routes)
        else:
            yield route


def routes(app: FastAPI) -> Iterator[tuple[str, str, APIRoute]]:
    for route in flat(app.routes):
        if isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, route.path, route


def test_every_route_needs_sign_in(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for method, path, route in routes(app):
        if path in PUBLIC_PATHS:
            continue
        guards = [d.call for d in route.dependant.dependencies]
        assert any(hasattr(g, "openfiu_actions") for g in guards), f"{path} has no allow()"
        response = client.request(method, concrete(path), follow_redirects=False)
        assert response.status_code in (401, 303), (method, path, response.status_code)
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login")
        checked += 1
    assert checked >= 7
    others = {r.path for r in flat(app.routes) if isinstance(r, Mount | Route)}
    assert others - {p for _, p, _ in routes(app)} <= PUBLIC_PATHS


def test_roles_are_checked(client: TestClient, api_keys: Keys) -> None:
    headers = auth(api_keys.auditor)
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme"]}}}}
    refused = client.post("/match/default", json=body, headers=headers)
    assert refused.status_code == 403
    assert "search needs the role analyst" in refused.json()["detail"]
    assert client.get("/api/lists", headers=headers).status_code == 403
    assert client.get("/api/lists", headers=auth("ofk_not-a-key")).status_code == 401
    assert client.get("/api/lists", headers={"Authorization": "Digest x"}).status_code == 401
    assert client.get("/api/lists", headers={"X-API-Key": api_keys.ana}).status_code == 200
    assert client.get("/api/lists", headers={"Authorization": f"Bearer {api_keys.ana}"}).is_success


def test_http_basic(client: TestClient) -> None:
    assert client.get("/api/lists", headers=basic("ana", PASSWORD)).status_code == 200
    assert client.get("/api/lists", headers=basic("ana", "wrong password!")).status_code == 401
    assert client.get("/api/lists", headers=basic("locked", PASSWORD)).status_code == 401
    assert client.get("/api/lists", headers={"Authorization": "Basic ***"}).status_code == 401


def test_basic_is_rate_limited(client: TestClient) -> None:
    for _ in range(3):
        assert client.get("/api/lists", headers=basic("rita", "nope nope nope")).status_code == 401
    response = client.get("/api/lists", headers=basic("rita", PASSWORD))
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_login_sets_a_strict_httponly_cookie(client: TestClient, store: Store) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/").status_code == 200
    with store.transaction() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "auth.login" in actions


def test_login_needs_csrf_and_rejects_open_redirects(client: TestClient) -> None:
    client.get("/login")
    no_token = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert no_token.status_code == 403
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_state_changing_posts_need_the_csrf_token(client: TestClient) -> None:
    token = login(client)
    data = {"name": "Acme Trading", "kind": "organization"}
    assert client.post("/search", data=data).status_code == 403
    assert client.post("/search", data={**data, "csrf_token": "forged"}).status_code == 403
    assert client.post("/search", data={**data, "csrf_token": token}).status_code == 200
    assert client.post("/search", data=data, headers={"X-CSRF-Token": token}).status_code == 200
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme"]}}}}
    assert client.post("/match/default", json=body).status_code == 403
    ok = client.post("/match/default", json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200
    assert client.post("/logout").status_code == 403
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_rate_limits(app: FastAPI, client: TestClient, store: Store) -> None:
    token = csrf_of(client.get("/login").text)

    def attempt(user: str, password: str) -> int:
        data = {"username": user, "password": password, "csrf_token": token}
        return client.post("/login", data=data, follow_redirects=False).status_code

    assert [attempt("ana", "wrong wrong wrong") for _ in range(3)] == [401, 401, 401]
    assert attempt("ana", PASSWORD) == 429  # per user, even with the right password
    assert attempt("rita", "wrong wrong wrong") == 401
    assert attempt("aud", "wrong wrong wrong") == 401
    assert attempt("aud", "wrong wrong wrong") == 401
    assert attempt("rita", PASSWORD) == 429  # six failures from this address
    with store.transaction() as session:
        failed = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
        ).all()
    assert len(failed) == 6
    app.state.openfiu.limiter.__init__(900, 3, 6, 50)  # a new window
    assert attempt("ana", PASSWORD) == 303


def test_security_headers_everywhere(client: TestClient, api_keys: Keys) -> None:
    responses = [
        client.get("/login"),
        client.get("/healthz"),
        client.get("/api/lists"),
        client.get("/api/lists", headers=auth(api_keys.ana)),
        client.get("/nowhere"),
        client.get("/static/openfiu.css"),
    ]
    for response in responses:
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert responses[3].headers["cache-control"] == "no-store"


def test_body_size_limit(client: TestClient, api_keys: Keys) -> None:
    big = {"queries": {"q": {"schema": "Company", "properties": {"name": ["x" * 70_000]}}}}
    response = client.post("/match/default", json=big, headers=auth(api_keys.ana))
    assert response.status_code == 413
    assert response.headers["x-frame-options"] == "DENY"

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 10_000

    streamed = client.post(
        "/match/default",
        content=chunks(),
        headers={**auth(api_keys.ana), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
