"""The case-work pages: alert queue, case page, decisions, audit browser, list versions,
and the access rules they enforce (need-to-know, four eyes, append-only audit log)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from openfiu.audit import create_user, verify
from openfiu.cases import grant_access, open_case
from openfiu.screening import Screener
from openfiu.store import AppendOnlyError, Store, save_alerts, screening_run
from openfiu.store.models import Case, ScreeningMatch
from openfiu.store.models.audit import AuditEvent

from .conftest import PASSWORD, login
from .test_pages import assert_no_inline_code

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ALERTS = [
    {
        "alert_id": "A-STRUCT-1",
        "rule": "structuring",
        "typology": "placement",
        "score": 0.91,
        "accounts": ["ACC-0001", "ACC-0002"],
        "transactions": ["T-1", "T-2", "T-3"],
        "explanation": "5 cash deposits just under 10,000 within 3 days",
    },
    {
        "alert_id": "A-FAN-2",
        "rule": "fan_in",
        "typology": "layering",
        "score": 0.55,
        "accounts": ["ACC-0003"],
        "transactions": ["T-9"],
        "explanation": "12 senders paid one account within a week",
    },
]


def seed(store: Store, screener: Screener) -> str:
    """Screening hits, monitoring alerts, a supervisor, and a case shared by the analyst
    ``ana`` and the reviewer ``rita``; returns the case's reference."""
    person = next(e for e in screener.entities if e.kind == "person")
    with screening_run(store, "ana", "onboarding file 7") as run:
        query = {"name": person.primary_name, "kind": "person"}
        for match in screener.screen(query, limit=2):
            run.add(match, query)
        run.count_records()
    with store.transaction() as session:
        save_alerts(session, ALERTS)
        if session.scalars(select(Case.id)).first() is None:
            create_user(session, "sam", PASSWORD, ["supervisor"], actor="test")
            create_user(session, "both", PASSWORD, ["analyst", "reviewer"], actor="test")
    with store.transaction() as session:
        case = open_case(session, "ana", "Onboarding file 7", reason="shared with review")
        for user in ("rita", "both"):
            grant_access(session, "sam", case, to_user=user, reason="second pair of eyes")
        return case.reference


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_queue_filters_triage_and_empty_state(
    client: TestClient, store: Store, screener: Screener
) -> None:
    seed(store, screener)
    token = login(client)
    page = client.get("/alerts")
    assert page.status_code == 200
    assert_no_inline_code(page.text)
    assert "structuring" in page.text and "screening hit" in page.text
    assert "5 cash deposits" in page.text  # why it was raised
    alerts_only = client.get("/alerts", params={"kind": "alert", "min_score": "0.9"}).text
    assert "structuring" in alerts_only and "fan_in:" not in alerts_only
    assert "screening hit</span>" not in alerts_only
    assert client.get("/alerts", params={"min_score": "lots"}).status_code == 422
    refused = client.post(
        "/alerts/alert:2/false-positive",
        data={"reason": " ", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 422 and "needs a reason" in refused.text
    done = client.post(
        "/alerts/alert:2/false-positive",
        data={"reason": "payroll account, known senders", "csrf_token": token},
    )
    assert done.status_code == 200 and "false positive" in done.text
    with store.transaction() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "workitem.false_positive")
        ).one()
        assert event.actor == "ana" and event.justification == "payroll account, known senders"
    empty = client.get("/alerts", params={"rule": "fan_in"}).text
    assert "Nothing to triage" in empty


def test_escalate_evidence_graph_and_propose(
    client: TestClient, store: Store, screener: Screener
) -> None:
    seed(store, screener)
    token = login(client)
    escalated = client.post(
        "/alerts/alert:1/escalate",
        data={"reason": "structuring pattern", "csrf_token": token},
    )
    assert escalated.status_code == 200
    reference = re.search(r"Case (C-\d{4}-\d{5})", escalated.text)
    assert reference, escalated.text
    ref = reference.group(1)
    assert_no_inline_code(escalated.text)
    assert "/static/vendor/cytoscape.min.js" in escalated.text
    assert "escalated into case" in escalated.text  # the flash message
    graph = client.get(f"/cases/{ref}/graph.json").json()
    ids = {e["data"]["id"] for e in graph}
    assert {"account:ACC-0001", "alert:A-STRUCT-1"} <= ids
    client.post(f"/cases/{ref}/notes", data={"text": "Teller confirms", "csrf_token": token})
    client.post(
        f"/cases/{ref}/links",
        data={"kind": "account", "target": "ACC-0777", "csrf_token": token},
    )
    upload = client.post(
        f"/cases/{ref}/attachments",
        data={"csrf_token": token},
        files={"file": ("statement.csv", b"date,amount\n2024-01-02,9900\n", "text/csv")},
    )
    assert upload.status_code == 200 and "statement.csv attached" in upload.text
    too_big = client.post(
        f"/cases/{ref}/attachments",
        data={"csrf_token": token},
        files={"file": ("big.bin", b"x" * (70 * 1024), "application/octet-stream")},
    )
    assert too_big.status_code == 413
    attachment = re.search(r'href="/attachments/(\d+)"', upload.text)
    assert attachment
    download = client.get(f"/attachments/{attachment.group(1)}")
    assert download.content.startswith(b"date,amount")
    assert download.headers["content-type"] == "application/octet-stream"
    page = client.post(
        f"/cases/{ref}/decisions",
        data={"kind": "file_str", "reasons": "pattern matches typology", "csrf_token": token},
    )
    assert "A reviewer must approve it" in page.text
    assert "Teller confirms" in page.text and "ACC-0777" in page.text
    assert "proposed" in page.text and "Timeline" in page.text


