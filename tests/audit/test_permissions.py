"""Roles and need-to-know: the permission table, checked on stored users and cases."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from openfiu.audit import (
    ACTIONS,
    CASE_ACTIONS,
    PERMISSIONS,
    PermissionDeniedError,
    UnknownActionError,
    allowed,
    require,
)
from openfiu.store import Store
from openfiu.store.models import ROLE_NAMES, Case, CaseGrant, Decision, User


def test_the_table_covers_every_role_and_only_known_actions() -> None:
    assert set(PERMISSIONS) == set(ROLE_NAMES)
    for actions in PERMISSIONS.values():
        assert actions <= set(ACTIONS)
    assert set(CASE_ACTIONS) <= set(ACTIONS)


@pytest.fixture
def world(store: Store, people: dict[str, int]) -> tuple[Store, int, int]:
    """A case granted to ana, rita, rex, sue and otto; a decision ana and one rita proposed."""
    with store.transaction() as session:
        case = Case(reference="C-1", title="t")
        case.grants = [
            CaseGrant(user_id=people[name]) for name in ("ana", "rita", "rex", "sue", "otto")
        ]
        case.decisions = [
            Decision(kind="freeze", reasons="r", proposed_by=people["ana"]),
            Decision(kind="file_str", reasons="r", proposed_by=people["rita"]),
        ]
        session.add(case)
        session.add(Case(reference="C-2", title="not granted to anyone"))
    return store, people["ana"], people["rita"]


def _check(
    store: Store,
    username: str,
    action: str,
    reference: str | None = "C-1",
    decision_index: int | None = None,
) -> bool:
    with store.transaction() as session:
        user = session.query(User).filter_by(username=username).one()
        case = session.query(Case).filter_by(reference=reference).one() if reference else None
        decision = case.decisions[decision_index] if case and decision_index is not None else None
        return allowed(user, action, case, decision=decision)


@pytest.mark.parametrize(
    ("username", "action", "reference", "decision", "expected"),
    [
        ("ana", "search", None, None, True),
        ("ana", "case.view", "C-1", None, True),
        ("ana", "case.view", "C-2", None, False),  # need-to-know
        ("ana", "decision.propose", "C-1", None, True),
        ("ana", "decision.approve", "C-1", 0, False),  # analyst: no approval at all
        ("ana", "audit.read", None, None, False),  # analyst cannot read the audit log
        ("rex", "decision.approve", "C-1", 0, True),  # reviewer, someone else's decision
        ("rex", "decision.approve", "C-2", None, False),  # not granted
        ("rita", "decision.approve", "C-1", 0, True),
        ("rita", "decision.approve", "C-1", 1, False),  # her own proposal (four eyes)
        ("sue", "case.grant", "C-2", None, True),  # supervisor grants without a grant
        ("sue", "decision.approve", "C-1", 0, False),
        ("otto", "audit.read", None, None, True),
        ("otto", "case.edit", "C-1", None, False),  # auditor cannot edit, even if granted
        ("otto", "case.view", "C-1", None, False),
        ("adam", "users.manage", None, None, True),
        ("adam", "case.view", "C-1", None, False),  # admin: no case content
        ("alex", "case.view", "C-1", None, False),  # analyst without a grant
    ],
)
def test_who_may_do_what(
    world: tuple[Store, int, int],
    username: str,
    action: str,
    reference: str | None,
    decision: int | None,
    expected: bool,
) -> None:
    assert _check(world[0], username, action, reference, decision) is expected


def test_require_says_why() -> None:
    analyst = SimpleNamespace(id=1, username="ana", active=True, role_names=frozenset({"analyst"}))
    with pytest.raises(PermissionDeniedError, match=r"ana may not audit.read: .*auditor"):
        require(analyst, "audit.read")
    case = SimpleNamespace(grants=[])
    with pytest.raises(PermissionDeniedError, match="need-to-know"):
        require(analyst, "case.view", case)
    with pytest.raises(PermissionDeniedError, match="say which"):
        require(analyst, "case.view")


def test_locked_users_may_do_nothing_and_typos_are_errors() -> None:
    locked = SimpleNamespace(id=1, active=False, role_names=frozenset(PERMISSIONS))
    assert not allowed(locked, "search")
    with pytest.raises(UnknownActionError, match="unknown action"):
        allowed(locked, "case.veiw")
