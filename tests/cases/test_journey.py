"""The main journeys: a hit or an alert becomes a case, a decision is proposed and takes
effect only when a second person approves it; the history is complete and verifies."""

from __future__ import annotations

from sqlalchemy import select

from openfiu.audit import verify
from openfiu.cases import (
    QueueFilters,
    approve,
    case_graph,
    escalate,
    grant_access,
    propose,
    queue,
    timeline,
    view_case,
)
from openfiu.store import Store
from openfiu.store.models import Alert, Case, CaseLink, Decision, ScreeningMatch


def test_a_hit_becomes_a_confirmed_match_and_a_frozen_subject(
    store: Store, people: dict[str, int], match_key: str
) -> None:
    with store.transaction() as session:
        page = queue(session, "ana", QueueFilters(kind="match"))
        assert [item.key for item in page.items] == [match_key]
        item = page.items[0]
        assert (item.rule, item.typology, item.status) == ("screening", "un-sc", "new")
        case = escalate(session, "ana", item.key, reason="birth year and spelling agree")
        case_id = case.id
        confirm = propose(session, "ana", case, "confirm_match", "passport copy matches")
        freeze = propose(session, "ana", case, "freeze", "listed person: freeze without delay")
        decisions = [(confirm.id, confirm.version), (freeze.id, freeze.version)]

    with store.transaction() as session:  # proposed: nothing has changed yet
        links = session.scalars(select(CaseLink).where(CaseLink.case_id == case_id)).all()
        assert {(link.kind, link.target) for link in links} == {
            ("match", match_key),
            ("subject", "un-sc:QDi.999"),
        }
        assert all(not (link.data or {}).get("frozen") for link in links)
        assert session.get_one(ScreeningMatch, int(match_key.split(":")[1])).status == "escalated"
        grant_access(session, "sue", case_id, to_user="rex", reason="review of C-1")

    with store.transaction() as session:
        for decision_id, version in decisions:
            approve(session, "rex", decision_id, expected_version=version)

    with store.transaction() as session:
        links = {
            link.kind: link.data or {}
            for link in session.scalars(select(CaseLink).where(CaseLink.case_id == case_id))
        }
        assert links["match"]["confirmed"] is True
        assert links["subject"]["frozen"] is True
        statuses = session.scalars(select(Decision.status).where(Decision.case_id == case_id))
        assert set(statuses) == {"approved"}
        graph = case_graph(session, "rex", case_id)
        kinds = {node["kind"] for node in graph.nodes.values()}
        assert kinds == {"entity"}
        assert [edge["kind"] for edge in graph.edges] == ["may_be"]
        listed = graph.nodes["entity:un-sc:QDi.999"]
        assert listed["frozen"] is True and listed["listed"] is True
    assert verify(store).ok


def test_an_alert_becomes_a_case_that_is_closed(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="three deposits under the threshold")
        reference = case.reference
        close = propose(session, "ana", case, "close", "deposits explained by payroll records")
        grant_access(session, "sue", case, to_user="rita", reason="second pair of eyes")
    with store.transaction() as session:
        approve(session, "rita", close.id, close.version, reason="payroll records checked")
    with store.transaction() as session:
        row = session.scalars(select(Case).where(Case.reference == reference)).one()
        assert row.status == "closed" and row.closed_at is not None
        assert session.scalars(select(Alert.status)).one() == "closed"
        graph = case_graph(session, "ana", row.id)
        assert {n["kind"] for n in graph.nodes.values()} == {"alert", "account", "transaction"}
        assert len([e for e in graph.edges if e["kind"] == "flags"]) == 2
        elements = graph.to_cytoscape()
        assert {e["group"] for e in elements} == {"nodes", "edges"}
    assert verify(store).ok


def test_the_timeline_is_complete_and_in_order(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    from openfiu.cases import add_attachment, add_link, add_note, reject

    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring pattern")
        case_id = case.id
        add_note(session, "ana", case, "Called the branch: the depositor is a courier.")
        add_attachment(
            session, "ana", case, "statement.csv", b"date,amount\n", media_type="text/csv"
        )
        add_link(session, "ana", case, "transaction", "T9", data={"from": "ACC-1", "to": "ACC-9"})
        disseminate = propose(session, "ana", case, "disseminate", "foreign partner asked")
        grant_access(session, "sue", case, to_user="rex", reason="review")
    with store.transaction() as session:
        reject(session, "rex", disseminate.id, disseminate.version, "no legal basis yet")
        view_case(session, "rex", case_id)
    with store.transaction() as session:
        entries = timeline(session, "otto", case_id)

    actions = [entry.action for entry in entries]
    for expected in (
        "workitem.escalate",
        "case.open",
        "case.grant",
        "case.link",
        "case.note",
        "case.attach",
        "decision.propose",
        "decision.reject",
        "case.view",
    ):
        assert expected in actions, expected
    assert "record" not in actions  # every record is described by an audit event
    seqs = [entry.seq for entry in entries]
    assert seqs == sorted(seqs)
    note = next(entry for entry in entries if entry.action == "case.note")
    assert note.actor == "ana" and "courier" in (note.details or {}).get("text", "")
    rejected = next(entry for entry in entries if entry.action == "decision.reject")
    assert (rejected.actor, rejected.justification) == ("rex", "no legal basis yet")
    assert entries[-1].actor == "otto" and entries[-1].action == "case.view"
    with store.transaction() as session:
        assert session.get_one(Case, case_id).status == "open"  # a rejection changes nothing
    assert verify(store).ok


def test_records_without_events_still_appear(store: Store, people: dict[str, int]) -> None:
    from openfiu.store.models import CaseGrant, Note

    with store.transaction() as session:  # written by another tool, without audit events
        case = Case(reference="C-IMPORT-1", title="imported")
        case.notes = [Note(text="from the old system")]
        case.grants = [CaseGrant(user_id=people["ana"])]
        session.add(case)
    with store.transaction() as session:
        entries = timeline(session, "ana", "C-IMPORT-1")
    records = [(e.action, e.target_type) for e in entries if e.seq is None]
    assert ("record", "case") in records and ("record", "note") in records


def test_retention_deletes_a_closed_case_with_its_assignments_and_team_grants(
    store: Store, people: dict[str, int], alert_key: str
) -> None:
    import datetime as dt

    from openfiu.audit import apply_retention
    from openfiu.cases import assign_case
    from openfiu.store.models import CaseTeamGrant, WorkAssignment

    with store.transaction() as session:
        case = escalate(session, "ana", alert_key, reason="structuring")
        assign_case(session, "sue", case, "alex", reason="cover")
        grant_access(session, "sue", case, team="fin", reason="team review")
        close = propose(session, "ana", case, "close", "explained")
    with store.transaction() as session:
        approve(session, "rex", close.id, close.version)  # rex is in team fin
    report = apply_retention(
        store, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400), closed_case_days=365
    )
    assert report.cases_deleted == [case.id] and report.events_masked
    with store.transaction() as session:
        assert session.scalars(select(WorkAssignment)).all() == []
        assert session.scalars(select(CaseTeamGrant)).all() == []
    assert verify(store).ok
