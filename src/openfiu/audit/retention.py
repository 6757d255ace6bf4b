"""Retention: delete screening queries and closed cases after their period, audited.

:func:`apply_retention` runs in one transaction:

1. **Screening runs** that started more than ``query_days`` ago are deleted with their
   matches — the screened names — unless a match is linked to a case (the case's own
   retention then decides). Search events older than that lose their details.
2. **Closed cases** closed more than ``closed_case_days`` ago are deleted with their links,
   notes, attachments, decisions and grants.
3. **Audit events** about what was deleted are *masked*, not deleted: their details (the
   searched name, the note text …) are removed, while the event itself — who did what,
   when, why — and its hash stay, so :func:`openfiu.audit.verify` still passes.
4. One ``retention.apply`` event records the policy, what was deleted and which events
   were masked (the list ``verify`` checks masked events against).

Example::

    report = apply_retention(store, query_days=365, closed_case_days=5 * 365)
    print(report.runs_deleted, report.cases_deleted, report.events_masked)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, exists, false, func, or_, select
from sqlalchemy.orm import Session

from openfiu.audit.log import SEARCH_ACTION
from openfiu.audit.verify import MASKING_ACTIONS
from openfiu.config import get_settings
from openfiu.store.base import utcnow
from openfiu.store.chain import record
from openfiu.store.core import Store
from openfiu.store.models.audit import AuditDetails, AuditEvent
from openfiu.store.models.cases import Attachment, Case, CaseLink, Decision, Note
from openfiu.store.models.people import CaseGrant
from openfiu.store.models.screening import ScreeningMatch, ScreeningRun

CHUNK = 500


@dataclass(frozen=True)
class RetentionReport:
    """What one :func:`apply_retention` did."""

    now: dt.datetime
    query_days: int | None
    closed_case_days: int | None
    runs_deleted: list[int]
    matches_deleted: int
    cases_deleted: list[int]
    events_masked: list[int]
    event_seq: int
    """Sequence number of the ``retention.apply`` event that records this run."""


def _chunks(ids: Sequence[int]) -> list[list[str]]:
    text = [str(i) for i in ids]
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]


def _targets(target_type: str, ids: Sequence[int]) -> list[ColumnElement[bool]]:
    return [
        and_(AuditEvent.target_type == target_type, AuditEvent.target_id.in_(chunk))
        for chunk in _chunks(ids)
    ]


def _expired_runs(session: Session, cutoff: dt.datetime) -> list[int]:
    linked = exists().where(
        CaseLink.match_id == ScreeningMatch.id, ScreeningMatch.run_id == ScreeningRun.id
    )
    return list(
        session.scalars(
            select(ScreeningRun.id).where(
                ScreeningRun.started_at < cutoff, ScreeningRun.status != "running", ~linked
            )
        )
    )


def _delete_runs(session: Session, run_ids: list[int]) -> int:
    matches = 0
    for start in range(0, len(run_ids), CHUNK):
        chunk = run_ids[start : start + CHUNK]
        matches += session.scalar(select(func.count()).where(ScreeningMatch.run_id.in_(chunk))) or 0
        session.execute(delete(ScreeningMatch).where(ScreeningMatch.run_id.in_(chunk)))
        session.execute(delete(ScreeningRun).where(ScreeningRun.id.in_(chunk)))
    return matches


def _case_targets(session: Session, case_ids: list[int]) -> list[ColumnElement[bool]]:
    """Audit targets of the cases and of everything they hold."""
    targets = _targets("case", case_ids)
    children = (
        ("decision", Decision),
        ("note", Note),
        ("attachment", Attachment),
        ("case_link", CaseLink),
        ("case_grant", CaseGrant),
    )
    for target_type, model in children:
        ids: list[int] = []
        for start in range(0, len(case_ids), CHUNK):
            chunk = case_ids[start : start + CHUNK]
            ids.extend(session.scalars(select(model.id).where(model.case_id.in_(chunk))))
        targets.extend(_targets(target_type, ids))
    return targets


def _mask(session: Session, conditions: list[ColumnElement[bool]]) -> list[int]:
    if not conditions:
        return []
    seqs = list(
        session.scalars(
            select(AuditDetails.seq)
            .join(AuditEvent, AuditEvent.seq == AuditDetails.seq)
            .where(or_(false(), *conditions), AuditEvent.action.not_in(MASKING_ACTIONS))
            .order_by(AuditDetails.seq)
        )
    )
    for start in range(0, len(seqs), CHUNK):
        session.execute(
            delete(AuditDetails).where(AuditDetails.seq.in_(seqs[start : start + CHUNK]))
        )
    return seqs


def apply_retention(
    store: Store,
    now: dt.datetime | None = None,
    query_days: int | None = None,
    closed_case_days: int | None = None,
    *,
    actor: str = "system:retention",
) -> RetentionReport:
    """Apply the retention periods (default ``OPENFIU_RETENTION_QUERY_DAYS`` and
    ``OPENFIU_RETENTION_CLOSED_CASE_DAYS``; a period that is None keeps everything)."""
    settings = get_settings()
    now = now or utcnow()
    query_days = query_days if query_days is not None else settings.retention_query_days
    closed_case_days = (
        closed_case_days if closed_case_days is not None else settings.retention_closed_case_days
    )
    with store.transaction() as session:
        runs: list[int] = []
        matches = 0
        cases: list[int] = []
        conditions: list[ColumnElement[bool]] = []
        if query_days is not None:
            cutoff = now - dt.timedelta(days=query_days)
            runs = _expired_runs(session, cutoff)
            conditions += _targets("screening_run", runs)
            conditions.append(and_(AuditEvent.action == SEARCH_ACTION, AuditEvent.at < cutoff))
            matches = _delete_runs(session, runs)
        if closed_case_days is not None:
            cutoff = now - dt.timedelta(days=closed_case_days)
            cases = list(
                session.scalars(
                    select(Case.id).where(Case.status == "closed", Case.closed_at < cutoff)
                )
            )
            conditions += _case_targets(session, cases)
            for start in range(0, len(cases), CHUNK):
                session.execute(delete(Case).where(Case.id.in_(cases[start : start + CHUNK])))
        masked = _mask(session, conditions)
        event = record(
            session,
            actor,
            "retention.apply",
            "retention",
            now.isoformat(),
            f"retention policy: screening queries {query_days or 'kept'} days, "
            f"closed cases {closed_case_days or 'kept'} days",
            {
                "query_days": query_days,
                "closed_case_days": closed_case_days,
                "deleted_runs": runs,
                "deleted_matches": matches,
                "deleted_cases": cases,
                "masked_events": masked,
            },
        )
        return RetentionReport(
            now, query_days, closed_case_days, runs, matches, cases, masked, event.seq
        )
