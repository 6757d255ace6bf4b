"""OFAC readers: sdnList XML and the legacy three-file CSV layout."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from openfiu.lists import load_list
from openfiu.lists.ofac_csv import person_name, sibling_files
from openfiu.model import BirthDate, Identifier


def test_ofac_xml_fixture(fixtures: Path) -> None:
    version = load_list(fixtures / "ofac_small.xml")
    assert (version.format, version.source, version.version) == ("ofac-xml", "ofac", "2030-03-28")
    entries = version.by_reference()
    assert sorted(entries) == ["90001", "90002", "90003"]
    person = entries["90001"]
    assert person.kind == "person" and person.id == "ofac:90001"
    assert person.names[0].full == "Jumakhon TESTOV"
    assert person.names[0].parts == ("Jumakhon", "TESTOV")
    assert [(n.full, n.quality) for n in person.names[1:]] == [
        ("Jumahon TESTZODA", "good"),
        ("ABU TESTO", "low"),
    ]
    assert person.birth_dates == [
        BirthDate.exact(dt.date(1971, 5, 2)),
        BirthDate.year(1970, approximate=True),
        BirthDate(1968, 1972),
    ]
    assert person.birth_places == ["Kulob, Tajikistan"]
    assert person.nationalities == ["TJ", "RU"]
    assert person.gender == "male"
    assert Identifier("passport", "A1234567", "TJ") in person.identifiers
    assert (
        Identifier("crypto", "1ExampleTestAddressXXXXXXXXXXXXXXX", None, "XBT")
        in person.identifiers
    )
    assert person.programs == ["SDGT", "IRGC"]
    assert "Secondary sanctions risk: Example regulation" in (person.comments or "")
    assert entries["90002"].names[1].note == "f.k.a."
    assert entries["90003"].kind == "vessel"
    problems = " | ".join(str(i) for i in version.issues)
    assert "31 Feb 1971" in problems and "without uid" in problems


def test_ofac_csv_fixture_from_folder_and_from_sdn_path(fixtures: Path) -> None:
    by_folder = load_list(fixtures / "ofac_csv")
    by_file = load_list(fixtures / "ofac_csv" / "sdn_2030-01.csv")
    assert by_folder.format == by_file.format == "ofac-csv"
    assert by_folder.sha256 == by_file.sha256
    entries = by_file.by_reference()
    assert sorted(entries) == ["101", "102", "103", "104"]
    person = entries["101"]
    assert person.names[0].full == "Jumakhon TESTOV"
    names = {(n.full, n.quality) for n in person.names}
    assert ("Jumahon TESTZODA", "good") in names  # alt.csv
    assert ("ABU TESTO", "low") in names  # remarks a.k.a.
    assert person.birth_dates == [BirthDate.exact(dt.date(1971, 5, 2)), BirthDate.year(1970, True)]
    assert person.birth_places == ["Kulob, Tajikistan"]
    assert person.nationalities == ["TJ", "RU"]
    assert person.gender == "male"
    assert Identifier("passport", "A1234567", "TJ", "issued 01 Jan 2010") in person.identifiers
    assert any(i.type == "national_id" and i.number == "0456" for i in person.identifiers)
    assert (
        Identifier("crypto", "1ExampleTestAddressXXXXXXXXXXXXXXX", None, "XBT")
        in person.identifiers
    )
    assert person.addresses[0].text == "Dushanbe, Tajikistan"
    assert person.programs == ["SDGT", "IRGC"]
    vessel = entries["103"]
    assert vessel.kind == "vessel" and vessel.nationalities == ["IR"]
    assert {i.type for i in vessel.identifiers} == {"call_sign", "imo"}
    problems = [(i.record, i.problem) for i in by_file.issues]
    assert any(r == "104" and "31 Feb 1971" in p for r, p in problems)
    assert any(r == "104" and "3020" in p for r, p in problems)
    assert any(r == "999" for r, _ in problems)  # alias for an unknown entry


def test_ofac_csv_without_siblings_reports_it(tmp_path: Path, fixtures: Path) -> None:
    shutil.copy(fixtures / "ofac_csv" / "sdn_2030-01.csv", tmp_path / "sdn.csv")
    version = load_list(tmp_path / "sdn.csv")
    assert len(version.entities) == 4
    assert (
        sum("no alt*.csv" in i.problem or "no add*.csv" in i.problem for i in version.issues) == 2
    )


def test_person_name_and_siblings(fixtures: Path) -> None:
    assert person_name("TESTOV, Jumakhon") == ("Jumakhon TESTOV", ("Jumakhon", "TESTOV"))
    assert person_name("EXAMPLE CO., LTD., BRANCH")[1] == ()
    sdn, alt, add = sibling_files(fixtures / "ofac_csv")
    assert (sdn.name, alt and alt.name, add and add.name) == (
        "sdn_2030-01.csv",
        "alt_2030-01.csv",
        "add_2030-01.csv",
    )


@pytest.mark.shared_data
def test_real_ofac_xml(shared_lists: Path) -> None:
    version = load_list(shared_lists / "ofac_consolidated_nonsdn_2025-03-28.xml")
    assert len(version.entities) == 443
    assert version.version == "2025-03-28"
    assert Counter(e.kind for e in version.entities) == {"organization": 363, "person": 80}
    assert Counter(n.quality for e in version.entities for n in e.names) == {
        "primary": 443,
        "good": 1066,
        "low": 70,
    }
    assert version.issues == []


@pytest.mark.shared_data
def test_real_ofac_legacy_csv(shared_lists: Path) -> None:
    version = load_list(shared_lists / "ofac_legacy_csv")
    assert len(version.entities) == 8976
    kinds = Counter(e.kind for e in version.entities)
    assert kinds == {"person": 4620, "organization": 3950, "vessel": 406}
    assert sum(1 for e in version.entities if e.birth_dates) > 4000
    crypto = [i for e in version.entities for i in e.identifiers if i.type == "crypto"]
    assert len(crypto) > 50 and all(i.note for i in crypto)
    assert sum(len(e.addresses) for e in version.entities) > 10000
    assert version.issues == []
