"""Four eyes in the database, and two reviewers acting at once leave a consistent case."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from openfiu.store import ConcurrentUpdateError, FourEyesError, Store, expect_version
from openfiu.store.base import utcnow
from openfiu.store.models import Case, Decision


def _case_with_decision(store: Store, proposer: int) -> tuple[int, int]:
    with store.transaction() as session:
        case = Case(reference="C-7", title="Freeze account acc-1")
        case.decisions = [Decision(kind="freeze", reasons="hit confirmed", proposed_by=proposer)]
        session.add(case)
        session.flush()
        return case.id, case.decisions[0].id


def _approve(session: Session, decision_id: int, reviewer: int) -> None:
    decision = session.get_one(Decision, decision_id)
    decision.status = "approved"
    decision.approved_by = reviewer
    decision.decided_at = utcnow()
    decision.case.status = "frozen"


def test_the_proposer_cannot_approve(store: Store, people: dict[str, int]) -> None:
    _, decision_id = _case_with_decision(store, people["rita"])
    with pytest.raises(FourEyesError, match="someone other than"), store.transaction() as s:
        _approve(s, decision_id, people["rita"])
    with store.transaction() as session:
        assert session.get_one(Decision, decision_id).status == "proposed"


def test_two_sessions_approving_the_same_decision(store: Store, people: dict[str, int]) -> None:
    case_id, decision_id = _case_with_decision(store, people["ana"])
    first, second = store.sessions(), store.sessions()
    try:
        # each reviewer has the decision open (kept referenced: the session's identity
        # map is weak, and a fresh load would see the other's commit)
        seen_first = first.get_one(Decision, decision_id)
        seen_second = second.get_one(Decision, decision_id)
        assert seen_first.version == seen_second.version == 1
        _approve(first, decision_id, people["rex"])
        first.commit()
        with pytest.raises(StaleDataError, match="expected to update 1 row"):
            _approve(second, decision_id, people["rita"])
            second.commit()
    finally:
        first.close()
        second.close()
    with store.transaction() as session:
        decision = session.get_one(Decision, decision_id)
        assert (decision.status, decision.approved_by, decision.version) == (
            "approved",
            people["rex"],
            2,
        )
        case = session.get_one(Case, case_id)
        assert (case.status, case.version) == ("frozen", 2)


def test_reviewers_racing_in_threads_one_wins(store: Store, people: dict[str, int]) -> None:
    case_id, decision_id = _case_with_decision(store, people["ana"])
    reviewers = [people["rex"], people["rita"]]
    barrier = threading.Barrier(len(reviewers))
    outcomes: dict[int, str] = {}

    def review(reviewer: int) -> None:
        try:
            with store.transaction() as session:
                decision = session.get_one(Decision, decision_id)  # both read version 1
                assert decision.status == "proposed"
                barrier.wait(timeout=10)
                _approve(session, decision_id, reviewer)
            outcomes[reviewer] = "approved"
        except ConcurrentUpdateError:
            outcomes[reviewer] = "conflict"

    threads = [threading.Thread(target=review, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["approved", "conflict"]
    winner = next(r for r, outcome in outcomes.items() if outcome == "approved")
    with store.transaction() as session:
        decision = session.get_one(Decision, decision_id)
        assert (decision.approved_by, decision.version) == (winner, 2)
        assert session.get_one(Case, case_id).version == 2


def test_stale_case_edit_is_refused(store: Store) -> None:
    with store.transaction() as session:
        session.add(Case(reference="C-9", title="old"))
    stale = store.sessions()
    try:
        case = stale.query(Case).one()
        with store.transaction() as session:
            session.query(Case).one().title = "renamed by a colleague"
        case.title = "renamed late"
        with pytest.raises(ConcurrentUpdateError, match="reload"), store.transaction() as s:
            s.merge(case)
    finally:
        stale.close()


def test_a_version_shown_earlier_is_checked(store: Store, people: dict[str, int]) -> None:
    """A web form carries the version it showed; acting on an older one is refused."""
    _, decision_id = _case_with_decision(store, people["ana"])
    with store.transaction() as session:
        _approve(session, decision_id, people["rex"])
    with pytest.raises(ConcurrentUpdateError, match="version 1"), store.transaction() as s:
        decision = s.get_one(Decision, decision_id)
        expect_version(decision, 1)
