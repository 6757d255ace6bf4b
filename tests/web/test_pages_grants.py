"""The case access page: a supervisor gives and takes back access in the browser."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from openfiu.audit import create_user
from openfiu.cases import open_case
from openfiu.store import Store
from openfiu.store.models.audit import AuditEvent

from .conftest import PASSWORD, csrf_of, login
from .test_pages import assert_no_inline_code

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _case(store: Store) -> str:
    with store.transaction() as session:
        create_user(session, "sam", PASSWORD, ["supervisor"], actor="test")
        return open_case(
            session, "ana", "Transfers to a listed company", reason="alert 1"
        ).reference


def test_supervisor_grants_and_revokes_a_reviewer(client: TestClient, store: Store) -> None:
    reference = _case(store)
    login(client, "rita")
    assert client.get(f"/cases/{reference}").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    login(client, "sam")
    assert 'href="/access"' in client.get("/").text
    empty = client.get("/access")
    assert empty.status_code == 200 and "Case reference" in empty.text
    page = client.get(f"/access?case={reference}")
    assert page.status_code == 200 and "ana" in page.text and "Transfers" not in page.text
    assert_no_inline_code(page.text)
    token = csrf_of(page.text)
    no_reason = client.post(
        "/access/grant", data={"csrf_token": token, "case": reference, "username": "rita"}
    )
    assert no_reason.status_code == 422
    neither = client.post(
        "/access/grant", data={"csrf_token": token, "case": reference, "reason": "x"}
    )
    assert neither.status_code == 422
    done = client.post(
        "/access/grant",
        data={"csrf_token": token, "case": reference, "username": "rita", "reason": "review"},
    )
    assert done.status_code == 200 and "rita now has access" in done.text
    team = client.post(
        "/access/grant",
        data={"csrf_token": token, "case": reference, "team": "fin", "reason": "team work"},
    )
    assert team.status_code == 200 and "team fin" in team.text
    assert (
        client.post(
            "/access/grant", data={"case": reference, "username": "rita", "reason": "x"}
        ).status_code
        == 403
    )  # no CSRF token
    client.post("/logout", data={"csrf_token": token})

    login(client, "rita")
    assert client.get(f"/cases/{reference}").status_code == 200
    assert client.get("/access").status_code == 403  # reviewers do not grant
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    login(client, "sam")
    token = csrf_of(client.get(f"/access?case={reference}").text)
    gone = client.post(
        "/access/revoke",
        data={"csrf_token": token, "case": reference, "username": "rita", "reason": "done"},
    )
    assert gone.status_code == 200 and "rita no longer has access" in gone.text
    again = client.post(
        "/access/revoke",
        data={"csrf_token": token, "case": reference, "username": "rita", "reason": "done"},
    )
    assert again.status_code == 404
    client.post(
        "/access/revoke",
        data={"csrf_token": token, "case": reference, "team": "fin", "reason": "done"},
    )
    assert client.get("/access?case=C-1999-99999").status_code == 404
    client.post("/logout", data={"csrf_token": token})

    login(client, "rita")
    assert client.get(f"/cases/{reference}").status_code == 403
    with store.transaction() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert actions.count("case.grant") >= 3 and actions.count("case.revoke") == 2
    assert "case.access.view" in actions


def test_analyst_cannot_grant(client: TestClient, store: Store) -> None:
    reference = _case(store)
    token = login(client)
    assert client.get("/access").status_code == 403
    refused = client.post(
        "/access/grant",
        data={"csrf_token": token, "case": reference, "username": "rita", "reason": "x"},
    )
    assert refused.status_code == 403
