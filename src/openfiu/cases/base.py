"""What every case-work function shares: the acting user, audit events, reasons, pages.

Every function of :mod:`openfiu.cases` takes a SQLAlchemy session (the caller's
transaction, so that the action and its audit event commit or roll back together) and the
acting :class:`~openfiu.store.models.User`. The user is loaded again inside the session, so
a user locked a second ago can no longer act, whatever object the caller still holds.

Audit events are written with :func:`audit`, which adds ``via`` to the details when the
caller said how the user acts (:func:`acting_via`, e.g. the command line's operator mode)::

    with acting_via("cli:root, operator mode"):
        with store.transaction() as session:
            propose(session, ana, case_id, "close", "no link to the listed person")
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit.permissions import PermissionDeniedError
from openfiu.cases.errors import CaseInputError, NotFoundError
from openfiu.store.chain import record
from openfiu.store.models import AuditEvent, User

T = TypeVar("T")

_VIA: ContextVar[str | None] = ContextVar("openfiu_cases_via", default=None)

UserRef = User | int | str
"""A user: the row, its id or its username."""


@contextmanager
def acting_via(channel: str) -> Iterator[None]:
    """Record ``channel`` (``"web"``, ``"cli:root, operator mode"`` …) as ``via`` in the
    details of every audit event written inside the block."""
    token = _VIA.set(channel)
    try:
        yield
    finally:
        _VIA.reset(token)


def acting(session: Session, user: UserRef) -> User:
    """The acting user as stored now; raises when unknown or locked.

    Locked users are refused here, before any permission check, so that every function
    says the same thing.
    """
    me = find(session, user)
    if not me.active:
        raise PermissionDeniedError(f"{me.username} may do nothing: the account is locked")
    return me


def find(session: Session, user: UserRef) -> User:
    """The user ``user`` (row, id or username) in ``session``; :class:`NotFoundError` if none."""
    if isinstance(user, User):
        found = session.get(User, user.id)
    elif isinstance(user, int):
        found = session.get(User, user)
    else:
        found = session.scalars(select(User).where(User.username == user)).one_or_none()
    if found is None:
        name = user.username if isinstance(user, User) else user
        raise NotFoundError(f"no user {name!r}; add one with `openfiu users add`")
    return found


def audit(
    session: Session,
    me: User,
    action: str,
    target_type: str,
    target_id: int | str,
    why: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event by ``me`` (with ``via`` when :func:`acting_via` is active).

    Keep personal data (note text, names) in ``details``, which retention can mask; the
    justification ``why`` stays for as long as the log.
    """
    data = dict(details or {})
    via = _VIA.get()
    if via:
        data["via"] = via
    return record(session, me.username, action, target_type, target_id, why, data or None)


def need_reason(reason: str | None, what: str) -> str:
    """``reason`` stripped; :class:`CaseInputError` when it is empty.

    >>> need_reason("  hit on the UN list ", "escalating")
    'hit on the UN list'
    """
    text = (reason or "").strip()
    if not text:
        raise CaseInputError(f"{what} needs a reason: say why (it is kept in the audit log)")
    return text


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results: ``items``, how many there are in all, which page of how many.

    >>> Page(items=["a"], total=101, page=1, per_page=50).pages
    3
    """

    items: Sequence[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def check_paging(page: int, per_page: int) -> tuple[int, int]:
    """(offset, limit) for a 1-based ``page``; refuses pages below 1 and sizes over 500."""
    if page < 1 or not 1 <= per_page <= 500:
        raise CaseInputError(f"page {page} of size {per_page}: pages start at 1, size 1–500")
    return (page - 1) * per_page, per_page
