"""Assignments: who is responsible for a work item or a case — a user or a whole team.

One assignee at a time (``work_assignments``: exactly one of a user or a team, which the
database checks). A team is a name with members (:func:`openfiu.cases.set_teams`); an
item or a case assigned to a team shows under "assigned to me" for each member, for as
long as they are members, and under "assigned to my teams".

Example::

    with store.transaction() as session:
        assign_item(session, ana, "alert:17", "alex", reason="speaks Tajik")
        assign_item(session, ana, "match:42", team="fin")           # the whole team
        assign_case(session, sue, "C-2024-00007", team="fin", reason="fraud desk")

Assigning a **case** needs ``case.grant`` (supervisors: the assignee — user or team —
gets access if they lack it, as a grant of its own) or ``case.edit`` on the case (an
analyst: only to a user or a team that already holds access). Assigning a **work item**
needs ``alert.triage``, and the assignee must triage too (for a team: at least one of its
active members). Audited as ``workitem.assign`` / ``case.assign`` with the assignee's
username (``{"assignee": "alex"}``) or the team (``{"team": "fin"}``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit.permissions import PERMISSIONS, PermissionDeniedError, allowed, require
from openfiu.cases.access import CaseRef, has_access, load_case, require_case, require_open
from openfiu.cases.base import UserRef, acting, audit, need_reason
from openfiu.cases.casework import grant_access, touch
from openfiu.cases.errors import CaseInputError, NotFoundError
from openfiu.cases.workitems import TARGET_TYPES, WorkItem, load_item
from openfiu.store.base import utcnow
from openfiu.store.models import Alert, CaseTeamGrant, TeamMember, User, WorkAssignment

TEAM_LABEL = "team "
"""How an assignment to a team is shown: ``"team fin"`` (usernames hold no spaces)."""


def known_teams(session: Session, action: str | None = None) -> list[str]:
    """The teams with at least one active member, sorted — with ``action``: a member whose
    roles allow it (``"alert.triage"``: the teams a work item may be assigned to;
    ``"case.edit"``: those that work on cases; need-to-know aside)."""
    query = select(TeamMember.team, User).join(User, TeamMember.user_id == User.id)
    rows = session.execute(query.where(User.active.is_(True))).all()
    return sorted(
        {
            team
            for team, member in rows
            if action is None
            or any(action in PERMISSIONS.get(role, ()) for role in member.role_names)
        }
    )


def team_members(session: Session, team: str) -> list[User]:
    """The active members of ``team``, by username; :class:`NotFoundError` when it has none."""
    query = (
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team == team, User.active.is_(True))
        .order_by(User.username)
    )
    members = list(session.scalars(query))
    if not members:
        raise NotFoundError(
            f"no team {team!r} with active members; an admin adds members (openfiu.cases.set_teams)"
        )
    return members


def _one_assignee(assignee: UserRef | None, team: str | None) -> str | None:
    """The team's name stripped, after checking that a user and a team are not both given."""
    name = (team or "").strip() or None
    if assignee is not None and name is not None:
        raise CaseInputError("assign to a user or to a team, not both")
    return name


def _set(row: WorkAssignment, me: User, person: User | None, team: str | None) -> None:
    row.assignee_id = person.id if person is not None else None
    row.assignee_team = team
    row.assigned_by, row.assigned_at = me.id, utcnow()


def assign_item(
    session: Session,
    user: UserRef,
    item: str | WorkItem,
    assignee: UserRef | None = None,
    reason: str | None = None,
    *,
    team: str | None = None,
) -> None:
    """Assign a work item to ``assignee`` or to ``team`` (neither: to nobody); needs
    ``alert.triage``, and the assignee must triage too (a team: one active member at
    least). Audited as ``workitem.assign`` with ``reason`` (optional)."""
    me = acting(session, user)
    require(me, "alert.triage")
    name = _one_assignee(assignee, team)
    row = load_item(session, item)
    kind = "alert" if isinstance(row, Alert) else "match"
    column = WorkAssignment.alert_id if kind == "alert" else WorkAssignment.match_id
    current = session.scalars(select(WorkAssignment).where(column == row.id)).one_or_none()
    person = acting(session, assignee) if assignee is not None else None
    if person is not None:
        require(person, "alert.triage")
    if name is not None and not any(
        allowed(m, "alert.triage") for m in team_members(session, name)
    ):
        raise PermissionDeniedError(f"no member of team {name} may triage work items")
    if person is None and name is None:
        if current is not None:
            session.delete(current)
    else:
        if current is None:
            current = WorkAssignment()
            current.alert_id, current.match_id = (
                (row.id, None) if kind == "alert" else (None, row.id)
            )
            session.add(current)
        _set(current, me, person, name)
    session.flush()
    details: dict[str, object] = (
        {"team": name} if name is not None else {"assignee": person.username if person else None}
    )
    why = (reason or "").strip() or None
    audit(session, me, "workitem.assign", TARGET_TYPES[kind], row.id, why, details)


def _team_granted(session: Session, case_id: int, team: str) -> bool:
    query = select(CaseTeamGrant.id).where(
        CaseTeamGrant.case_id == case_id, CaseTeamGrant.team == team
    )
    return session.scalars(query).first() is not None


def assign_case(
    session: Session,
    user: UserRef,
    case: CaseRef,
    assignee: UserRef | None = None,
    *,
    team: str | None = None,
    reason: str,
) -> WorkAssignment:
    """Make ``assignee`` (a user) or ``team`` responsible for ``case``; audited as
    ``case.assign``.

    An analyst with ``case.edit`` on the case may assign it to a user who already has
    access, or a team that holds a grant on it; a supervisor (``case.grant``) may assign
    anyone, granting the user or the team access as needed (``case.grant``, its own
    event).
    """
    me = acting(session, user)
    row = load_case(session, case)
    why = need_reason(reason, "assigning a case")
    name = _one_assignee(assignee, team)
    if assignee is None and name is None:
        raise CaseInputError("assign the case to a user or to a team")
    supervisor = allowed(me, "case.grant")
    if not supervisor:
        require_case(session, me, "case.edit", row)
    require_open(row)
    person = acting(session, assignee) if assignee is not None else None
    if person is not None:
        lacking, who = not has_access(session, person, row), person.username
    else:
        assert name is not None
        team_members(session, name)  # the team must exist
        lacking, who = not _team_granted(session, row.id, name), f"team {name}"
    if lacking:
        if not supervisor:
            raise PermissionDeniedError(
                f"{who} has no access to case {row.reference}; ask a supervisor to grant it "
                "(need-to-know)"
            )
        grant_access(session, me, row, to_user=person, team=name, reason=f"assigned: {why}")
    assignment = session.scalars(
        select(WorkAssignment).where(WorkAssignment.case_id == row.id)
    ).one_or_none()
    if assignment is None:
        assignment = WorkAssignment(case_id=row.id)
        session.add(assignment)
    _set(assignment, me, person, name)
    touch(row)
    session.flush()
    details = {"team": name} if person is None else {"assignee": person.username}
    audit(session, me, "case.assign", "case", row.id, why, details)
    return assignment


def case_assignee(session: Session, case_id: int) -> str | None:
    """Who ``case_id`` is assigned to: a username, ``"team NAME"`` (:data:`TEAM_LABEL`),
    or None."""
    query = select(User.username, WorkAssignment.assignee_team).outerjoin(
        User, WorkAssignment.assignee_id == User.id
    )
    found = session.execute(query.where(WorkAssignment.case_id == case_id)).first()
    if found is None:
        return None
    return found[0] if found[1] is None else f"{TEAM_LABEL}{found[1]}"
