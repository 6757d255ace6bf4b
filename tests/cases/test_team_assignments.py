"""Work items and cases assigned to a team: who sees them, who may assign, the audit trail.

In the fixtures ``bea`` (analyst) and ``rex`` (reviewer) are the team ``fin``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openfiu.audit import PermissionDeniedError, verify
from openfiu.cases import (
    UNASSIGNED,
    CaseInputError,
    NotFoundError,
    QueueFilters,
    assign_case,
    assign_item,
    case_assignee,
    escalate,
    export_case,
    grant_access,
    has_access,
    known_teams,
    list_cases,
    load_case,
    queue,
    set_teams,
    timeline,
)
from openfiu.store import Store
from openfiu.store.models import AuditEvent, User, WorkAssignment


def _details(store: Store, action: str) -> list[dict[str, object] | None]:
    with store.transaction() as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return [event.details for event in session.scalars(query)]


def test_a_work_item_assigned_to_a_team_is_each_member_s(
    store: Store, people: dict[str, int], match_key: str, alert_key: str
) -> None:
    with store.transaction() as session:
        assert known_teams(session) == ["fin"]
        assign_item(session, "ana", alert_key, team="fin", reason="the fraud desk's pattern")
        assign_item(session, "ana", match_key, "alex")
    with store.transaction() as session:
        theirs = queue(session, "bea", QueueFilters(assignee="bea")).items
        assert [(i.key, i.assignee, i.assigned_team) for i in theirs] == [(alert_key, None, "fin")]
        by_team = queue(session, "ana", QueueFilters(teams=("fin",))).items
        assert [i.key for i in by_team] == [alert_key]
        assert queue(session, "ana", QueueFilters(teams=())).total == 0
        assert [i.key for i in queue(session, "alex", QueueFilters(assignee="alex")).items] == [
            match_key
        ]
        assert queue(session, "ana", QueueFilters(assignee=UNASSIGNED)).total == 0
    assert _details(store, "workitem.assign") == [{"team": "fin"}, {"assignee": "alex"}]
    with store.transaction() as session:  # from the team to a user: the same row, changed
        assign_item(session, "ana", alert_key, "bea")
        row = session.scalars(select(WorkAssignment).where(WorkAssignment.alert_id.is_not(None)))
        assert [(r.assignee_id, r.assignee_team) for r in row] == [(people["bea"], None)]
        assign_item(session, "ana", alert_key)  # nobody
        assert queue(session, "ana", QueueFilters(assignee=UNASSIGNED)).total == 1
    assert verify(store).ok


def test_assigning_an_item_to_a_team_needs_a_team_that_triages(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    with store.transaction() as session:
        set_teams(session, "adam", "rex", ["fin", "review"])
    with pytest.raises(NotFoundError, match="no team 'nobody-here'"), store.transaction() as s:
        assign_item(s, "ana", alert_key, team="nobody-here")
    with pytest.raises(PermissionDeniedError, match="team review"), store.transaction() as s:
        assign_item(s, "ana", alert_key, team="review")  # only a reviewer in it
    with pytest.raises(CaseInputError, match="not both"), store.transaction() as s:
        assign_item(s, "ana", alert_key, "alex", team="fin")
    with pytest.raises(PermissionDeniedError), store.transaction() as s:
        assign_item(s, "rex", alert_key, team="fin")  # a reviewer does not triage
    with store.transaction() as session:
        locked = session.get_one(User, people["bea"])
        locked.active = False
    with pytest.raises(PermissionDeniedError, match="team fin"), store.transaction() as s:
        assign_item(s, "ana", alert_key, team="fin")  # bea locked: nobody left who triages


def test_a_supervisor_assigns_a_case_to_a_team_and_grants_it(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    with store.transaction() as session:
        reference = escalate(session, "ana", alert_key, reason="pattern").reference
        assert not has_access(
            session, session.get_one(User, people["bea"]), load_case(session, reference)
        )
        assign_case(session, "sue", reference, team="fin", reason="the fraud desk")
    with store.transaction() as session:
        assert case_assignee(session, load_case(session, reference).id) == "team fin"
        assert has_access(
            session, session.get_one(User, people["bea"]), load_case(session, reference)
        )
        assert [c.reference for c in list_cases(session, "bea", assignee="bea").items] == [
            reference
        ]
        assert list_cases(session, "bea", teams=["fin"]).total == 1
        assert list_cases(session, "ana", assignee="ana").total == 0
        summaries = [e.summary for e in timeline(session, "ana", reference)]
        assert "assigned the case to team fin" in summaries
        assert "gave access to team fin" in summaries
        document = export_case(session, "bea", reference, "request 3/2025 of the prosecutor")
        assert (document["case"]["assigned_to"], document["case"]["assigned_team"]) == (
            None,
            "fin",
        )
    assert _details(store, "case.assign") == [{"team": "fin"}]
    with store.transaction() as session:  # back to a user
        assign_case(session, "bea", reference, "ana", reason="she opened it")
        assert case_assignee(session, load_case(session, reference).id) == "ana"
    assert verify(store).ok


def test_an_analyst_assigns_a_case_only_to_a_team_with_access(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    with store.transaction() as session:
        reference = escalate(session, "ana", alert_key, reason="pattern").reference
    denied = pytest.raises(PermissionDeniedError, match="team fin has no access")
    with denied, store.transaction() as session:
        assign_case(session, "ana", reference, team="fin", reason="their desk")
    with pytest.raises(NotFoundError, match="no team 'nope'"), store.transaction() as session:
        assign_case(session, "sue", reference, team="nope", reason="nobody")
    with pytest.raises(CaseInputError, match="a user or to a team"), store.transaction() as s:
        assign_case(s, "sue", reference, reason="nobody")
    with store.transaction() as session:
        grant_access(session, "sue", reference, team="fin", reason="their desk")
        assign_case(session, "ana", reference, team=" fin ", reason="their desk")
        assert case_assignee(session, load_case(session, reference).id) == "team fin"
    with pytest.raises(PermissionDeniedError), store.transaction() as session:
        assign_case(session, "alex", reference, team="fin", reason="no grant of mine")
