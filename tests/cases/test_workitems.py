"""The work queue: filters, paging, triage, assignment; attachments on a case."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from openfiu.cases import (
    UNASSIGNED,
    CaseInputError,
    CaseStateError,
    NotFoundError,
    QueueFilters,
    add_attachment,
    add_link,
    assign_item,
    escalate,
    mark_false_positive,
    open_case,
    propose,
    queue,
    read_attachment,
)
from openfiu.store import AttachmentTooLargeError, Store, save_alerts
from openfiu.store.models import AuditEvent


def _more_alerts(store: Store, count: int) -> None:
    alerts = [
        {
            "alert_id": f"B-{i}",
            "rule": "rapid_movement",
            "typology": "layering",
            "score": i / 100,
            "accounts": [f"ACC-{i}"],
            "transactions": [],
            "explanation": f"in and out within a day ({i})",
        }
        for i in range(count)
    ]
    with store.transaction() as session:
        save_alerts(session, alerts)


def test_queue_filters_and_pages(
    store: Store, people: dict[str, int], match_key: str, alert_key: str
) -> None:
    _more_alerts(store, 30)
    with store.transaction() as session:
        everything = queue(session, "ana", QueueFilters(per_page=10))
        assert (everything.total, everything.pages, len(everything.items)) == (32, 4, 10)
        assert [i.key for i in everything.items[:2]] == [match_key, alert_key]  # by score
        last = queue(session, "ana", QueueFilters(per_page=10, page=4))
        assert len(last.items) == 2
        assert queue(session, "ana", QueueFilters(kind="alert")).total == 31
        assert queue(session, "ana", QueueFilters(rule="screening")).total == 1
        assert queue(session, "ana", QueueFilters(rule="structuring")).total == 1
        scored = queue(session, "ana", QueueFilters(min_score=0.1, max_score=0.2))
        assert {i.score for i in scored.items} == {x / 100 for x in range(10, 21)}
        assign_item(session, "ana", alert_key, "alex")
        mine = queue(session, "ana", QueueFilters(assignee="alex"))
        assert [(i.key, i.assignee) for i in mine.items] == [(alert_key, "alex")]
        assert queue(session, "ana", QueueFilters(assignee=UNASSIGNED)).total == 31
        with pytest.raises(CaseInputError):
            queue(session, "ana", QueueFilters(kind="transaction"))
        with pytest.raises(CaseInputError):
            queue(session, "ana", QueueFilters(page=0))
    with store.transaction() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "workitem.queue")
        ).all()
        assert len(events) == 8 and events[0].actor == "ana"


def test_false_positive_needs_a_reason_and_a_new_item(
    store: Store, people: dict[str, int], match_key: str
) -> None:
    with store.transaction() as session:
        with pytest.raises(CaseInputError, match="reason"):
            mark_false_positive(session, "ana", match_key, "  ")
        item = mark_false_positive(session, "ana", match_key, "born 1990, listed person 1971")
        assert item.status == "false_positive"
        with pytest.raises(CaseStateError, match="not new"):
            mark_false_positive(session, "ana", match_key, "again")
        assert queue(session, "ana").total == 0
        assert queue(session, "ana", QueueFilters(status="false_positive")).total == 1
        with pytest.raises(NotFoundError):
            mark_false_positive(session, "ana", "match:999", "x")
    with store.transaction() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "workitem.false_positive")
        ).one()
        assert (event.actor, event.justification) == ("ana", "born 1990, listed person 1971")


def test_escalating_into_an_existing_case(
    store: Store, people: dict[str, int], match_key: str, alert_key: str
) -> None:
    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring")
        same = escalate(session, "ana", match_key, reason="payer is on the UN list", case=case.id)
        assert same.id == case.id
        kinds = sorted(link.kind for link in case.links)
        assert kinds == ["account", "account", "alert", "match", "subject"] + ["transaction"] * 3
        item = queue(session, "ana", QueueFilters(status="escalated", kind="match")).items[0]
        assert item.cases == (case.reference,)
        empty = open_case(session, "ana", "Tip-off without evidence yet", reason="phone call")
        with pytest.raises(CaseStateError, match="needs a linked"):
            propose(session, "ana", empty, "freeze", "nothing to freeze yet")


def test_attachments_are_size_limited_and_hashed(
    store: Store, people: dict[str, int], monkeypatch: pytest.MonkeyPatch, alert_key: str
) -> None:
    monkeypatch.setenv("OPENFIU_MAX_ATTACHMENT_BYTES", "16")
    data = b"0123456789"
    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring")
        attachment = add_attachment(session, "ana", case, "../../etc/statement.txt", data)
        assert attachment.filename == "statement.txt"
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
        with pytest.raises(AttachmentTooLargeError, match="16-byte"):
            add_attachment(session, "ana", case, "big.bin", b"x" * 17)
        add_link(session, "ana", case, "subject", "CUST-7", label="Kadyr Zarkov")
        with pytest.raises(CaseInputError, match="escalating"):
            add_link(session, "ana", case, "alert", "A-99")
        attachment_id = attachment.id
    with store.transaction() as session:
        row, content = read_attachment(session, "ana", attachment_id)
        assert content == data and row.size == 10
