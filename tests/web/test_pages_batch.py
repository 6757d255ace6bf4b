"""Batch screening upload: form, background run with progress, results, download, and a
crash leaving a failed run without matches."""

from __future__ import annotations

import io
import json
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from openfiu.screening import Screener
from openfiu.store import Store
from openfiu.store.models import ScreeningMatch, ScreeningRun
from openfiu.store.models.audit import AuditEvent

from .conftest import login
from .test_pages import assert_no_inline_code

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _csv(screener: Screener) -> bytes:
    listed = [e for e in screener.entities if e.kind == "person"][:3]
    lines = ["id,name,birth_date"]
    lines += [f"C{i},{e.primary_name}," for i, e in enumerate(listed)]
    lines += ["C9,Nobody Atallsimilar,", "C10,=HYPERLINK(1),", "C11,,1971"]
    return ("\n".join(lines) + "\n").encode()


def _wait(client: TestClient, run_id: int) -> str:
    for _ in range(200):
        page = client.get(f"/batch/{run_id}")
        if "running" not in page.text.split("</h1>", 1)[1][:200]:
            return page.text
        time.sleep(0.05)
    raise AssertionError("the run did not finish")


def _upload(client: TestClient, token: str, name: str, data: bytes, why: str = "batch 7") -> int:
    response = client.post(
        "/batch",
        data={"csrf_token": token, "justification": why},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_upload_runs_in_background_and_shows_matches(
    client: TestClient, store: Store, screener: Screener
) -> None:
    token = login(client)
    form = client.get("/batch")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    assert_no_inline_code(form.text)
    run_id = _upload(client, token, "customers.csv", _csv(screener))
    client.app.state.openfiu.batch.join(run_id, 30)  # type: ignore[attr-defined]
    page = _wait(client, run_id)
    assert "complete" in page and "Download the matches" in page
    assert 'http-equiv="refresh"' not in page
    assert "1 records rejected" in page or "records rejected" in page
    assert_no_inline_code(page)
    with store.transaction() as session:
        run = session.get_one(ScreeningRun, run_id)
        assert run.status == "complete" and run.actor == "ana" and run.record_count == 6
        assert run.purpose == "batch 7" and run.parameters["file"] == "customers.csv"
        matches = session.scalar(select(func.count()).where(ScreeningMatch.run_id == run_id))
        assert matches == run.match_count >= 3
    csv_file = client.get(f"/batch/{run_id}/matches.csv")
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_file.headers["content-disposition"]
    assert csv_file.text.splitlines()[0].startswith("record_id,query_name,score")
    with store.transaction() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"screening.run.start", "screening.run.complete"} <= actions
    assert {"screening.run.view", "screening.run.export"} <= actions
    # the matches are work items in the queue
    assert "match:" in client.get("/alerts?kind=match").text
    # the list of runs shows it
    assert f'href="/batch/{run_id}"' in client.get("/batch").text


def test_running_page_refreshes_itself(client: TestClient, store: Store) -> None:
    login(client)
    with store.transaction() as session:
        run = ScreeningRun(actor="ana", purpose="x", parameters={"file": "f.csv"})
        session.add(run)
        session.flush()
        run_id = run.id
    page = client.get(f"/batch/{run_id}")
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert client.get(f"/batch/{run_id}/matches.csv").status_code == 409


def test_jsonl_and_parquet(client: TestClient, store: Store, screener: Screener) -> None:
    token = login(client)
    name = next(e.primary_name for e in screener.entities if e.kind == "person")
    jsonl = (json.dumps({"id": "J1", "name": name}) + "\n").encode()
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": ["P1"], "name": [name]}), buffer)
    for filename, data in (("a.jsonl", jsonl), ("b.parquet", buffer.getvalue())):
        run_id = _upload(client, token, filename, data)
        client.app.state.openfiu.batch.join(run_id, 30)  # type: ignore[attr-defined]
        assert "complete" in _wait(client, run_id)


def test_refusals(client: TestClient, store: Store, screener: Screener) -> None:
    token = login(client)
    data = _csv(screener)
    files = {"file": ("c.csv", data, "text/csv")}
    no_why = client.post("/batch", data={"csrf_token": token, "justification": " "}, files=files)
    assert no_why.status_code == 400 and "justification" in no_why.text
    bad = client.post(
        "/batch",
        data={"csrf_token": token, "justification": "x"},
        files={"file": ("c.txt", b"a,b\n", "text/plain")},
    )
    assert bad.status_code == 422
    no_name = client.post(
        "/batch",
        data={"csrf_token": token, "justification": "x"},
        files={"file": ("c.csv", b"id,full\n1,A\n", "text/csv")},
    )
    assert no_name.status_code == 422 and "name" in no_name.text
    big = client.post(
        "/batch",
        data={"csrf_token": token, "justification": "x"},
        files={"file": ("c.csv", b"id,name\n" + b"1,A\n" * 20000, "text/csv")},
    )
    assert big.status_code == 413
    no_csrf = client.post("/batch", data={"justification": "x"}, files=files)
    assert no_csrf.status_code == 403
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ScreeningRun)) == 0
    # nothing left behind in the upload folder
    home = client.app.state.openfiu.core.home  # type: ignore[attr-defined]
    assert not list((home / "uploads").glob("*")) if (home / "uploads").exists() else True


def test_crash_marks_the_run_failed_without_matches(
    client: TestClient, store: Store, screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = login(client)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("openfiu.web.batchjobs.screen_into", boom)
    run_id = _upload(client, token, "c.csv", _csv(screener))
    client.app.state.openfiu.batch.join(run_id, 30)  # type: ignore[attr-defined]
    page = _wait(client, run_id)
    assert "failed" in page and "disk on fire" in page
    with store.transaction() as session:
        run = session.get_one(ScreeningRun, run_id)
        assert run.status == "failed" and run.match_count == 0
        assert not session.scalars(
            select(ScreeningMatch).where(ScreeningMatch.run_id == run_id)
        ).all()


def test_others_cannot_see_a_run(client: TestClient, store: Store, screener: Screener) -> None:
    token = login(client)
    run_id = _upload(client, token, "c.csv", _csv(screener))
    client.app.state.openfiu.batch.join(run_id, 30)  # type: ignore[attr-defined]
    client.post("/logout", data={"csrf_token": token})
    login(client, "rita")
    assert client.get("/batch").status_code == 403  # reviewers do not screen
    assert client.get(f"/batch/{run_id}").status_code == 403
