"""Every kind of record goes in and comes back out unchanged, on both databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from openfiu.lists import ListVersion
from openfiu.model.entity import Address, BirthDate, Entity, Identifier, Name
from openfiu.store import (
    AttachmentTooLargeError,
    Store,
    load_entities,
    make_attachment,
    read_attachment,
    save_alerts,
    save_list_version,
)
from openfiu.store.models import Alert, Case, CaseGrant, CaseLink, Decision, Note

UTC = dt.UTC


def _entities() -> list[Entity]:
    return [
        Entity(
            id="un-sc:TSi.001",
            reference="TSi.001",
            source="un-sc",
            kind="person",
            names=[
                Name("Qodir Zarkovzoda", "primary", ("QODIR", "ZARKOVZODA")),
                Name("Қодир Заркӯвзода", "original_script", language="tg"),
            ],
            birth_dates=[
                BirthDate.exact(dt.date(1975, 3, 14)),
                BirthDate(1970, 1972, approximate=True),
            ],
            birth_places=["Dushanbe"],
            nationalities=["TJ"],
            gender="male",
            identifiers=[Identifier("passport", "TJ1234567", "TJ")],
            addresses=[Address("Street 1", "TJ", "Dushanbe")],
            list_type="Al-Qaida",
            programs=["QDi"],
            listed_on=dt.date(2011, 5, 2),
            last_updated=[dt.date(2020, 1, 1)],
        ),
        Entity("un-sc:TSe.002", "TSe.002", "un-sc", "organization", [Name("Test Relief Fund")]),
    ]


def test_list_version_round_trip_and_idempotence(store: Store) -> None:
    version = ListVersion(
        source="un-sc",
        version="2024-05-01",
        path="consolidated.xml",
        sha256="ab" * 32,
        format="un-xml",
        entities=_entities(),
        loaded_at=dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    )
    with store.transaction() as session:
        row = save_list_version(session, version)
        row_id = row.id
    with store.transaction() as session:
        assert save_list_version(session, version).id == row_id
        assert load_entities(session, row_id) == version.entities
        assert session.get_one(type(row), row_id).loaded_at == version.loaded_at


def test_alerts_from_the_alert_schema_round_trip(store: Store) -> None:
    start = dt.datetime(2024, 3, 1, tzinfo=UTC)
    alert = {
        "alert_id": "structuring:acc-1:2024-03-01",
        "rule": "structuring",
        "typology": "structuring",
        "score": 0.8,
        "accounts": ["acc-1"],
        "transactions": ["t1", "t2", "t3"],
        "window_start": start,
        "window_end": start + dt.timedelta(days=3),
        "amount_base": 29_700.0,
        "values": '{"count": 3, "threshold": 10000}',
        "explanation": "3 cash deposits just under 10,000 in 3 days",
    }
    with store.transaction() as session:
        assert save_alerts(session, [alert]) == 1
    with store.transaction() as session:
        assert save_alerts(session, [alert]) == 0
        stored = session.scalars(select(Alert)).one()
        assert stored.values == {"count": 3, "threshold": 10000}
        assert stored.window_end == start + dt.timedelta(days=3)
        assert (stored.status, stored.transactions) == ("new", ["t1", "t2", "t3"])


def test_case_with_its_evidence_round_trips(store: Store, people: dict[str, int]) -> None:
    with store.transaction() as session:
        case = Case(
            reference="C-1", title="Transfers to a listed company", created_by=people["ana"]
        )
        case.links = [
            CaseLink(kind="account", target="acc-1", label="Customer account"),
            CaseLink(kind="subject", target="un-sc:TSi.001", data={"role": "beneficiary"}),
        ]
        case.notes = [Note(author_id=people["ana"], text="Payments every Friday.")]
        case.grants = [CaseGrant(user_id=people["ana"], granted_by=people["sue"])]
        session.add(case)
        session.flush()
        session.add(
            make_attachment(case.id, "a.txt", content=b"evidence", uploaded_by=people["ana"])
        )
        case_id = case.id
    with store.transaction() as session:
        case = session.get_one(Case, case_id)
        assert case.version == 1
        assert sorted(link.kind for link in case.links) == ["account", "subject"]
        assert case.notes[0].text == "Payments every Friday."
        assert read_attachment(case.attachments[0]) == b"evidence"
        assert [grant.user_id for grant in case.grants] == [people["ana"]]


def test_attachments_are_size_limited_and_checked(tmp_path: Path) -> None:
    with pytest.raises(AttachmentTooLargeError, match="limit"):
        make_attachment(1, "big.bin", content=b"x" * 11, max_bytes=10)
    on_disk = tmp_path / "scan.pdf"
    on_disk.write_bytes(b"%PDF-1.7")
    attachment = make_attachment(1, "scan.pdf", path=on_disk)
    assert attachment.size == 8 and attachment.content is None
    on_disk.write_bytes(b"%PDF-1.7 changed")
    with pytest.raises(Exception, match="sha256"):
        read_attachment(attachment)


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "execute"},  # not a decision kind
        {"status": "maybe"},  # not a status
        {"status": "approved"},  # approved without an approver
    ],
)
def test_decision_constraints(store: Store, people: dict[str, int], bad: dict[str, str]) -> None:
    with store.transaction() as session:
        session.add(Case(reference="C-2", title="t"))
    with pytest.raises(IntegrityError), store.transaction() as session:
        case = session.scalars(select(Case)).one()
        fields = {"kind": "freeze", "reasons": "r", "proposed_by": people["ana"], **bad}
        session.add(Decision(case_id=case.id, **fields))


def test_case_link_to_an_alert_needs_the_alert_row(store: Store) -> None:
    with pytest.raises(IntegrityError), store.transaction() as session:
        case = Case(reference="C-3", title="t")
        case.links = [CaseLink(kind="alert", target="a-1")]
        session.add(case)
