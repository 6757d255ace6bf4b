"""Need-to-know, four eyes and read-only oversight, enforced by the service layer."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from openfiu.audit import PermissionDeniedError
from openfiu.cases import (
    add_note,
    approve,
    assign_case,
    case_graph,
    escalate,
    grant_access,
    list_cases,
    mark_false_positive,
    open_case,
    pending_decisions,
    propose,
    queue,
    reject,
    revoke_access,
    set_teams,
    timeline,
    view_case,
)
from openfiu.store import FourEyesError, Store
from openfiu.store.base import utcnow
from openfiu.store.models import Case, Decision, User


def _case(store: Store, owner: str = "ana") -> int:
    with store.transaction() as session:
        return open_case(session, owner, "Cash couriers", reason="tip-off 2024/9").id


def test_an_analyst_cannot_open_a_case_outside_their_need_to_know(
    store: Store, people: dict[str, int]
) -> None:
    case_id = _case(store)
    with store.transaction() as session:
        for action in (
            lambda: view_case(session, "alex", case_id),
            lambda: timeline(session, "alex", case_id),
            lambda: case_graph(session, "alex", case_id),
            lambda: add_note(session, "alex", case_id, "curious"),
            lambda: propose(session, "alex", case_id, "close", "looks fine"),
        ):
            with pytest.raises(PermissionDeniedError, match="need-to-know"):
                action()
        assert [c.id for c in list_cases(session, "ana").items] == [case_id]
        assert list_cases(session, "alex").items == []
    with store.transaction() as session:
        grant_access(session, "sue", case_id, to_user="alex", reason="helps with C-1")
        assert view_case(session, "alex", case_id).id == case_id
        revoke_access(session, "sue", case_id, from_user="alex", reason="done")
    with store.transaction() as session, pytest.raises(PermissionDeniedError):
        view_case(session, "alex", case_id)


def test_a_team_grant_gives_every_member_access(store: Store, people: dict[str, int]) -> None:
    case_id = _case(store)
    with store.transaction() as session:
        with pytest.raises(PermissionDeniedError):
            view_case(session, "bea", case_id)
        grant_access(session, "sue", case_id, team="fin", reason="financing unit takes over")
    with store.transaction() as session:
        assert view_case(session, "bea", case_id).id == case_id
        assert [c.id for c in list_cases(session, "bea").items] == [case_id]
        add_note(session, "bea", case_id, "team member adds a note")
        set_teams(session, "adam", "bea", [])  # bea leaves the team
    with store.transaction() as session, pytest.raises(PermissionDeniedError):
        view_case(session, "bea", case_id)


def test_only_supervisors_grant(store: Store, people: dict[str, int]) -> None:
    case_id = _case(store)
    with store.transaction() as session, pytest.raises(PermissionDeniedError, match="supervisor"):
        grant_access(session, "ana", case_id, to_user="alex", reason="please help")


def test_assigning_a_case(store: Store, people: dict[str, int]) -> None:
    case_id = _case(store)
    with store.transaction() as session:
        with pytest.raises(PermissionDeniedError, match="ask a supervisor"):
            assign_case(session, "ana", case_id, "alex", reason="holiday cover")
        assign_case(session, "sue", case_id, "alex", reason="holiday cover")  # grants too
        assert view_case(session, "alex", case_id).id == case_id


def test_nobody_approves_their_own_decision(store: Store, people: dict[str, int]) -> None:
    case_id = _case(store, "rita")  # rita is analyst and reviewer
    with store.transaction() as session:
        decision = propose(session, "rita", case_id, "file_str", "funds sent to a listed person")
    with store.transaction() as session:
        with pytest.raises(PermissionDeniedError, match="four eyes"):
            approve(session, "rita", decision.id, decision.version)
        with pytest.raises(PermissionDeniedError, match="four eyes"):
            reject(session, "rita", decision.id, decision.version, "changed my mind")
    # the database refuses it too, whatever the code above it does
    with pytest.raises(FourEyesError), store.transaction() as session:
        session.execute(
            update(Decision)
            .where(Decision.id == decision.id)
            .values(status="approved", approved_by=people["rita"], decided_at=utcnow())
        )
    with store.transaction() as session:
        assert session.get_one(Case, case_id).status == "open"
        assert pending_decisions(session, "rita") == []


def test_an_analyst_cannot_approve_and_a_reviewer_needs_access(
    store: Store, people: dict[str, int]
) -> None:
    case_id = _case(store)
    with store.transaction() as session:
        decision = propose(session, "ana", case_id, "close", "no suspicion remains")
    with store.transaction() as session:
        with pytest.raises(PermissionDeniedError, match="reviewer"):
            approve(session, "alex", decision.id, decision.version)
        with pytest.raises(PermissionDeniedError, match="need-to-know"):
            approve(session, "rex", decision.id, decision.version)
        assert pending_decisions(session, "rex") == []


def test_an_auditor_reads_but_cannot_change(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring")
        decision = propose(session, "ana", case, "close", "explained")
        case_id = case.id
    with store.transaction() as session:
        assert view_case(session, "otto", case_id).id == case_id
        assert timeline(session, "otto", case_id)
        assert case_graph(session, "otto", case_id).nodes
        assert [c.id for c in list_cases(session, "otto").items] == [case_id]
    with store.transaction() as session:
        for action in (
            lambda: add_note(session, "otto", case_id, "oversight note"),
            lambda: propose(session, "otto", case_id, "close", "x"),
            lambda: approve(session, "otto", decision.id, decision.version),
            lambda: grant_access(session, "otto", case_id, to_user="otto", reason="x"),
            lambda: open_case(session, "otto", "mine", reason="x"),
            lambda: queue(session, "otto"),
            lambda: mark_false_positive(session, "otto", alert_key, "x"),
        ):
            with pytest.raises(PermissionDeniedError):
                action()
    with store.transaction() as session:  # an admin manages users, never case content
        with pytest.raises(PermissionDeniedError):
            view_case(session, "adam", case_id)
        assert list_cases(session, "adam").items == []


def test_a_locked_user_can_do_nothing(store: Store, people: dict[str, int]) -> None:
    case_id = _case(store)
    with store.transaction() as session:
        session.scalars(select(User).where(User.username == "ana")).one().active = False
    with store.transaction() as session, pytest.raises(PermissionDeniedError, match="locked"):
        view_case(session, "ana", case_id)
