"""The demo's store in the web application: after `openfiu demo`, the analyst signs in to
a populated alert queue and the reviewer sees the demo case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openfiu.config import Settings
from openfiu.lists import load_list
from openfiu.screening import Screener
from openfiu.store import open_store
from openfiu.web import WebSettings, create_app
from openfiu.web.demodata import demo_database_url, fill_demo_store, reset_demo_database

from .conftest import csrf_of, login
from .test_pages_casework import ALERTS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo_app(
    tmp_path: Path, list_path: Path, screener: Screener, web_settings: WebSettings
) -> Iterator[FastAPI]:
    out = tmp_path / "demo"
    out.mkdir()
    people = [e for e in screener.entities if e.kind == "person"][:4]
    customers = out / "customers.csv"
    rows = ["id,name,birth_date,nationality,gender,kind,expected_reference,variant"]
    rows += [f"C{i},{e.primary_name},,,,person,," for i, e in enumerate(people)]
    rows.append("C9,Ordinary Customername,,,,person,,")
    customers.write_text("\n".join(rows) + "\n", encoding="utf-8")
    matches = [{"record_id": f"C{i}", "reference": e.reference} for i, e in enumerate(people)]
    matches.append({"record_id": "C9", "reference": None})
    reset_demo_database(out)
    url = demo_database_url(out)
    assert url.endswith("demo/openfiu.db")
    store = open_store(url)
    filled = fill_demo_store(
        store,
        load_list(list_path),
        screener,
        customers,
        matches,
        ALERTS,
        password=PASSWORD,
        records=5,
    )
    assert filled.matches >= 4 and filled.alerts == 2 and filled.case is not None
    assert len(filled.users_created) == 5
    again = fill_demo_store(
        store,
        load_list(list_path),
        screener,
        customers,
        [],
        [],
        password="another-password",
        records=0,
    )
    assert again.users_kept and not again.users_created and again.alerts == 0
    app = create_app(web_settings, store, screener, core=Settings(home=tmp_path / "home"))
    yield app
    app.state.openfiu.audit.close()
    store.close()


def test_demo_users_see_a_populated_application(demo_app: FastAPI) -> None:
    client = TestClient(demo_app)
    login(client, "analyst", PASSWORD)
    queue = client.get("/alerts")
    assert queue.status_code == 200
    assert "match:" in queue.text and "alert:" in queue.text and "structuring" in queue.text
    cases = client.get("/cases")
    assert "C-" in cases.text
    reference = cases.text.split('href="/cases/', 1)[1].split('"', 1)[0]
    assert client.get(f"/cases/{reference}").status_code == 200
    runs = client.get("/batch")
    assert "openfiu demo" in runs.text
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    login(client, "reviewer", PASSWORD)
    assert client.get(f"/cases/{reference}").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    login(client, "supervisor", PASSWORD)
    access = client.get(f"/access?case={reference}")
    assert access.status_code == 200 and "reviewer" in access.text and "analyst" in access.text
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    login(client, "auditor", PASSWORD)
    assert "user.create" in client.get("/audit").text
