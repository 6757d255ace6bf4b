"""Decisions on a case, in force only after a second person approves them (four eyes).

An analyst **proposes** a decision with reasons; it changes nothing. A **reviewer** who
did not propose it and has access to the case **approves** it — then, and only then, its
effect is applied — or **rejects** it with a reason. The database refuses a decision
reviewed by its proposer (``ck_decisions_four_eyes``) even if this code had a bug.

What each decision does once approved is the table :data:`EFFECTS`:

================  =============================================================
kind              effect when approved
================  =============================================================
confirm_match     the case's screening matches are marked confirmed
freeze            the case's subjects and accounts are marked frozen
file_str          the case is marked as reported (status ``str_filed``)
disseminate       the case is marked as passed on (status ``disseminated``)
close             the case is closed (``closed_at`` set); its alerts are closed
================  =============================================================

Example::

    with store.transaction() as session:
        decision = propose(session, ana, case.id, "freeze", "UN listing QDe.123 confirmed")
    with store.transaction() as session:                  # a colleague, later
        approve(session, rex, decision.id, expected_version=decision.version)

Two reviewers acting at once: each passes the version they saw; the first wins, the
second gets :class:`~openfiu.store.ConcurrentUpdateError` ("reload and try again") and
the case stays as the first left it. Approving also bumps the case's version, so two
different decisions approved at the same moment cannot interleave their effects either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit.permissions import PermissionDeniedError
from openfiu.cases.access import (
    CaseRef,
    load_case,
    load_decision,
    require_case,
    require_open,
    visible_cases,
)
from openfiu.cases.base import UserRef, acting, audit, need_reason
from openfiu.cases.casework import touch
from openfiu.cases.errors import CaseInputError, CaseStateError
from openfiu.store import expect_version
from openfiu.store.base import utcnow
from openfiu.store.models import DECISION_KINDS, Alert, Case, Decision, User


@dataclass(frozen=True)
class Effect:
    """What an approved decision does: ``needs`` link kinds the case must hold (one of),
    ``apply`` changes the case and returns a summary for the audit log."""

    says: str
    apply: Callable[[Session, Case, Decision], dict[str, object]]
    needs: tuple[str, ...] = ()


def _mark_links(case: Case, kinds: Sequence[str], flag: str, decision: Decision) -> list[str]:
    marked = []
    for row in case.links:
        if row.kind in kinds:
            row.data = {**(row.data or {}), flag: True, f"{flag}_by_decision": decision.id}
            marked.append(f"{row.kind}:{row.target}")
    return marked


def _confirm_match(session: Session, case: Case, decision: Decision) -> dict[str, object]:
    return {"confirmed": _mark_links(case, ("match",), "confirmed", decision)}


def _freeze(session: Session, case: Case, decision: Decision) -> dict[str, object]:
    return {"frozen": _mark_links(case, ("subject", "account"), "frozen", decision)}


def _status(status: str) -> Callable[[Session, Case, Decision], dict[str, object]]:
    def apply(session: Session, case: Case, decision: Decision) -> dict[str, object]:
        before, case.status = case.status, status
        return {"status": [before, status]}

    return apply


def _close(session: Session, case: Case, decision: Decision) -> dict[str, object]:
    before, case.status, case.closed_at = case.status, "closed", utcnow()
    alert_ids = [row.alert_id for row in case.links if row.alert_id is not None]
    closed = []
    for alert in session.scalars(select(Alert).where(Alert.id.in_(alert_ids))):
        alert.status = "closed"
        closed.append(alert.alert_id)
    return {"status": [before, "closed"], "alerts_closed": closed}


EFFECTS: Final[Mapping[str, Effect]] = {
    "confirm_match": Effect(
        "the case's screening matches are confirmed", _confirm_match, ("match",)
    ),
    "freeze": Effect(
        "the case's subjects and accounts are frozen", _freeze, ("subject", "account")
    ),
    "file_str": Effect("the case is reported (STR filed)", _status("str_filed")),
    "disseminate": Effect("the case is passed on to a partner", _status("disseminated")),
    "close": Effect("the case is closed", _close),
}
"""Decision kind → its effect once approved (the table in the module's docstring)."""

assert set(EFFECTS) == set(DECISION_KINDS), "every decision kind needs an effect"


def _check_needs(case: Case, kind: str) -> None:
    needs = EFFECTS[kind].needs
    if needs and not any(row.kind in needs for row in case.links):
        raise CaseStateError(
            f"{kind} on case {case.reference} needs a linked {' or '.join(needs)}; link one first"
        )


def propose(session: Session, user: UserRef, case: CaseRef, kind: str, reasons: str) -> Decision:
    """Propose a decision (``decision.propose`` with access); it has no effect until
    approved. Audited as ``decision.propose``."""
    me = acting(session, user)
    row = load_case(session, case)
    require_case(session, me, "decision.propose", row)
    require_open(row)
    if kind not in EFFECTS:
        raise CaseInputError(f"decision kind {kind!r}: expected one of {', '.join(EFFECTS)}")
    why = need_reason(reasons, f"proposing {kind}")
    _check_needs(row, kind)
    decision = Decision(kind=kind, reasons=why, proposed_by=me.id)
    row.decisions.append(decision)
    touch(row)
    session.flush()
    audit(
        session,
        me,
        "decision.propose",
        "decision",
        decision.id,
        why,
        {"case": row.reference, "kind": kind},
    )
    return decision


def _reviewable(session: Session, me: User, decision_id: int, version: int) -> Decision:
    decision = load_decision(session, decision_id)
    require_case(session, me, "decision.approve", decision.case, decision)
    expect_version(decision, version)
    if decision.status != "proposed":
        raise CaseStateError(f"decision {decision.id} was already {decision.status}")
    return decision


def approve(
    session: Session,
    reviewer: UserRef,
    decision_id: int,
    expected_version: int,
    reason: str | None = None,
) -> Decision:
    """Approve a decision someone else proposed and apply its effect (:data:`EFFECTS`).

    ``expected_version`` is the decision's version the reviewer saw. Raises
    :class:`~openfiu.audit.PermissionDeniedError` (no reviewer role, no access, own
    proposal), :class:`~openfiu.store.ConcurrentUpdateError` (changed meanwhile) or
    :class:`CaseStateError` (already reviewed, case closed). Audited as ``decision.approve``.
    """
    me = acting(session, reviewer)
    decision = _reviewable(session, me, decision_id, expected_version)
    case = decision.case
    require_open(case)
    _check_needs(case, decision.kind)
    decision.status, decision.approved_by, decision.decided_at = "approved", me.id, utcnow()
    decision.review_reasons = (reason or "").strip() or None
    session.flush()  # the decision first: of two reviewers, the second stops here
    effect = EFFECTS[decision.kind].apply(session, case, decision)
    touch(case)
    session.flush()
    audit(
        session,
        me,
        "decision.approve",
        "decision",
        decision.id,
        decision.review_reasons,
        {"case": case.reference, "kind": decision.kind, "effect": effect},
    )
    return decision


def reject(
    session: Session, reviewer: UserRef, decision_id: int, expected_version: int, reason: str
) -> Decision:
    """Reject a proposed decision, with the reason (same rules as :func:`approve`); the case
    is unchanged. Audited as ``decision.reject``."""
    me = acting(session, reviewer)
    why = need_reason(reason, "rejecting a decision")
    decision = _reviewable(session, me, decision_id, expected_version)
    decision.status, decision.approved_by, decision.decided_at = "rejected", me.id, utcnow()
    decision.review_reasons = why
    session.flush()
    audit(
        session,
        me,
        "decision.reject",
        "decision",
        decision.id,
        why,
        {"case": decision.case.reference, "kind": decision.kind},
    )
    return decision


def withdraw(
    session: Session, proposer: UserRef, decision_id: int, expected_version: int, reason: str
) -> Decision:
    """Take back one's own proposed decision before anyone reviews it, with the reason.

    Only the proposer may (still holding ``decision.propose`` and access to the case); a
    reviewer rejects instead. ``expected_version`` is the version the proposer saw: a
    reviewer acting at the same moment wins or loses cleanly
    (:class:`~openfiu.store.ConcurrentUpdateError` or :class:`CaseStateError`). The case
    is unchanged. Audited as ``decision.withdraw``; the timeline shows it.
    """
    me = acting(session, proposer)
    why = need_reason(reason, "withdrawing a decision")
    decision = load_decision(session, decision_id)
    if decision.proposed_by != me.id:
        raise PermissionDeniedError(
            f"{me.username} may not withdraw decision {decision.id}: only its proposer may; "
            "a reviewer rejects it instead"
        )
    case = decision.case
    require_case(session, me, "decision.propose", case)
    expect_version(decision, expected_version)
    if decision.status != "proposed":
        raise CaseStateError(
            f"decision {decision.id} was already {decision.status}; "
            "only a proposed decision can be withdrawn"
        )
    require_open(case)
    decision.status, decision.decided_at = "withdrawn", utcnow()
    decision.review_reasons = why
    touch(case)
    session.flush()
    audit(
        session,
        me,
        "decision.withdraw",
        "decision",
        decision.id,
        why,
        {"case": case.reference, "kind": decision.kind},
    )
    return decision


def pending_decisions(session: Session, user: UserRef) -> Sequence[Decision]:
    """Proposed decisions on the cases ``user`` may read that someone else proposed,
    oldest first — a reviewer's to-do list."""
    me = acting(session, user)
    query = (
        select(Decision)
        .join(Case)
        .where(
            Decision.status == "proposed", Decision.proposed_by != me.id, visible_cases(session, me)
        )
        .order_by(Decision.proposed_at, Decision.id)
    )
    found = session.scalars(query).all()
    audit(session, me, "decision.list", "decision", "-", None, {"pending": len(found)})
    return found


__all__ = [
    "EFFECTS",
    "Effect",
    "approve",
    "pending_decisions",
    "propose",
    "reject",
    "withdraw",
]