def test_reviewer_approves_with_version_and_auditor_sees_trail(
    client: TestClient, store: Store, screener: Screener
) -> None:
    ref = seed(store, screener)
    token = login(client)
    client.post(
        f"/cases/{ref}/decisions",
        data={"kind": "file_str", "reasons": "cash pattern", "csrf_token": token},
    )
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "rita")
    page = client.get("/decisions")
    assert_no_inline_code(page.text)
    assert "cash pattern" in page.text and "Proposed by <strong>ana</strong>" in page.text
    decision = re.search(r'action="/decisions/(\d+)/approve"', page.text)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert decision and version
    stale = client.post(
        f"/decisions/{decision.group(1)}/approve",
        data={"version": int(version.group(1)) + 5, "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert stale.status_code == 409 and "reload" in stale.text
    approved = client.post(
        f"/decisions/{decision.group(1)}/approve",
        data={"version": version.group(1), "csrf_token": token},
    )
    assert "Approved: file str" in approved.text and "No decision is waiting" in approved.text
    client.post("/logout", data={"csrf_token": token})
    login(client, "aud")
    audit = client.get("/audit", params={"check": "1"})
    assert_no_inline_code(audit.text)
    assert "decision.approve" in audit.text and "decision.propose" in audit.text
    assert "intact" in audit.text
    filtered = client.get("/audit", params={"actor": "rita", "action": "decision.approve"}).text
    assert "decision.propose" not in filtered
    case = client.get(f"/cases/{ref}").text  # oversight reading, audited
    assert "str filed" in case
    assert client.get("/alerts", headers={"Accept": "text/html"}).status_code == 403


def test_need_to_know_four_eyes_and_append_only(
    client: TestClient, store: Store, screener: Screener
) -> None:
    ref = seed(store, screener)
    with store.transaction() as session:
        other = open_case(session, "both", "Someone else's case", reason="tip-off 12")
        other_ref = other.reference
    token = login(client)
    denied = client.get(f"/cases/{other_ref}", headers={"Accept": "text/html"})
    assert denied.status_code == 403 and "need-to-know" in denied.text
    assert client.get(f"/cases/{other_ref}/graph.json").status_code == 403
    assert other_ref not in client.get("/cases").text and ref in client.get("/cases").text
    note = client.post(f"/cases/{other_ref}/notes", data={"text": "x", "csrf_token": token})
    assert note.status_code == 403
    missing_csrf = client.post(f"/cases/{ref}/notes", data={"text": "x"})
    assert missing_csrf.status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "both")  # analyst and reviewer: still not of their own proposal
    client.post(
        f"/cases/{ref}/decisions",
        data={"kind": "close", "reasons": "nothing found", "csrf_token": token},
    )
    assert "No decision is waiting" in client.get("/decisions").text
    with store.transaction() as session:
        decision_id = session.scalars(select(Case).where(Case.reference == ref)).one()
        decision = decision_id.decisions[0]
        did, version = decision.id, decision.version
    own = client.post(
        f"/decisions/{did}/approve",
        data={"version": version, "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert own.status_code == 403 and "four eyes" in own.text
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "aud")
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/audit").status_code == 405
    with pytest.raises(AppendOnlyError), store.transaction() as session:
        session.execute(update(AuditEvent).values(actor="nobody"))
    assert verify(store).ok
    assert client.get("/decisions", headers={"Accept": "text/html"}).status_code == 403


def test_list_versions_and_difference(client: TestClient, store: Store) -> None:
    login(client)
    page = client.get("/lists")
    assert page.status_code == 200 and "in use" in page.text
    assert_no_inline_code(page.text)
    version = re.search(r'name="old" value="(\d+)"', page.text)
    assert version
    same = client.get("/lists", params={"old": version.group(1), "new": version.group(1)})
    assert "No entry was added, removed or amended" in same.text
    assert client.get("/lists", params={"old": 999, "new": 998}).status_code == 404


def test_navigation_labels_follow_roles(client: TestClient, store: Store) -> None:
    login(client)
    home = client.get("/").text
    for label in ("Alert queue", "Cases", "List versions"):
        assert label in home
    assert "Decisions to review" not in home and "Audit log" not in home
    client.post("/logout", data={"csrf_token": token_of(home)})
    login(client, "rita")
    home = client.get("/").text
    assert "Decisions to review" in home and "Alert queue" not in home
    with store.transaction() as session:
        assert session.scalars(select(ScreeningMatch.id)).first() is None
