"""The server-rendered pages: sign in, home, name search, static files."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from openfiu.screening import Screener
from openfiu.store import Store
from openfiu.store.models.audit import AuditEvent

from .conftest import login

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def assert_no_inline_code(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline <script>"
    assert "<style" not in html and " style=" not in html and " onclick=" not in html


def test_pages_have_no_inline_scripts(client: TestClient) -> None:
    assert_no_inline_code(client.get("/login").text)
    login(client)
    for path in ("/", "/search"):
        page = client.get(path)
        assert page.status_code == 200
        assert_no_inline_code(page.text)
        assert '<script src="/static/openfiu.js"' in page.text


def test_static_files(client: TestClient) -> None:
    css = client.get("/static/openfiu.css")
    js = client.get("/static/openfiu.js")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]


def test_navigation_follows_roles(client: TestClient) -> None:
    login(client, "aud")
    home = client.get("/").text
    assert "Name search" not in home
    assert client.get("/search", headers={"Accept": "text/html"}).status_code == 403


def test_name_search_explains_and_is_audited(
    client: TestClient, screener: Screener, store: Store
) -> None:
    token = login(client)
    listed = next(e for e in screener.entities if e.kind == "person")
    form = {"name": listed.primary_name, "kind": "person", "csrf_token": token}
    refused = client.post("/search", data=form)
    assert refused.status_code == 400 and "justification" in refused.text
    page = client.post("/search", data={**form, "justification": "alert A-17"})
    assert page.status_code == 200
    assert listed.reference in page.text and "matched the primary name" in page.text
    assert_no_inline_code(page.text)
    with store.transaction() as session:
        searches = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "screening.search")
        ).all()
        assert [(e.actor, e.justification) for e in searches] == [("ana", "alert A-17")]


def test_sign_in_page_errors(client: TestClient) -> None:
    client.get("/login")
    token = login.__globals__["csrf_of"](client.get("/login").text)
    wrong = client.post(
        "/login", data={"username": "ana", "password": "x" * 13, "csrf_token": token}
    )
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
