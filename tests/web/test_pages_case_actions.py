"""The pages' newer actions: list differences as the library defines them, assignment
(queue, case page, access page), case export, and withdrawing one's own proposal."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from openfiu.audit import verify
from openfiu.lists import ListVersion, diff_versions
from openfiu.screening import Screener
from openfiu.store import Store, save_list_version
from openfiu.store.models import Decision
from openfiu.store.models.audit import AuditEvent

from .conftest import login
from .test_pages import assert_no_inline_code
from .test_pages_casework import seed, token_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _events(store: Store, action: str) -> list[tuple[str, str | None, dict[str, object] | None]]:
    with store.transaction() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action))
        return [(e.actor, e.justification, e.details) for e in rows]


def _versions(screener: Screener) -> tuple[ListVersion, ListVersion]:
    """Two versions of a list: one entry added, one removed, one amended."""
    entities = [e for e in screener.entities][:12]
    old = ListVersion("test-list", "v1", "old.xml", "a" * 64, "un-sc", entities[:10])
    amended = dataclasses.replace(entities[1], nationalities=["ZZ"], comments="amended")
    new = ListVersion("test-list", "v2", "new.xml", "b" * 64, "un-sc", [amended, *entities[2:11]])
    return old, new


def test_list_difference_is_the_library_s(
    client: TestClient, store: Store, screener: Screener
) -> None:
    old, new = _versions(screener)
    with store.transaction() as session:
        old_id, new_id = save_list_version(session, old).id, save_list_version(session, new).id
    login(client)
    page = client.get("/lists", params={"old": old_id, "new": new_id})
    assert page.status_code == 200
    assert_no_inline_code(page.text)
    expected = diff_versions(old, new)
    assert (len(expected.added), len(expected.removed), len(expected.amended)) == (1, 1, 1)
    summary = f"1 added, 1 removed, 1 amended, {expected.unchanged} unchanged"
    assert summary in page.text
    shown = [(e.reference, e.name) for e in expected.added + expected.removed]
    shown += [(e.reference, e.name) for e in expected.amended]
    for reference, name in shown:
        assert f"{reference} — {name}" in page.text
    assert "changed nationalities, comments" in page.text
    same = client.get("/lists", params={"old": old_id, "new": old_id}).text
    assert "No entry was added, removed or amended" in same


def test_queue_assignment_and_assigned_to_me(
    client: TestClient, store: Store, screener: Screener
) -> None:
    seed(store, screener)
    token = login(client)
    queue = client.get("/alerts").text
    assert "Assign to" in queue and '<option value="both"' in queue
    assert '<option value="rita"' not in queue  # a reviewer does not triage
    assigned = client.post(
        "/alerts/alert:1/assign",
        data={"assignee": "both", "reason": "knows the branch", "csrf_token": token},
    )
    assert assigned.status_code == 200 and "alert:1 assigned to both" in assigned.text
    client.post("/alerts/alert:2/assign", data={"assignee": "ana", "csrf_token": token})
    mine = client.get("/alerts", params={"assigned": "me"}).text
    assert "fan_in:" in mine and "structuring:" not in mine
    nobody = client.get("/alerts", params={"assigned": "-"}).text
    assert "fan_in:" not in nobody and "structuring:" not in nobody
    assert client.get("/alerts", params={"assigned": "x"}).status_code == 422
    refused = client.post(
        "/alerts/alert:1/assign",
        data={"assignee": "rita", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403 and "alert.triage" in refused.text
    assert client.post("/alerts/alert:1/assign", data={"assignee": "ana"}).status_code == 403
    assert _events(store, "workitem.assign")[0] == (
        "ana",
        "knows the branch",
        {
            "assignee": "both",
            "via": "web",
        },
    )
    client.post("/logout", data={"csrf_token": token})
    login(client, "both")
    theirs = client.get("/alerts", params={"assigned": "me"}).text
    assert "structuring:" in theirs and "fan_in:" not in theirs


def test_supervisor_and_analyst_assign_a_case(
    client: TestClient, store: Store, screener: Screener
) -> None:
    ref = seed(store, screener)
    token = login(client, "sam")
    access = client.get("/access", params={"case": ref}).text
    assert "Assign the case to" in access and "Assigned to: <strong>nobody" in access
    done = client.post(
        f"/cases/{ref}/assign",
        data={
            "assignee": "both",
            "reason": "knows the accounts",
            "back_to": f"/access?case={ref}",
            "csrf_token": token,
        },
    )
    assert done.status_code == 200 and f"Case {ref} is now assigned to both" in done.text
    assert "Assigned to: <strong>both" in done.text
    no_reason = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "ana", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert no_reason.status_code == 422
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "both")
    mine = client.get("/cases", params={"assigned": "me"}).text
    assert ref in mine and "to me" in mine
    client.post("/logout", data={"csrf_token": token})
    token = login(client)
    assert ref not in client.get("/cases", params={"assigned": "me"}).text
    page = client.get(f"/cases/{ref}").text
    assert "Assigned to: <strong>both" in page and "Assign the case" in page
    back = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "ana", "reason": "taking it over", "csrf_token": token},
    )
    assert "Assigned to: <strong>ana" in back.text
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "rita")  # reviewer: neither supervises nor edits
    assert "Assign the case" not in client.get(f"/cases/{ref}").text
    refused = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "rita", "reason": "mine", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403
    assigned = [(actor, why) for actor, why, _ in _events(store, "case.assign")]
    assert assigned == [("sam", "knows the accounts"), ("ana", "taking it over")]


def test_case_export_json_and_csv(client: TestClient, store: Store, screener: Screener) -> None:
    ref = seed(store, screener)
    token = login(client)
    client.post("/alerts/alert:1/escalate", data={"reason": "x", "case": ref, "csrf_token": token})
    client.post(f"/cases/{ref}/notes", data={"text": "Teller confirms", "csrf_token": token})
    page = client.get(f"/cases/{ref}").text
    assert "Download the export" in page and "Why export it?" in page
    missing = client.post(
        f"/cases/{ref}/export",
        data={"format": "json", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert missing.status_code == 422 and "needs a reason" in missing.text
    assert client.post(f"/cases/{ref}/export", data={"justification": "x"}).status_code == 403
    done = client.post(
        f"/cases/{ref}/export",
        data={"format": "json", "justification": "prosecutor request 7", "csrf_token": token},
    )
    assert done.status_code == 200
    assert done.headers["content-type"].startswith("application/json")
    assert f'filename="case-{ref}.json"' in done.headers["content-disposition"]
    document = json.loads(done.content)
    assert document["case"]["reference"] == ref
    assert document["notes"][0]["text"] == "Teller confirms"
    assert [a["rule"] for a in document["alerts"]] == ["structuring"]
    assert document["timeline"][-1]["action"] == "case.export"
    table = client.post(
        f"/cases/{ref}/export",
        data={"format": "csv", "justification": "evidence list for the file", "csrf_token": token},
    )
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert {"ACC-0001", "ACC-0002", "T-1"} <= {r["target"] for r in rows}
    bad = client.post(
        f"/cases/{ref}/export",
        data={"format": "pdf", "justification": "x", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert bad.status_code == 422
    reasons = [(a, why) for a, why, _ in _events(store, "case.export")]
    assert reasons == [("ana", "prosecutor request 7"), ("ana", "evidence list for the file")]
    client.post("/logout", data={"csrf_token": token})
    for user in ("rita", "aud"):  # a reviewer with access, an auditor: no case.export
        token = login(client, user)
        assert "Download the export" not in client.get(f"/cases/{ref}").text
        refused = client.post(
            f"/cases/{ref}/export",
            data={"justification": "curious", "csrf_token": token},
            headers={"Accept": "text/html"},
        )
        assert refused.status_code == 403
        client.post("/logout", data={"csrf_token": token})
    assert len(_events(store, "case.export")) == 2
    assert verify(store).ok


def test_proposer_withdraws_and_nobody_else_can(
    client: TestClient, store: Store, screener: Screener
) -> None:
    ref = seed(store, screener)
    token = login(client)
    page = client.post(
        f"/cases/{ref}/decisions",
        data={"kind": "file_str", "reasons": "cash pattern", "csrf_token": token},
    ).text
    assert "Withdraw my proposal" in page
    decision = re.search(r'action="/decisions/(\d+)/withdraw"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert decision and version
    did, seen = decision.group(1), version.group(1)
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "both")  # analyst and reviewer with access, not the proposer
    assert "Withdraw my proposal" not in client.get(f"/cases/{ref}").text
    refused = client.post(
        f"/decisions/{did}/withdraw",
        data={"version": seen, "reason": "not mine", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403 and "only its proposer" in refused.text
    client.post("/logout", data={"csrf_token": token})
    token = login(client)
    assert client.post(f"/decisions/{did}/withdraw", data={"version": seen}).status_code == 403
    no_reason = client.post(
        f"/decisions/{did}/withdraw",
        data={"version": seen, "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert no_reason.status_code == 422
    done = client.post(
        f"/decisions/{did}/withdraw",
        data={"version": seen, "reason": "wrong case", "csrf_token": token},
    )
    assert done.status_code == 200 and "Withdrawn: file str" in done.text
    assert_no_inline_code(done.text)
    assert "withdrawn" in done.text and "withdrew the proposed file_str" in done.text
    assert "Withdraw my proposal" not in done.text
    again = client.post(
        f"/decisions/{did}/withdraw",
        data={"version": seen, "reason": "again", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert again.status_code == 409
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "rita")
    assert "No decision is waiting" in client.get("/decisions").text
    late = client.post(
        f"/decisions/{did}/approve",
        data={"version": seen, "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert late.status_code == 409
    with store.transaction() as session:
        assert session.get_one(Decision, int(did)).approved_by is None
    assert [(a, why) for a, why, _ in _events(store, "decision.withdraw")] == [
        ("ana", "wrong case")
    ]
    assert token_of(client.get("/").text)
