"""UN Security Council Consolidated List reader: synthetic fixture and the real list."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from openfiu.lists import load_list
from openfiu.lists.un_sc import read_un_sc, split_alias
from openfiu.model import BirthDate, Identifier


def test_small_fixture_reads_every_field(fixtures: Path) -> None:
    version = load_list(fixtures / "un_small.xml")
    assert version.source == "un-sc" and version.format == "un-sc"
    assert version.version == "2030-01-02T03:04:05.000Z"
    people = version.by_reference()
    assert sorted(people) == ["KPe.910", "QDi.901", "TAi.902"]
    person = people["QDi.901"]
    assert person.id == "un-sc:QDi.901" and person.kind == "person"
    primary = person.names[0]
    assert primary.quality == "primary"
    assert primary.parts == ("JUMAKHON", "TESTOV", "ABDULLOEVICH")
    assert primary.full == "JUMAKHON TESTOV ABDULLOEVICH"
    by_quality = Counter(n.quality for n in person.names)
    assert by_quality == {"primary": 1, "original_script": 1, "good": 2, "low": 1}
    assert {n.full for n in person.names if n.quality == "good"} == {
        "Dzhumakhon Testov",
        "Jumahon Testzoda",
    }
    assert person.birth_dates == [
        BirthDate.exact(dt.date(1971, 5, 2)),
        BirthDate.year(1972, approximate=True),
        BirthDate(1968, 1970),
    ]
    assert person.birth_places == ["Kulob, Khatlon, Tajikistan"]
    assert person.nationalities == ["TJ", "IR"]
    assert person.gender == "male"
    assert person.identifiers == [
        Identifier("passport", "A1234567", "TJ", "expired"),
        Identifier("national_id", "TJ-000456", "TJ", "Tajik national ID"),
    ]
    assert person.addresses[0].text == "Dushanbe, Tajikistan (as of 2020)"
    assert person.addresses[0].country == "TJ"
    assert person.list_type == "Al-Qaida"
    assert person.listed_on == dt.date(2011, 3, 4)
    assert person.designations == ["Example commander", "Example treasurer"]
    assert person.titles == ["Mullah"]
    assert person.comments == "Synthetic record for tests."
    assert person.last_updated == [dt.date(2015, 6, 7), dt.date(2019, 8, 9)]
    company = people["KPe.910"]
    assert company.kind == "organization"
    assert ("Sample Shipping Co", "f.k.a.") in [(n.full, n.note) for n in company.names]
    assert "Example Front (EF; Example Union)" in [n.full for n in company.names]


def test_bad_records_are_reported_and_good_ones_kept(fixtures: Path) -> None:
    version = load_list(fixtures / "un_small.xml")
    problems = [(i.record, i.problem) for i in version.issues]
    assert any(r == "DATAID 900003" and "REFERENCE_NUMBER" in p for r, p in problems)
    assert any(r == "QDi.904" and "primary name" in p for r, p in problems)
    assert any(r == "QDi.901" and "out of range" in p for r, p in problems)
    assert any(r == "TAi.902" and "3020" in p for r, p in problems)
    assert all(i.line for i in version.issues if i.record != "-")
    # the record with the impossible year keeps its valid date
    assert version.by_reference()["TAi.902"].birth_dates == [BirthDate.year(1980)]


def test_split_alias_keeps_parenthesised_lists_whole() -> None:
    assert split_alias("A B; C D;  ; E") == ["A B", "C D", "E"]
    assert split_alias("X (Y; Z)") == ["X (Y; Z)"]


def _un_counts(path: Path) -> dict[str, int]:
    """Counts straight from the XML with plain lxml, to check the reader against."""
    root = etree.parse(str(path)).getroot()
    aliases = [a for a in root.iter("INDIVIDUAL_ALIAS") if (a.findtext("ALIAS_NAME") or "").strip()]
    return {
        "individuals": len(root.findall("INDIVIDUALS/INDIVIDUAL")),
        "entities": len(root.findall("ENTITIES/ENTITY")),
        "alias_elements": len(aliases),
        "good": sum(a.findtext("QUALITY") == "Good" for a in aliases),
        "low": sum(a.findtext("QUALITY") == "Low" for a in aliases),
        "distinct_spellings": sum(
            len(
                {
                    (
                        " ".join(s.split()),
                        a.findtext("QUALITY"),
                        " ".join((a.findtext("NOTE") or "").split()),
                    )
                    for a in person.iter("INDIVIDUAL_ALIAS")
                    for s in split_alias(" ".join((a.findtext("ALIAS_NAME") or "").split()))
                }
            )
            for person in root.iter("INDIVIDUAL")
        ),
        "original_script": sum(
            1 for e in root.iter("INDIVIDUAL") if (e.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        ),
        "documents": sum(
            1 for d in root.iter("INDIVIDUAL_DOCUMENT") if (d.findtext("NUMBER") or "").strip()
        ),
    }


@pytest.mark.shared_data
def test_real_un_list_2026_counts(shared_lists: Path) -> None:
    path = shared_lists / "un_consolidated_2026-02-27.xml"
    expected = _un_counts(path)
    # the data README's figures
    assert expected["individuals"] == 730 and expected["entities"] == 273
    assert (expected["alias_elements"], expected["good"], expected["low"]) == (2139, 1524, 615)
    assert expected["original_script"] == 336 and expected["documents"] == 454
    start = time.perf_counter()
    version = load_list(path)
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, f"loading the UN list took {elapsed:.2f} s"
    kinds = Counter(e.kind for e in version.entities)
    assert kinds == {"person": 730, "organization": 273}
    people = [e for e in version.entities if e.kind == "person"]
    names = Counter(n.quality for e in people for n in e.names)
    assert names["original_script"] == 336
    # 2,139 alias elements; those listing several spellings ("A; B") give one name each,
    # and a spelling repeated within one person's aliases is kept once
    assert names["good"] + names["low"] == expected["distinct_spellings"]
    assert names["low"] >= 615 and names["good"] >= 1524
    assert sum(1 for e in people if any(n.quality in ("good", "low") for n in e.names)) == 561
    # 454 document elements with numbers; 5 are the same passport repeated in French and
    # Spanish (Numéro de passeport / Número de pasaporte), merged into one identifier
    assert sum(len(e.identifiers) for e in people) == 449
    assert sum(1 for e in people if e.identifiers) == 272
    assert version.version == "2026-02-27T00:00:09.554Z"
    assert all(e.id == f"un-sc:{e.reference}" for e in version.entities)
    assert sum(1 for e in people if e.birth_dates) > 650
    assert all(len(i.problem) > 10 for i in version.issues)


@pytest.mark.shared_data
def test_real_un_list_direct_reader_speed(shared_lists: Path) -> None:
    path = shared_lists / "un_consolidated_2026-02-27.xml"
    read_un_sc(path)  # warm caches (country names)
    start = time.perf_counter()
    parsed = read_un_sc(path)
    elapsed = time.perf_counter() - start
    assert len(parsed.entities) == 1003
    assert elapsed < 1.5, f"reading took {elapsed:.2f} s"
