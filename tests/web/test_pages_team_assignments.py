"""Assigning work items and cases to a team from the pages, and finding them as a member.

``both`` (analyst and reviewer) is the only member of the team ``fin``; ``ana`` is in no
team; ``sam`` supervises.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from openfiu.audit import verify
from openfiu.screening import Screener
from openfiu.store import Store
from openfiu.store.models import CaseTeamGrant, TeamMember, User
from openfiu.store.models.audit import AuditEvent

from .conftest import login
from .test_pages import assert_no_inline_code
from .test_pages_casework import seed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _team(store: Store, team: str, *usernames: str) -> None:
    with store.transaction() as session:
        for name in usernames:
            user = session.scalars(select(User).where(User.username == name)).one()
            session.add(TeamMember(team=team, user_id=user.id))


def _details(store: Store, action: str) -> list[dict[str, object] | None]:
    with store.transaction() as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return [event.details for event in session.scalars(query)]


def test_a_work_item_assigned_to_a_team_shows_for_its_members(
    client: TestClient, store: Store, screener: Screener
) -> None:
    seed(store, screener)
    _team(store, "fin", "both")
    token = login(client)
    queue = client.get("/alerts").text
    assert '<option value="team:fin"' in queue and "to my teams" in queue
    done = client.post(
        "/alerts/alert:1/assign",
        data={"assignee": "team:fin", "reason": "fraud desk", "csrf_token": token},
    )
    assert done.status_code == 200 and "alert:1 assigned to team fin" in done.text
    assert "assigned to team fin" in done.text
    assert_no_inline_code(done.text)
    assert "structuring:" not in client.get("/alerts", params={"assigned": "me"}).text
    assert "structuring:" not in client.get("/alerts", params={"assigned": "teams"}).text
    missing = client.post(
        "/alerts/alert:2/assign",
        data={"assignee": "team:nobody", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert missing.status_code == 404
    assert _details(store, "workitem.assign") == [{"team": "fin", "via": "web"}]
    client.post("/logout", data={"csrf_token": token})
    login(client, "both")
    for choice in ("me", "teams"):
        theirs = client.get("/alerts", params={"assigned": choice}).text
        assert "structuring:" in theirs and "fan_in:" not in theirs
    assert "structuring:" not in client.get("/alerts", params={"assigned": "-"}).text


def test_a_case_assigned_to_a_team_by_a_supervisor_then_by_an_analyst(
    client: TestClient, store: Store, screener: Screener
) -> None:
    ref = seed(store, screener)
    _team(store, "fin", "both")
    token = login(client)
    assert 'value="team:fin"' not in client.get(f"/cases/{ref}").text  # no grant yet
    refused = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "team:fin", "reason": "their desk", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403 and "eam fin has no access" in refused.text
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "sam")
    access = client.get("/access", params={"case": ref}).text
    assert '<option value="team:fin"' in access
    done = client.post(
        f"/cases/{ref}/assign",
        data={
            "assignee": "team:fin",
            "reason": "the fraud desk",
            "back_to": f"/access?case={ref}",
            "csrf_token": token,
        },
    )
    assert f"Case {ref} is now assigned to team fin" in done.text
    assert "Assigned to: <strong>team fin" in done.text
    with store.transaction() as session:
        granted = session.scalars(select(CaseTeamGrant.team)).all()
    assert granted == ["fin"]  # the assignment gave the team access
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "both")
    for choice in ("me", "teams"):
        assert ref in client.get("/cases", params={"assigned": choice}).text
    client.post("/logout", data={"csrf_token": token})
    token = login(client)
    assert ref not in client.get("/cases", params={"assigned": "teams"}).text
    assert client.get("/cases", params={"assigned": "x"}).status_code == 422
    page = client.get(f"/cases/{ref}").text
    assert '<option value="team:fin" selected' in page and "team fin" in page
    back = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "ana", "reason": "taking it over", "csrf_token": token},
    )
    assert "Assigned to: <strong>ana" in back.text
    again = client.post(
        f"/cases/{ref}/assign",
        data={"assignee": "team:fin", "reason": "back to the desk", "csrf_token": token},
    )
    assert "Assigned to: <strong>team fin" in again.text
    assert [d and d.get("team") for d in _details(store, "case.assign")] == ["fin", None, "fin"]
    assert "assigned the case to team fin" in again.text  # the timeline
    assert verify(store).ok
