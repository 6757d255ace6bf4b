"""Group-committed audit writes, the login limiter, ``openfiu serve`` and app start-up."""

from __future__ import annotations

import gc
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from openfiu.audit import (
    JustificationRequiredError,
    SearchRecord,
    record_search,
    record_searches,
    verify,
)
from openfiu.config import Settings
from openfiu.errors import OpenFIUError
from openfiu.store import Store
from openfiu.store.models.audit import AuditEvent
from openfiu.web import WebSettings, create_app
from openfiu.web.apikeys import KeyRing
from openfiu.web.auditing import AuditWriter
from openfiu.web.security import LoginLimiter
from openfiu.web.settings import ApiKey, secret_key

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_batched_events_are_those_record_search_writes(store: Store) -> None:
    with store.transaction() as session:
        record_search(session, "ana", {"name": "One", "kind": "person"}, "case 1")
        record_searches(
            session,
            [
                SearchRecord("ana", {"name": "Two", "kind": "person"}, "case 2"),
                SearchRecord("bo", {"name": "Acme", "kind": "organization"}, None),
            ],
        )
        record_search(session, "ana", {"name": "Four"}, "case 4")
    with store.transaction() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "screening.search")
        ).all()
        shapes = {(e.target_type, e.target_id) for e in rows}
        names = [e.details["query"]["name"] for e in rows if e.details]
    assert shapes == {("query", "-")}
    assert names == ["One", "Two", "Acme", "Four"]
    assert verify(store).ok
    with pytest.raises(JustificationRequiredError), store.transaction() as session:
        record_searches(session, [SearchRecord("ana", {"name": "X"}, "  ")])


def test_writer_group_commits_and_isolates_failures(store: Store) -> None:
    writer = AuditWriter(store, max_batch=50)
    good = [SearchRecord("ana", {"name": f"N{i}", "kind": "person"}, "why") for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        futures = list(pool.map(lambda r: writer.submit([r]), good))
        bad = writer.submit([SearchRecord("ana", {"name": "No reason"}, None)])
    for future in futures:
        future.result(10)
    with pytest.raises(JustificationRequiredError):
        bad.result(10)
    writer.close()
    assert writer.submit([good[0]]).exception() is not None
    report = verify(store)
    assert report.ok
    with store.transaction() as session:
        count = len(
            session.scalars(
                select(AuditEvent.seq).where(AuditEvent.action == "screening.search")
            ).all()
        )
    assert count == 200


def test_login_limiter_windows() -> None:
    limiter = LoginLimiter(window=60, per_user=2, per_ip=3, per_ip_minute=100)
    limiter.fail("1.1.1.1", "Ana", now=0)
    limiter.fail("2.2.2.2", "ana ", now=1)
    assert limiter.blocked("3.3.3.3", "ana", now=2) == pytest.approx(58)
    assert limiter.blocked("3.3.3.3", "ana", now=61) is None
    limiter.fail("1.1.1.1", "bo", now=62)
    limiter.succeed("bo")
    assert limiter.blocked("1.1.1.1", "bo", now=63) is None
    burst = LoginLimiter(window=60, per_user=9, per_ip=9, per_ip_minute=2)
    assert burst.blocked("ip", "a", now=0) is None and burst.blocked("ip", "b", now=1) is None
    assert burst.blocked("ip", "c", now=2) is not None


def test_api_keys_and_secret(tmp_path: Path) -> None:
    from openfiu.web import generate_api_key

    key, digest = generate_api_key()
    ring = KeyRing([ApiKey(label="x", user="ana", sha256=digest.upper())])
    assert ring.find(key) is not None and ring.find(key + "x") is None
    settings = WebSettings()
    first = secret_key(settings, tmp_path)
    assert first == secret_key(settings, tmp_path) and len(first) > 40
    assert (tmp_path / "web-secret").stat().st_mode & 0o077 == 0
    assert secret_key(WebSettings(secret_key="given"), tmp_path) == "given"


def test_serve_prints_a_new_key() -> None:
    from openfiu.cli.serve import serve

    app = typer.Typer()
    app.command("serve")(serve)
    app.command("other")(lambda: None)
    result = CliRunner().invoke(
        app, ["serve", "--new-api-key", "ana", "--label", "gw", "--justification", "onboarding"]
    )
    assert result.exit_code == 0, result.output
    key = result.output.split("kept): ")[1].split()[0]
    entry = json.loads(result.output.split("(a JSON list): ")[1].replace("\n", ""))
    assert entry["user"] == "ana" and entry["justification"] == "onboarding"
    assert KeyRing([ApiKey(**entry)]).find(key) is not None
    missing = CliRunner().invoke(app, ["serve", "--list", "/nonexistent.xml"])
    assert missing.exit_code == 1 and "not found" in missing.output


def test_app_without_a_list_says_what_to_do(store: Store, tmp_path: Path) -> None:
    with pytest.raises(OpenFIUError, match="openfiu lists update un-sc"):
        create_app(WebSettings(), store, core=Settings(home=tmp_path / "empty"))


def test_start_up_freezes_the_loaded_index_out_of_the_collector(app: FastAPI) -> None:
    gc.unfreeze()
    try:
        with TestClient(app) as client:  # runs the lifespan start-up
            assert gc.get_freeze_count() > 0
            assert client.get("/healthz").status_code == 200
    finally:
        gc.unfreeze()
