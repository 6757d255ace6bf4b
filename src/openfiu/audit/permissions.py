"""Who may do what: roles and permissions as a table, and need-to-know per case.

:data:`PERMISSIONS` lists, for each role, the actions it allows. Actions on a case
(:data:`CASE_ACTIONS`) also need a grant on that case (:class:`CaseGrant`, given by a
supervisor). A user may hold several roles; an inactive user may do nothing.

==========  ================================================================
role        may
==========  ================================================================
analyst     search, open cases, view/edit/export granted cases, propose
            decisions, triage alerts
reviewer    view granted cases, approve or reject decisions proposed by others
supervisor  view granted cases, grant access to any case
auditor     read the audit log, nothing else
admin       manage users, roles and lists — not case content
==========  ================================================================

Example::

    >>> from types import SimpleNamespace as NS
    >>> ana = NS(id=1, active=True, role_names=frozenset({"analyst"}))
    >>> case = NS(id=7, grants=[NS(user_id=1)])
    >>> allowed(ana, "case.view", case), allowed(ana, "decision.approve", case)
    (True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Protocol

from openfiu.errors import StoreError

ACTIONS: Final[Mapping[str, str]] = {
    "search": "search names and screen files (a person needs a justification)",
    "alert.triage": "mark monitoring alerts false positive or escalate them",
    "case.create": "open a case",
    "case.view": "see a case and its evidence",
    "case.edit": "add notes, links and attachments to a case",
    "case.export": "export a case's content",
    "decision.propose": "propose a decision on a case",
    "decision.approve": "approve or reject a decision someone else proposed",
    "case.grant": "give or take back a user's access to a case",
    "audit.read": "read the audit log",
    "users.manage": "add users, lock them, change their roles",
    "lists.manage": "load and update sanctions lists",
}
"""Every action, with what it means."""

PERMISSIONS: Final[Mapping[str, frozenset[str]]] = {
    "analyst": frozenset(
        {
            "search",
            "alert.triage",
            "case.create",
            "case.view",
            "case.edit",
            "case.export",
            "decision.propose",
        }
    ),
    "reviewer": frozenset({"case.view", "decision.approve"}),
    "supervisor": frozenset({"case.view", "case.grant"}),
    "auditor": frozenset({"audit.read"}),
    "admin": frozenset({"users.manage", "lists.manage"}),
}
"""Role → the actions it allows."""

CASE_ACTIONS: Final[frozenset[str]] = frozenset(
    {"case.view", "case.edit", "case.export", "decision.propose", "decision.approve"}
)
"""Actions that also need a grant on the case (need-to-know)."""


class PermissionDeniedError(StoreError):
    """The user's roles or case grants do not allow the action."""


class UnknownActionError(StoreError):
    """An action name that is not in :data:`ACTIONS` (a typo would otherwise deny silently)."""


class UserLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def active(self) -> bool: ...
    @property
    def role_names(self) -> frozenset[str]: ...


class GrantLike(Protocol):
    @property
    def user_id(self) -> int: ...


class CaseLike(Protocol):
    @property
    def grants(self) -> Iterable[GrantLike]: ...


class DecisionLike(Protocol):
    @property
    def proposed_by(self) -> int: ...


def why_not(
    user: UserLike,
    action: str,
    case: CaseLike | None = None,
    *,
    decision: DecisionLike | None = None,
) -> str | None:
    """None when ``user`` may do ``action`` (on ``case``, to ``decision``), else the reason."""
    if action not in ACTIONS:
        raise UnknownActionError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    if not user.active:
        return "the account is locked"
    roles = sorted(role for role in user.role_names if action in PERMISSIONS.get(role, ()))
    if not roles:
        holders = [role for role, actions in PERMISSIONS.items() if action in actions]
        return f"{action} needs the role {' or '.join(holders)}"
    if action in CASE_ACTIONS:
        if case is None:
            return f"{action} is about one case; say which"
        if all(grant.user_id != user.id for grant in case.grants):
            return "no access to this case (need-to-know): ask a supervisor for a grant"
    if action == "decision.approve" and decision is not None and decision.proposed_by == user.id:
        return "a decision must be approved by someone other than its proposer (four eyes)"
    return None


def allowed(
    user: UserLike,
    action: str,
    case: CaseLike | None = None,
    *,
    decision: DecisionLike | None = None,
) -> bool:
    """True when ``user`` may do ``action`` (see the table in the module's docstring)."""
    return why_not(user, action, case, decision=decision) is None


def require(
    user: UserLike,
    action: str,
    case: CaseLike | None = None,
    *,
    decision: DecisionLike | None = None,
) -> None:
    """Raise :class:`PermissionDeniedError` saying why, unless :func:`allowed`."""
    reason = why_not(user, action, case, decision=decision)
    if reason is not None:
        raise PermissionDeniedError(
            f"{getattr(user, 'username', user.id)} may not {action}: {reason}"
        )
