"""Retention deletes old queries and closed cases, masks their audit details, and is audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from openfiu.audit import apply_retention, record, verify
from openfiu.store import Store
from openfiu.store.models import (
    AuditDetails,
    AuditEvent,
    Case,
    CaseLink,
    Decision,
    Note,
    ScreeningMatch,
    ScreeningRun,
)

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
LONG_AGO = NOW - dt.timedelta(days=400)
RECENTLY = NOW - dt.timedelta(days=10)


def _run(started: dt.datetime, reference: str) -> ScreeningRun:
    run = ScreeningRun(actor="ana", purpose="batch", status="complete", started_at=started)
    run.matches = [
        ScreeningMatch(
            query={"name": "Kadyr Zarkov"},
            score=0.9,
            name_score=0.9,
            reference=reference,
            entity_id=f"un-sc:{reference}",
            source="un-sc",
            kind="person",
            primary_name="Qodir Zarkovzoda",
            matched_name="Qodir Zarkovzoda",
            query_name="Kadyr Zarkov",
            explanation="close",
        )
    ]
    return run


def _world(store: Store, people: dict[str, int]) -> dict[str, int]:
    """Old and recent runs and cases, each with audit events that carry details."""
    ids: dict[str, int] = {}
    with store.transaction() as session:
        old_run, new_run, kept_run = (
            _run(LONG_AGO, "TSi.001"),
            _run(RECENTLY, "TSi.002"),
            _run(LONG_AGO, "TSi.003"),
        )
        old_case = Case(reference="C-old", title="t", status="closed", closed_at=LONG_AGO)
        old_case.notes = [Note(author_id=people["ana"], text="personal details")]
        old_case.decisions = [Decision(kind="close", reasons="r", proposed_by=people["ana"])]
        open_case = Case(reference="C-open", title="t", status="open")
        new_case = Case(reference="C-new", title="t", status="closed", closed_at=RECENTLY)
        session.add_all([old_run, new_run, kept_run, old_case, open_case, new_case])
        session.flush()
        # the old kept_run's match is evidence in an open case: it stays
        open_case.links = [CaseLink(kind="match", target="m", match_id=kept_run.matches[0].id)]
        for name, row in (("old_run", old_run), ("new_run", new_run), ("kept_run", kept_run)):
            ids[name] = row.id
            record(
                session,
                "ana",
                "screening.run.start",
                "screening_run",
                row.id,
                "batch",
                {"parameters": {"file": "customers.csv"}},
                at=row.started_at,
            )
        for name, case in (
            ("old_case", old_case),
            ("open_case", open_case),
            ("new_case", new_case),
        ):
            ids[name] = case.id
            record(session, "ana", "case.view", "case", case.id, "work", {"tab": "notes"})
        record(session, "ana", "note.add", "note", old_case.notes[0].id, None, {"text": "x"})
        ids["old_search"] = record(
            session,
            "ana",
            "screening.search",
            "query",
            "-",
            "alert A-1",
            {"query": {"name": "Kadyr Zarkov"}},
            at=LONG_AGO,
        ).seq
    return ids


def test_retention_deletes_masks_and_is_audited(store: Store, people: dict[str, int]) -> None:
    ids = _world(store, people)
    events_before = verify(store).events
    report = apply_retention(store, NOW, query_days=365, closed_case_days=180)

    assert report.runs_deleted == [ids["old_run"]]
    assert report.matches_deleted == 1
    assert report.cases_deleted == [ids["old_case"]]
    with store.transaction() as session:
        runs = set(session.scalars(select(ScreeningRun.id)))
        assert runs == {ids["new_run"], ids["kept_run"]}
        cases = set(session.scalars(select(Case.reference)))
        assert cases == {"C-open", "C-new"}
        assert session.scalar(select(func.count()).select_from(Note)) == 0
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
        masked = {e.seq: e for e in session.scalars(select(AuditEvent)) if e.masked}
        # the old run's start, the old case's view, its note, the old search
        assert set(masked) == set(report.events_masked)
        assert len(masked) == 4 and ids["old_search"] in masked
        assert {e.target_type for e in masked.values()} == {
            "screening_run",
            "case",
            "note",
            "query",
        }
        kept = session.get_one(AuditEvent, ids["old_search"])
        assert (kept.actor, kept.justification, kept.details) == ("ana", "alert A-1", None)
        event = session.get_one(AuditEvent, report.event_seq)
        assert event.action == "retention.apply" and event.actor == "system:retention"
        assert event.details is not None
        assert event.details["masked_events"] == report.events_masked
        assert event.details["deleted_cases"] == [ids["old_case"]]

    after = verify(store)
    assert after.ok, after
    assert (after.events, after.masked) == (events_before + 1, 4)


def test_retention_without_periods_keeps_everything(store: Store, people: dict[str, int]) -> None:
    _world(store, people)
    report = apply_retention(store, NOW)
    assert (report.runs_deleted, report.cases_deleted, report.events_masked) == ([], [], [])
    assert verify(store).ok


def test_masking_by_hand_is_caught(store: Store, people: dict[str, int]) -> None:
    """Details deleted outside retention (no event lists them) are tampering."""
    ids = _world(store, people)
    with store.transaction() as session:
        session.delete(session.get_one(AuditDetails, ids["old_search"]))
    report = verify(store)
    assert (report.ok, report.first_bad_seq) == (False, ids["old_search"])
