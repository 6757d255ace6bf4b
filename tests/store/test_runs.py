"""A screening run is complete with all its matches, or failed with none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from openfiu.audit import verify
from openfiu.screening.match import Match
from openfiu.store import JustificationRequiredError, Store, fail_stale_runs, screening_run
from openfiu.store.models import AuditEvent, ScreeningMatch, ScreeningRun


def _match(reference: str, score: float = 0.91) -> Match:
    return Match(
        score=score,
        reference=reference,
        entity_id=f"un-sc:{reference}",
        source="un-sc",
        list_type="Al-Qaida",
        kind="person",
        primary_name="Qodir Zarkovzoda",
        matched_name="Kodir Zarkov",
        query_name="Kadyr Zarkov",
        name_score=0.9,
        explanation="Kadyr ~ Kodir (transliteration), Zarkov = Zarkov",
        features={"birth_date": 0.05},
        record_id="cust-17",
    )


def _runs(store: Store) -> list[tuple[str, int, int]]:
    with store.transaction() as session:
        rows = session.scalars(select(ScreeningRun).order_by(ScreeningRun.id)).all()
        counted = session.scalar(select(func.count()).select_from(ScreeningMatch))
        return [(r.status, r.match_count, counted or 0) for r in rows]


def test_a_complete_run_keeps_every_match_and_is_audited(store: Store) -> None:
    query = {"name": "Kadyr Zarkov", "birth_date": "1975"}
    with screening_run(store, "ana", "onboarding file 2024/117", {"threshold": 0.8}) as run:
        run.add(_match("TSi.001"), query)
        run.add(_match("TSi.002", 0.85).to_dict(), query)
        run.count_records(1)
    assert _runs(store) == [("complete", 2, 2)]
    with store.transaction() as session:
        stored = session.scalars(select(ScreeningMatch).order_by(ScreeningMatch.id)).all()
        assert stored[0].query == query and stored[0].features == {"birth_date": 0.05}
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions == ["screening.run.start", "screening.run.complete"]
    assert verify(store).ok


def test_an_error_during_the_run_leaves_a_failed_run_without_matches(store: Store) -> None:
    with pytest.raises(RuntimeError), screening_run(store, "ana", "batch 7") as run:
        run.add(_match("TSi.001"), {"name": "x"})
        raise RuntimeError("screener crashed")
    assert _runs(store) == [("failed", 0, 0)]
    with store.transaction() as session:
        assert "screener crashed" in (session.scalars(select(ScreeningRun.error)).one() or "")


def test_a_crash_while_writing_matches_writes_none(store: Store) -> None:
    """The last match is unwritable (no reference): the earlier ones are rolled back too."""
    broken: dict[str, Any] = {**_match("TSi.009").to_dict(), "reference": None}
    with pytest.raises(IntegrityError), screening_run(store, "ana", "batch 8") as run:
        for n in range(50):
            run.add(_match(f"TSi.{n:03d}"), {"name": "x"})
        run.add(broken, {"name": "x"})
    assert _runs(store) == [("failed", 0, 0)]
    assert verify(store).ok


def test_a_run_needs_a_purpose(store: Store) -> None:
    with (
        pytest.raises(JustificationRequiredError, match="purpose"),
        screening_run(store, "ana", " "),
    ):
        pass
    assert _runs(store) == []


def test_runs_left_running_by_a_dead_process_are_failed(store: Store) -> None:
    with store.transaction() as session:
        session.add(
            ScreeningRun(
                actor="ana",
                purpose="batch",
                started_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
        )
    with store.transaction() as session:
        failed = fail_stale_runs(session, dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    assert len(failed) == 1
    assert _runs(store) == [("failed", 0, 0)]
