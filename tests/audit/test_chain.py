"""The audit log is a hash chain the database will not change, and verify finds tampering."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Connection, text

from openfiu.audit import record, verify
from openfiu.errors import StoreError
from openfiu.store import AppendOnlyError, Store
from openfiu.store.chain import PendingEvent, event_hash, format_time, record_many
from openfiu.store.models import AuditEvent


def _write(store: Store, count: int = 5) -> None:
    with store.transaction() as session:
        for n in range(count):
            record(session, "ana", "case.view", "case", n + 1, f"alert A-{n}", {"page": n})


def _tamper(store: Store, *statements: str) -> None:
    """Run ``statements`` as the database owner would, with the audit triggers off."""
    with store.engine.begin() as connection:
        _triggers(connection, enabled=False)
        for statement in statements:
            connection.execute(text(statement))
        _triggers(connection, enabled=True)


def _triggers(connection: Connection, *, enabled: bool) -> None:
    if connection.dialect.name == "postgresql":
        verb = "ENABLE" if enabled else "DISABLE"
        connection.execute(text(f"ALTER TABLE audit_events {verb} TRIGGER USER"))
        connection.execute(text(f"ALTER TABLE audit_details {verb} TRIGGER USER"))
    elif not enabled:
        for name in ("audit_events_no_update", "audit_events_no_delete", "audit_details_no_update"):
            connection.execute(text(f"DROP TRIGGER {name}"))


def test_events_are_numbered_linked_and_verify(store: Store) -> None:
    _write(store)
    with store.transaction() as session:
        again = record(session, "rex", "decision.approve", "decision", 3, "checked the evidence")
    assert again.seq == 6
    report = verify(store)
    assert report.ok and report.events == 6 and report.head_seq == 6
    assert report.head_hash == again.hash
    assert "intact" in str(report)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
        "UPDATE audit_details SET details = '{}' WHERE seq = 2",
    ],
)
def test_the_database_refuses_changes(store: Store, statement: str) -> None:
    _write(store)
    with pytest.raises(AppendOnlyError, match="append-only"), store.transaction() as session:
        session.execute(text(statement))
    assert verify(store).ok


@pytest.mark.parametrize(
    ("statements", "bad_seq", "why"),
    [
        (["UPDATE audit_events SET actor = 'mallory' WHERE seq = 3"], 3, "content changed"),
        (["UPDATE audit_events SET justification = NULL WHERE seq = 2"], 2, "content changed"),
        (
            ["UPDATE audit_details SET details = '{\"page\": 99}' WHERE seq = 4"],
            4,
            "details changed",
        ),
        (["DELETE FROM audit_details WHERE seq = 4"], 4, "no retention event"),
        (
            ["DELETE FROM audit_details WHERE seq = 3", "DELETE FROM audit_events WHERE seq = 3"],
            3,
            "missing",
        ),
        (
            ["DELETE FROM audit_details WHERE seq = 5", "DELETE FROM audit_events WHERE seq = 5"],
            5,
            "ends at event 4",
        ),
    ],
)
def test_verify_finds_tampering(
    store: Store, statements: list[str], bad_seq: int, why: str
) -> None:
    _write(store)
    _tamper(store, *statements)
    report = verify(store)
    assert not report.ok
    assert report.first_bad_seq == bad_seq, report
    assert why in (report.problem or "")
    assert f"broken at event {bad_seq}" in str(report)


def test_verify_finds_reordered_events(store: Store) -> None:
    """Events 2 and 3 swap places: their sequence numbers are exchanged."""
    with store.transaction() as session:
        for n in range(4):
            record(session, "ana", "case.view", "case", n + 1)  # no details to re-key
    _tamper(
        store,
        "UPDATE audit_events SET seq = 100 WHERE seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 100",
    )
    report = verify(store)
    assert (report.ok, report.first_bad_seq) == (False, 2)
    assert "prev_hash" in (report.problem or "")


def test_verify_finds_a_forged_event_with_a_correct_own_hash(store: Store) -> None:
    """Event 2 replaced by a forgery whose own hash is right: the link from 3 breaks."""
    _write(store)
    with store.transaction() as session:
        original = session.get_one(AuditEvent, 2)
        forged = event_hash(
            seq=2,
            at=format_time(original.at),
            actor="mallory",
            action=original.action,
            target_type=original.target_type,
            target_id=original.target_id,
            justification=original.justification,
            details_hash=original.details_hash,
            prev_hash=original.prev_hash,
        )
    _tamper(store, f"UPDATE audit_events SET actor = 'mallory', hash = '{forged}' WHERE seq = 2")
    report = verify(store)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "prev_hash" in (report.problem or "")


def test_an_anchor_kept_outside_catches_a_rewritten_log(store: Store) -> None:
    _write(store, 3)
    head = verify(store)
    assert verify(store, anchor=(head.head_seq, head.head_hash)).ok
    assert not verify(store, anchor=(head.head_seq, "f" * 64)).ok
    assert not verify(store, anchor=(head.head_seq + 5, head.head_hash)).ok


def test_concurrent_writers_keep_one_chain(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for n in range(10):
                with store.transaction() as session:
                    record(session, name, "case.view", "case", n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    report = verify(store)
    assert report.ok and report.events == 40


def test_an_event_rolled_back_with_its_action_leaves_no_gap(store: Store) -> None:
    _write(store, 2)
    with pytest.raises(RuntimeError), store.transaction() as session:
        record(session, "ana", "case.view", "case", 9)
        raise RuntimeError("the action failed")
    _write(store, 1)
    report = verify(store)
    assert report.ok and report.events == 3


def test_record_many_writes_what_record_writes_one_by_one(store: Store) -> None:
    when = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
    single = [
        ("ana", "case.view", "case", 7, "assigned alert A-17", None),
        ("bo", "screening.search", "query", "-", "onboarding", {"query": {"name": "Ж"}}),
        ("system:retention", "retention.apply", "store", "-", None, {"deleted": 3}),
    ]
    with store.transaction() as session:
        for actor, action, target_type, target_id, why, details in single:
            record(session, actor, action, target_type, target_id, why, details, at=when)
        record_many(
            session,
            [PendingEvent(a, b, c, d, e, f, when) for a, b, c, d, e, f in single],
        )
    with store.transaction() as session:
        events = session.query(AuditEvent).order_by(AuditEvent.seq).all()
        seen = [
            (e.actor, e.action, e.target_type, e.target_id, e.justification, e.details)
            for e in events
        ]
        hashes = [e.details_hash for e in events]
    assert seen[:3] == seen[3:]
    assert seen[0][3] == "7" and hashes[:3] == hashes[3:]
    assert verify(store).ok and verify(store).events == 6


def test_record_many_refuses_the_whole_batch(store: Store) -> None:
    with pytest.raises(StoreError, match="non-empty actor"), store.transaction() as session:
        record_many(
            session,
            [
                PendingEvent("ana", "case.view", "case", 1),
                PendingEvent(" ", "case.view", "case", 2),
            ],
        )
    with pytest.raises(StoreError, match="timezone-aware"), store.transaction() as session:
        naive = dt.datetime(2024, 5, 1, 9, 0)
        record_many(session, [PendingEvent("ana", "case.view", "case", 1, at=naive)])
    with store.transaction() as session:
        assert session.query(AuditEvent).count() == 0
    assert verify(store).ok
