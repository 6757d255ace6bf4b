"""Screening runs that are never half-written.

A run is stored as ``running`` when it starts (so that others see it), its matches are
collected in memory while it works, and they are written in the one transaction that
marks it ``complete``. If the work raises, or writing the matches fails, the run is marked
``failed`` with the error and keeps no match. A process killed outright leaves a
``running`` run with no matches, which :func:`fail_stale_runs` marks ``failed`` later.
Every start and end is an audit event; a run needs a purpose (its justification).

Example::

    with screening_run(store, "ana", "onboarding check, application 2024/117",
                       {"threshold": 0.8, "query": {"name": "Jumakhon Halimov"}}) as run:
        for match in screener.screen_query(query):
            run.add(match, query={"name": "Jumakhon Halimov"})
        run.count_records(1)
    run.run_id   # the stored run, now complete
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from openfiu.errors import StoreError
from openfiu.store.base import utcnow
from openfiu.store.chain import record
from openfiu.store.core import Store
from openfiu.store.models.screening import ScreeningMatch, ScreeningRun

MATCH_FIELDS = (
    "score",
    "name_score",
    "reference",
    "entity_id",
    "source",
    "list_type",
    "kind",
    "primary_name",
    "matched_name",
    "query_name",
    "explanation",
    "features",
    "record_id",
)
"""The fields of :class:`openfiu.screening.Match` kept for each match."""


class JustificationRequiredError(StoreError):
    """A search or screening run was started without saying why."""


class MatchLike(Protocol):
    """Anything with ``to_dict()`` giving the fields of :class:`openfiu.screening.Match`."""

    def to_dict(self) -> dict[str, object]: ...


@dataclass
class RunRecorder:
    """What a running screening run has found so far (written when it completes)."""

    run_id: int
    records: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, match: MatchLike | Mapping[str, Any], query: Mapping[str, Any]) -> None:
        """Keep one match of the record ``query`` (the screened record as given)."""
        data: Mapping[str, Any] = match.to_dict() if not isinstance(match, Mapping) else match
        row = {name: data.get(name) for name in MATCH_FIELDS}
        row["features"] = dict(row["features"] or {})
        row["query"] = dict(query)
        self.rows.append(row)

    def count_records(self, count: int = 1) -> None:
        """Count records screened (with or without matches)."""
        self.records += count


@contextmanager
def screening_run(
    store: Store,
    actor: str,
    purpose: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    list_version_id: int | None = None,
) -> Iterator[RunRecorder]:
    """Run a screening inside the block; see the module's example.

    Raises :class:`JustificationRequiredError` when ``purpose`` is empty.
    """
    if not purpose or not purpose.strip():
        raise JustificationRequiredError(
            "a screening needs a purpose: say why these names are searched "
            "(case, onboarding file, alert reference)"
        )
    params = dict(parameters or {})
    with store.transaction() as session:
        run = ScreeningRun(
            actor=actor, purpose=purpose, parameters=params, list_version_id=list_version_id
        )
        session.add(run)
        session.flush()
        record(
            session,
            actor,
            "screening.run.start",
            "screening_run",
            run.id,
            purpose,
            {"parameters": params},
        )
        run_id = run.id
    recorder = RunRecorder(run_id)
    try:
        yield recorder
        with store.transaction() as session:
            _complete(session, recorder, actor)
    except BaseException as exc:
        _fail(store, run_id, actor, exc)
        raise


def _complete(session: Session, recorder: RunRecorder, actor: str) -> None:
    run = session.get_one(ScreeningRun, recorder.run_id)
    if recorder.rows:
        session.execute(
            insert(ScreeningMatch), [{**row, "run_id": run.id} for row in recorder.rows]
        )
    run.status = "complete"
    run.finished_at = utcnow()
    run.record_count = recorder.records
    run.match_count = len(recorder.rows)
    record(
        session,
        actor,
        "screening.run.complete",
        "screening_run",
        run.id,
        None,
        {"records": recorder.records, "matches": len(recorder.rows)},
    )


def _fail(store: Store, run_id: int, actor: str, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:2000]
    with store.transaction() as session:
        run = session.get_one(ScreeningRun, run_id)
        run.status = "failed"
        run.finished_at = utcnow()
        run.error = message
        record(
            session, actor, "screening.run.fail", "screening_run", run_id, None, {"error": message}
        )


def fail_stale_runs(
    session: Session, started_before: dt.datetime, actor: str = "system:recovery"
) -> list[int]:
    """Mark ``failed`` the runs still ``running`` that started before ``started_before``
    (their process died); return their ids. Each is audited."""
    stale = session.scalars(
        select(ScreeningRun).where(
            ScreeningRun.status == "running", ScreeningRun.started_at < started_before
        )
    ).all()
    for run in stale:
        run.status = "failed"
        run.finished_at = utcnow()
        run.error = "the process ended without completing the run"
        record(
            session,
            actor,
            "screening.run.fail",
            "screening_run",
            run.id,
            None,
            {"error": run.error},
        )
    session.flush()
    return [run.id for run in stale]
