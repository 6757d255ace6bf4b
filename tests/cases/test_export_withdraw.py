"""Withdrawing one's own proposal, exporting a case, and cases assigned to someone."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from openfiu.audit import PermissionDeniedError, verify
from openfiu.cases import (
    CaseInputError,
    CaseStateError,
    add_link,
    add_note,
    approve,
    assign_case,
    assign_item,
    escalate,
    evidence_csv,
    export_case,
    grant_access,
    list_cases,
    pending_decisions,
    propose,
    timeline,
    withdraw,
)
from openfiu.store import ConcurrentUpdateError, Store
from openfiu.store.models import AuditEvent, Decision


def _case_with_proposal(store: Store, match_key: str) -> tuple[str, int, int]:
    """ana's case on the match, shared with rita (analyst and reviewer); ana proposes."""
    with store.transaction() as session:
        case = escalate(session, "ana", match_key, reason="name and birth year agree")
        grant_access(session, "sue", case, to_user="rita", reason="second pair of eyes")
        decision = propose(session, "ana", case, "confirm_match", "passport copy matches")
        return case.reference, decision.id, decision.version


def test_only_the_proposer_withdraws_before_review(
    store: Store, people: dict[str, int], match_key: str
) -> None:
    reference, decision_id, version = _case_with_proposal(store, match_key)
    for other, refusal in (("rita", "only its proposer"), ("alex", "only its proposer")):
        with pytest.raises(PermissionDeniedError, match=refusal), store.transaction() as s:
            withdraw(s, other, decision_id, version, "not mine to take back")
    with pytest.raises(CaseInputError, match="needs a reason"), store.transaction() as s:
        withdraw(s, "ana", decision_id, version, "  ")
    with pytest.raises(ConcurrentUpdateError), store.transaction() as s:
        withdraw(s, "ana", decision_id, version + 1, "stale screen")
    with store.transaction() as session:
        row = withdraw(session, "ana", decision_id, version, "proposed on the wrong case")
        assert row.status == "withdrawn"
        assert pending_decisions(session, "rita") == []
    with store.transaction() as session:
        stored = session.get_one(Decision, decision_id)
        assert (stored.status, stored.approved_by) == ("withdrawn", None)
        assert stored.decided_at is not None
        assert stored.review_reasons == "proposed on the wrong case"
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "decision.withdraw")
        ).one()
        assert (event.actor, event.justification) == ("ana", "proposed on the wrong case")
        assert event.details == {"case": reference, "kind": "confirm_match"}
        entries = timeline(session, "rita", reference)
    withdrawn = [e for e in entries if e.action == "decision.withdraw"]
    assert [e.summary for e in withdrawn] == ["withdrew the proposed confirm_match"]
    assert not [e for e in entries if e.action == "record"]  # every change has its event
    with pytest.raises(CaseStateError, match="already withdrawn"), store.transaction() as s:
        withdraw(s, "ana", decision_id, version + 1, "again")
    with pytest.raises(CaseStateError, match="already withdrawn"), store.transaction() as s:
        approve(s, "rita", decision_id, version + 1)
    assert verify(store).ok


def test_a_reviewed_decision_cannot_be_withdrawn(
    store: Store, people: dict[str, int], match_key: str
) -> None:
    _, decision_id, version = _case_with_proposal(store, match_key)
    with store.transaction() as session:
        approved = approve(session, "rita", decision_id, version)
        now = approved.version
    with pytest.raises(CaseStateError, match="already approved"), store.transaction() as s:
        withdraw(s, "ana", decision_id, now, "too late")


def test_export_needs_a_grant_a_justification_and_is_audited(
    store: Store, people: dict[str, int], match_key: str, alert_key: str
) -> None:
    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring pattern")
        escalate(session, "ana", match_key, reason="payee resembles a listed name", case=case)
        add_note(session, "ana", case, "Teller confirms the deposits.")
        add_link(session, "ana", case, "subject", "CUST-9", label="=HYPERLINK(1)")
        grant_access(session, "sue", case, to_user="rex", reason="review")
        propose(session, "ana", case, "close", "nothing further")
        reference = case.reference
    for who in ("alex", "rex", "otto", "sue"):  # no grant, or no role that exports
        with pytest.raises(PermissionDeniedError), store.transaction() as s:
            export_case(s, who, reference, "curiosity")
    with pytest.raises(CaseInputError, match="needs a reason"), store.transaction() as s:
        export_case(s, "ana", reference, " ")
    with pytest.raises(CaseInputError, match="export format"), store.transaction() as s:
        export_case(s, "ana", reference, "court request 4/2025", "xml")
    with store.transaction() as session:
        document = export_case(session, "ana", reference, "court request 4/2025", "csv")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "case.export")).one()
        assert (event.actor, event.justification) == ("ana", "court request 4/2025")
        assert event.details is not None and event.details["format"] == "csv"
        assert event.details["alerts"] == 1 and event.details["matches"] == 1
        assert document["export"]["audit_event"] == event.seq
    assert document["case"]["reference"] == reference
    assert [a["rule"] for a in document["alerts"]] == ["structuring"]
    assert document["matches"][0]["listed_name"] == "Kadir Zarkov"
    assert {a["target"] for a in document["accounts"]} == {"ACC-1", "ACC-2"}
    assert len(document["transactions"]) == 3
    assert document["notes"][0]["text"] == "Teller confirms the deposits."
    assert document["decisions"][0]["status"] == "proposed"
    assert document["access"]["users"] == ["ana", "rex"]
    assert document["timeline"][-1]["action"] == "case.export"  # the export is in it
    rows = list(csv.DictReader(io.StringIO(evidence_csv(document))))
    links = sum(len(document[k]) for k in ("subjects", "accounts", "transactions"))
    assert len(rows) == links + 2  # and the alert and the match
    subject = next(r for r in rows if r["target"] == "CUST-9")
    assert subject["label"] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet
    alert = next(r for r in rows if r["kind"] == "alert")
    assert (
        alert["explanation"].startswith("3 cash deposits")
        and "rule=structuring" in (alert["details"])
    )
    assert verify(store).ok


def test_cases_assigned_to_someone(
    store: Store, people: dict[str, int], match_key: str, alert_key: str
) -> None:
    with store.transaction() as session:
        first = escalate(session, "ana", match_key, reason="hit").reference
        second = escalate(session, "ana", alert_key, reason="pattern").reference
        assign_case(session, "sue", second, "bea", reason="knows the accounts")
        assign_item(session, "ana", alert_key, "alex", reason="speaks Tajik")
    with store.transaction() as session:
        mine = list_cases(session, "bea", assignee="bea")
        assert [c.reference for c in mine.items] == [second]
        assert list_cases(session, "ana", assignee="ana").total == 0
        assert {c.reference for c in list_cases(session, "ana").items} == {first, second}
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "workitem.assign")
        ).one()
        assert event.justification == "speaks Tajik" and event.details == {"assignee": "alex"}
