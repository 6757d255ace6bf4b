"""FollowTheMoney JSON lines and plain CSV: read, write, and read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from openfiu.errors import ListFormatError
from openfiu.lists import load_list, read_csv, read_ftm, write_csv, write_ftm
from openfiu.model import BirthDate, Identifier


def test_ftm_fixture(fixtures: Path) -> None:
    version = load_list(fixtures / "sample.ftm.json")
    assert version.format == "ftm" and version.source == "ftm"
    entries = version.by_reference()
    assert sorted(entries) == [
        "tst-bad-date",
        "tst-company-1",
        "tst-person-1",
        "tst-vessel-1",
        "tst-wallet-1",
    ]
    person = entries["tst-person-1"]
    assert [(n.full, n.quality) for n in person.names] == [
        ("Jumakhon Testov", "primary"),
        ("Dzhumakhon Testov", "good"),
        ("Abu Testo", "low"),
        ("Jumakhon Testovich", "good"),
    ]
    assert person.birth_dates == [
        BirthDate.exact(dt.date(1971, 5, 2)),
        BirthDate.year(1970),
        BirthDate(1972, 1972, text="1972-03"),
    ]
    assert person.nationalities == ["TJ", "RU"] and person.gender == "male"
    assert Identifier("passport", "A1234567") in person.identifiers
    assert Identifier("passport", "B7654321", "TJ") in person.identifiers  # Passport schema
    assert person.listed_on == dt.date(2020, 1, 15)
    company = entries["tst-company-1"]
    assert company.kind == "organization" and company.nationalities == ["RU"]
    assert company.programs == ["Example export controls"]
    assert company.listed_on == dt.date(2022, 2, 3)
    assert {i.type for i in company.identifiers} == {"inn", "tax_id"}
    assert entries["tst-vessel-1"].kind == "vessel"
    wallet = entries["tst-wallet-1"]
    assert wallet.kind == "wallet"
    assert wallet.identifiers == [
        Identifier("crypto", "1ExampleTestAddressXXXXXXXXXXXXXXX", None, "XBT")
    ]
    problems = [str(i) for i in version.issues]
    assert any(":9:" in p and "not valid JSON" in p for p in problems)
    assert any("Ownership" in p for p in problems)
    assert any("tst-noname" in p for p in problems)
    assert entries["tst-bad-date"].birth_dates == []


def test_ftm_roundtrip_keeps_core_fields(fixtures: Path, tmp_path: Path) -> None:
    original = load_list(fixtures / "un_small.xml")
    out = tmp_path / "out.ftm.json"
    written = write_ftm(original.entities, out)
    assert written == len(original.entities)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["schema"] == "Person" and lines[0]["id"] == "un-sc:QDi.901"
    back = read_ftm(out, source="un-sc").entities
    assert [e.reference for e in back] == [e.reference for e in original.entities]
    for before, after in zip(original.entities, back, strict=True):
        assert after.id == before.id
        assert {n.full for n in after.names} == {n.full for n in before.names}
        assert after.nationalities == before.nationalities
        assert {i.number for i in after.identifiers} == {i.number for i in before.identifiers}
        assert after.listed_on == before.listed_on
    person = back[0]
    assert BirthDate.exact(dt.date(1971, 5, 2)) in person.birth_dates
    assert {b.year_from for b in person.birth_dates} >= {1968, 1969, 1970, 1972}


def test_ftm_writes_wallets_for_crypto_of_persons(fixtures: Path, tmp_path: Path) -> None:
    entities = load_list(fixtures / "ofac_small.xml").entities
    write_ftm(entities, tmp_path / "o.json")
    objects = [json.loads(x) for x in (tmp_path / "o.json").read_text().splitlines()]
    wallets = [o for o in objects if o["schema"] == "CryptoWallet"]
    assert len(wallets) == 1
    assert wallets[0]["properties"]["holder"] == ["ofac:90001"]
    assert wallets[0]["properties"]["currency"] == ["XBT"]


def test_csv_fixture(fixtures: Path) -> None:
    version = load_list(fixtures / "list.csv", source="local")
    assert version.format == "csv" and version.source == "local"
    entries = version.by_reference()
    assert sorted(entries) == ["TST-1", "TST-2", "TST-3", "TST-6"]
    person = entries["TST-1"]
    assert person.id == "local:TST-1"
    assert [(n.full, n.quality) for n in person.names] == [
        ("Jumakhon Testov", "primary"),
        ("Dzhumakhon Testov", "good"),
        ("Abu Testo", "low"),
    ]
    assert person.birth_dates == [
        BirthDate.exact(dt.date(1971, 5, 2)),
        BirthDate.year(1970, approximate=True),
        BirthDate(1968, 1972),
    ]
    assert person.nationalities == ["TJ", "RU"]
    assert person.identifiers == [
        Identifier("passport", "A1234567", "TJ"),
        Identifier("national_id", "456"),
        Identifier("crypto", "1ExampleTestAddressXXXXXXXXXXXXXXX", None, "XBT"),
    ]
    assert person.listed_on == dt.date(2024, 1, 15)
    bad = entries["TST-3"]
    assert bad.birth_dates == [BirthDate.year(1980)] and bad.listed_on is None
    problems = [(i.record, i.line, i.problem) for i in version.issues]
    assert ("line 5", 5, "no reference; row skipped") in problems
    assert any(r == "TST-3" and "3020" in p for r, _, p in problems)
    assert any(r == "TST-6" and "spaceship" in p for r, _, p in problems)


def test_csv_roundtrip(fixtures: Path, tmp_path: Path) -> None:
    original = load_list(fixtures / "ofac_small.xml").entities
    out = tmp_path / "out.csv"
    assert write_csv(original, out) == 3
    back = read_csv(out, source="ofac").entities
    for before, after in zip(original, back, strict=True):
        assert after.id == before.id and after.kind == before.kind
        assert sorted((n.full, n.quality) for n in after.names) == sorted(
            (n.full, n.quality) for n in before.names
        )
        assert after.birth_dates == before.birth_dates
        assert after.nationalities == before.nationalities
        assert after.identifiers == [
            Identifier(i.type, i.number, i.country, i.note if i.type == "crypto" else None)
            for i in before.identifiers
        ]


def test_csv_header_required(tmp_path: Path) -> None:
    path = tmp_path / "nohead.csv"
    path.write_text("reference,kind\nA,person\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"nohead.csv:1: .*name"):
        read_csv(path)
