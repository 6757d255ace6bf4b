"""Two reviewers acting at once leave a consistent case: one wins, the other is told."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from openfiu.audit import verify
from openfiu.cases import CaseStateError, approve, grant_access, open_case, propose, reject
from openfiu.store import ConcurrentUpdateError, Store
from openfiu.store.models import AuditEvent, Case, Decision


def _proposed(store: Store, *kinds: str) -> tuple[int, list[tuple[int, int]]]:
    with store.transaction() as session:
        case = open_case(session, "ana", "Payments to a listed company", reason="alert A-3")
        decisions = [propose(session, "ana", case, kind, "reasons given") for kind in kinds]
        for reviewer in ("rex", "rita"):
            grant_access(session, "sue", case, to_user=reviewer, reason="review")
        return case.id, [(d.id, d.version) for d in decisions]


def _race(actions: list[Callable[[], None]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], None]) -> None:
        barrier.wait(timeout=10)
        try:
            action()
            outcomes.append("ok")
        except (ConcurrentUpdateError, CaseStateError) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_reviewers_approving_the_same_decision(store: Store, people: dict[str, int]) -> None:
    case_id, [(decision_id, version)] = _proposed(store, "close")

    def approve_as(reviewer: str) -> Callable[[], None]:
        def action() -> None:
            with store.transaction() as session:
                approve(session, reviewer, decision_id, version)

        return action

    outcomes = _race([approve_as("rex"), approve_as("rita")])
    assert outcomes[1] == "ok" and outcomes[0] in ("ConcurrentUpdateError", "CaseStateError")
    with store.transaction() as session:
        decision = session.get_one(Decision, decision_id)
        assert decision.status == "approved" and decision.version == version + 1
        assert session.get_one(Case, case_id).status == "closed"
        approvals = session.scalar(
            select(func.count()).where(AuditEvent.action == "decision.approve")
        )
        assert approvals == 1
    assert verify(store).ok


def test_approve_and_reject_at_once(store: Store, people: dict[str, int]) -> None:
    case_id, [(decision_id, version)] = _proposed(store, "file_str")

    def approving() -> None:
        with store.transaction() as session:
            approve(session, "rex", decision_id, version)

    def rejecting() -> None:
        with store.transaction() as session:
            reject(session, "rita", decision_id, version, "not enough evidence")

    assert _race([approving, rejecting])[1] == "ok"
    with store.transaction() as session:
        decision = session.get_one(Decision, decision_id)
        status = session.get_one(Case, case_id).status
        assert (decision.status, status) in (("approved", "str_filed"), ("rejected", "open"))


def test_two_decisions_on_one_case_approved_at_once(store: Store, people: dict[str, int]) -> None:
    case_id, decisions = _proposed(store, "file_str", "close")

    def approve_as(reviewer: str, decision: tuple[int, int]) -> Callable[[], None]:
        def action() -> None:
            with store.transaction() as session:
                approve(session, reviewer, *decision)

        return action

    outcomes = _race([approve_as("rex", decisions[0]), approve_as("rita", decisions[1])])
    with store.transaction() as session:
        statuses = [session.get_one(Decision, d).status for d, _ in decisions]
        case = session.get_one(Case, case_id)
    approved = statuses.count("approved")
    assert approved == outcomes.count("ok") >= 1
    # the case holds the effect of every approved decision and nothing else
    if statuses == ["approved", "proposed"]:
        assert case.status == "str_filed"
    elif statuses == ["proposed", "approved"]:
        assert case.status == "closed"


def test_a_stale_version_is_refused(store: Store, people: dict[str, int]) -> None:
    _, [(decision_id, version)] = _proposed(store, "disseminate")
    with store.transaction() as session:
        reject(session, "rex", decision_id, version, "wrong partner")
    with pytest.raises(ConcurrentUpdateError, match="reload"), store.transaction() as session:
        approve(session, "rita", decision_id, version)
