"""Writing and reading the audit log.

:func:`record` appends one hash-chained event (see :mod:`openfiu.store.chain` for the
hash); :func:`record_search` (one) and :func:`record_searches` (a batch, cheaply) are the
ways to log a name search, and refuse a search of a person without a justification;
:func:`recent_events` reads the log back, newest first.

Example::

    from openfiu.audit import record, record_search
    with store.transaction() as session:
        record_search(session, "ana", {"name": "Jumakhon Halimov", "kind": "person"},
                      "alert A-17: payer name resembles a listed person")
        record(session, "ana", "case.view", "case", 7, "assigned alert A-17")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from openfiu.store.base import utcnow
from openfiu.store.chain import PendingEvent, record, record_many
from openfiu.store.models.audit import AuditEvent
from openfiu.store.runs import JustificationRequiredError

PERSON_KINDS = (None, "", "person")
"""Query kinds treated as a person: unspecified kinds too, since most names are people's."""

SEARCH_ACTION = "screening.search"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search to log: who, the query as searched (and what it found), why."""

    actor: str
    query: Mapping[str, Any]
    justification: str | None
    at: dt.datetime = field(default_factory=utcnow)
    """When the search was made (the event's time, not the commit's)."""


def needs_justification(query: Mapping[str, Any]) -> bool:
    """True when the query may be a person (kind ``person`` or none given)."""
    return query.get("kind") in PERSON_KINDS


def check_justification(query: Mapping[str, Any], justification: str | None) -> None:
    """Raise :class:`JustificationRequiredError` when searching ``query`` needs a reason and
    none is given; call it before searching, not after."""
    if needs_justification(query) and not (justification and justification.strip()):
        raise JustificationRequiredError(
            "searching a person needs a justification: say why (case, alert or "
            "onboarding reference); the reason is kept in the audit log"
        )


def record_search(
    session: Session,
    actor: str,
    query: Mapping[str, Any],
    justification: str | None,
    *,
    run_id: int | None = None,
) -> AuditEvent:
    """Log a search of ``query`` (name, kind, birth date …) by ``actor``.

    The query goes into the event's details, where retention can mask it later. Raises
    :class:`JustificationRequiredError` when the query may be a person (kind ``person`` or
    none given) and ``justification`` is empty.
    """
    check_justification(query, justification)
    target = ("screening_run", str(run_id)) if run_id is not None else ("query", "-")
    return record(
        session, actor, SEARCH_ACTION, target[0], target[1], justification, {"query": dict(query)}
    )


def record_searches(session: Session, searches: Sequence[SearchRecord]) -> None:
    """Log many searches in order: the events :func:`record_search` writes, appended with
    :func:`openfiu.store.chain.record_many`. Nothing is written when any is refused."""
    for search in searches:
        check_justification(search.query, search.justification)
    record_many(
        session,
        [
            PendingEvent(
                s.actor,
                SEARCH_ACTION,
                "query",
                "-",
                s.justification,
                {"query": dict(s.query)},
                s.at,
            )
            for s in searches
        ],
    )


def recent_events(
    session: Session,
    limit: int = 50,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: tuple[str, str] | None = None,
) -> Sequence[AuditEvent]:
    """The newest ``limit`` events, newest first, optionally of one actor, action or target."""
    query = select(AuditEvent).options(selectinload(AuditEvent.details_row))
    if actor is not None:
        query = query.where(AuditEvent.actor == actor)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if target is not None:
        query = query.where(
            AuditEvent.target_type == target[0], AuditEvent.target_id == str(target[1])
        )
    return session.scalars(query.order_by(AuditEvent.seq.desc()).limit(limit)).all()


__all__ = ["SEARCH_ACTION", "recent_events", "record", "record_search"]
