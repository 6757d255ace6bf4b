"""Need-to-know: which cases a user may see, including grants to their teams.

:mod:`openfiu.audit.permissions` decides from roles and a case's ``grants`` (one
:class:`~openfiu.store.models.CaseGrant` per user). Here a case granted to a *team*
(:class:`~openfiu.store.models.CaseTeamGrant`) counts as a grant to each member, and the
auditor's oversight reading is added: a user with ``audit.read`` may read every case (its
content, timeline and graph) but change nothing — each such reading is itself audited.

Example::

    case = load_case(session, "C-2024-00007")
    require_case(session, me, "case.edit", case)     # PermissionDeniedError saying why
    if can_read(session, me, case): ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from openfiu.audit.permissions import PermissionDeniedError, allowed, require, why_not
from openfiu.cases.base import UserRef, acting, audit, find
from openfiu.cases.errors import CaseStateError, NotFoundError
from openfiu.store.models import Case, CaseGrant, CaseTeamGrant, Decision, TeamMember, User

CaseRef = Case | int | str
"""A case: the row, its id, or its reference (``"C-2024-00007"``; digits are an id)."""

OVERSIGHT_ACTION = "audit.read"
"""Users allowed this action read every case for oversight (auditors)."""


@dataclass(frozen=True)
class _Grant:
    user_id: int


@dataclass(frozen=True)
class _Access:
    """What :func:`openfiu.audit.permissions.why_not` needs of a case: its grants."""

    grants: tuple[_Grant, ...]


def load_case(session: Session, case: CaseRef) -> Case:
    """The case ``case`` (row, id or reference); :class:`NotFoundError` when there is none."""
    if isinstance(case, Case):
        return case
    if isinstance(case, int) or case.isdigit():
        found = session.get(Case, int(case))
    else:
        found = session.scalars(select(Case).where(Case.reference == case)).one_or_none()
    if found is None:
        raise NotFoundError(f"no case {case!r}; `openfiu cases list` shows the cases you may see")
    return found


def load_decision(session: Session, decision_id: int) -> Decision:
    """The decision ``decision_id``; :class:`NotFoundError` when there is none."""
    found = session.get(Decision, decision_id)
    if found is None:
        raise NotFoundError(f"no decision {decision_id}")
    return found


def teams_of(session: Session, user_id: int) -> list[str]:
    """The teams ``user_id`` belongs to, sorted."""
    query = select(TeamMember.team).where(TeamMember.user_id == user_id).order_by(TeamMember.team)
    return list(session.scalars(query))


def _team_granted(session: Session, user_id: int, case_id: int) -> bool:
    query = (
        select(CaseTeamGrant.id)
        .join(TeamMember, TeamMember.team == CaseTeamGrant.team)
        .where(TeamMember.user_id == user_id, CaseTeamGrant.case_id == case_id)
    )
    return session.scalars(query.limit(1)).first() is not None


def _access(session: Session, me: User, case: Case) -> _Access:
    grants = tuple(_Grant(grant.user_id) for grant in case.grants)
    if all(g.user_id != me.id for g in grants) and _team_granted(session, me.id, case.id):
        grants += (_Grant(me.id),)
    return _Access(grants)


def has_access(session: Session, user: User, case: Case) -> bool:
    """True when ``user`` holds a grant on ``case``, personally or through a team."""
    return any(g.user_id == user.id for g in _access(session, user, case).grants)


def require_case(
    session: Session, me: User, action: str, case: Case, decision: Decision | None = None
) -> None:
    """Raise :class:`PermissionDeniedError` unless ``me`` may do ``action`` on ``case``."""
    require(me, action, _access(session, me, case), decision=decision)


def can_read(session: Session, me: User, case: Case) -> bool:
    """True when ``me`` may read ``case``: ``case.view`` with a grant, or oversight."""
    return allowed(me, OVERSIGHT_ACTION) or allowed(me, "case.view", _access(session, me, case))


def require_read(session: Session, me: User, case: Case) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`can_read`."""
    if not can_read(session, me, case):
        reason = why_not(me, "case.view", _access(session, me, case))
        raise PermissionDeniedError(f"{me.username} may not read case {case.reference}: {reason}")


def require_open(case: Case) -> None:
    """Raise :class:`CaseStateError` when ``case`` is closed (closed cases change no more)."""
    if case.status == "closed":
        raise CaseStateError(f"case {case.reference} is closed; it can no longer be changed")


def visible_cases(session: Session, me: User) -> ColumnElement[bool]:
    """A condition on :class:`Case` selecting the cases ``me`` may read."""
    if allowed(me, OVERSIGHT_ACTION):
        return true()
    if not allowed(me, "case.view", _Access((_Grant(me.id),))):
        return false()  # no role that views cases, whatever the grants
    mine = select(CaseGrant.case_id).where(CaseGrant.user_id == me.id)
    teams = (
        select(CaseTeamGrant.case_id)
        .join(TeamMember, TeamMember.team == CaseTeamGrant.team)
        .where(TeamMember.user_id == me.id)
    )
    return or_(Case.id.in_(mine), Case.id.in_(teams))


def set_teams(session: Session, admin: UserRef, user: UserRef, teams: Iterable[str]) -> list[str]:
    """Replace ``user``'s teams by ``teams`` (``users.manage``, admins); audited as
    ``user.teams``. A team is just a name; grants to it reach its members."""
    me = acting(session, admin)
    require(me, "users.manage")
    user = find(session, user)
    wanted = sorted({team.strip() for team in teams if team.strip()})
    before = teams_of(session, user.id)
    for row in session.scalars(select(TeamMember).where(TeamMember.user_id == user.id)):
        session.delete(row)
    session.flush()
    session.add_all(TeamMember(team=team, user_id=user.id) for team in wanted)
    session.flush()
    audit(session, me, "user.teams", "user", user.id, None, {"before": before, "after": wanted})
    return wanted
