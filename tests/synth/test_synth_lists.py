"""Synthetic list entries and the UN XML writer."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from openfiu.model.entity import Address, BirthDate, Entity, Identifier, Name
from openfiu.synth.lists import synthetic_entities, synthetic_un_list, write_un_xml

REF = re.compile(r"^SYN\.\d{6,}$")


def test_references_determinism_and_start() -> None:
    first = list(synthetic_entities(30, seed=2))
    assert [e.reference for e in first[:3]] == ["SYN.000001", "SYN.000002", "SYN.000003"]
    assert all(REF.match(e.reference) and e.id == f"synthetic:{e.reference}" for e in first)
    assert [e.fingerprint() for e in first] == [
        e.fingerprint() for e in synthetic_entities(30, seed=2)
    ]
    assert [e.fingerprint() for e in first] != [
        e.fingerprint() for e in synthetic_entities(30, seed=3)
    ]
    later = list(synthetic_entities(2, seed=2, start_reference=500))
    assert [e.reference for e in later] == ["SYN.000500", "SYN.000501"]


def test_mix_of_kinds_names_dates_and_documents() -> None:
    entities = list(synthetic_entities(4000, seed=1))
    kinds = Counter(e.kind for e in entities)
    assert 0.41 < kinds["person"] / 4000 < 0.49
    assert kinds["organization"] == 4000 - kinds["person"]
    persons = [e for e in entities if e.kind == "person"]
    assert all(e.list_type == "SYNTHETIC" and e.primary_name for e in entities)
    qualities = Counter(n.quality for e in persons for n in e.names)
    assert {"primary", "good", "low", "original_script"} <= set(qualities)
    originals = [n.full for e in persons for n in e.names if n.quality == "original_script"]
    assert any(re.search(r"[\u0600-\u06ff]", o) for o in originals)
    assert any(re.search(r"[\u0400-\u04ff]", o) for o in originals)
    dates = [b for e in persons for b in e.birth_dates]
    assert any(b.date is not None for b in dates)
    assert any(b.date is None and b.year_from == b.year_to and not b.approximate for b in dates)
    assert any(b.approximate for b in dates)
    assert any(b.year_from < b.year_to for b in dates)
    assert any(len(e.birth_dates) == 2 for e in persons)
    assert any(not e.birth_dates for e in persons)
    passports = [i for e in persons for i in e.identifiers if i.type == "passport"]
    assert 0.3 < len(passports) / len(persons) < 0.5
    assert all(len(set(e.nationalities)) == len(e.nationalities) for e in entities)


def test_generator_is_lazy() -> None:
    million = synthetic_entities(1_000_000, seed=0)
    assert len(list(itertools.islice(million, 5))) == 5


def test_write_un_xml_elements_and_escaping(tmp_path: Path) -> None:
    person = Entity(
        id="t:SYN.000001",
        reference="SYN.000001",
        source="t",
        kind="person",
        names=[
            Name("Jumakhon <Test> & Halimov", parts=("Jumakhon", "<Test> & Halimov")),
            Name("Ҷумахон Ҳалимов", "original_script"),
            Name('Dzhumakhon "Halimov"', "good"),
            Name("Juma", "low"),
        ],
        birth_dates=[
            BirthDate.exact(dt.date(1971, 5, 2)),
            BirthDate.year(1970, approximate=True),
            BirthDate(year_from=1968, year_to=1972),
        ],
        nationalities=["TJ", "RU"],
        gender="male",
        identifiers=[Identifier("passport", "A1234567", "TJ")],
        birth_places=["Kulob, Tajikistan"],
        titles=["Haji"],
    )
    org = Entity(
        id="t:SYN.000002",
        reference="SYN.000002",
        source="t",
        kind="organization",
        names=[Name("Sharq & Co"), Name("Old Name", "good", note="f.k.a.")],
        addresses=[Address("Dushanbe, Tajikistan", country="TJ", city="Dushanbe")],
    )
    path = write_un_xml([org, person], tmp_path / "l.xml", "2026-01-01T00:00:00Z")
    root = etree.parse(str(path)).getroot()
    assert root.tag == "CONSOLIDATED_LIST" and root.get("dateGenerated") == "2026-01-01T00:00:00Z"
    (ind,) = root.iter("INDIVIDUAL")
    assert [c.tag for c in ind][:8] == [
        "DATAID",
        "VERSIONNUM",
        "FIRST_NAME",
        "SECOND_NAME",
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "GENDER",
        "NAME_ORIGINAL_SCRIPT",
    ]
    assert ind.findtext("SECOND_NAME") == "<Test> & Halimov"
    assert ind.findtext("NAME_ORIGINAL_SCRIPT") == "Ҷумахон Ҳалимов"
    aliases = [
        (a.findtext("QUALITY"), a.findtext("ALIAS_NAME")) for a in ind.iter("INDIVIDUAL_ALIAS")
    ]
    assert aliases == [("Good", 'Dzhumakhon "Halimov"'), ("Low", "Juma")]
    assert [v.text for v in ind.find("NATIONALITY")] == ["Tajikistan", "Russian Federation"]
    births = [{c.tag: c.text for c in b} for b in ind.iter("INDIVIDUAL_DATE_OF_BIRTH")]
    assert births == [
        {"TYPE_OF_DATE": "EXACT", "DATE": "1971-05-02"},
        {"TYPE_OF_DATE": "APPROXIMATELY", "YEAR": "1970"},
        {"TYPE_OF_DATE": "BETWEEN", "FROM_YEAR": "1968", "TO_YEAR": "1972"},
    ]
    doc = ind.find("INDIVIDUAL_DOCUMENT")
    assert doc is not None
    assert (doc.findtext("TYPE_OF_DOCUMENT"), doc.findtext("NUMBER")) == ("Passport", "A1234567")
    assert doc.findtext("ISSUING_COUNTRY") == "Tajikistan"
    (ent,) = root.iter("ENTITY")
    assert ent.findtext("FIRST_NAME") == "Sharq & Co"
    assert ent.find("ENTITY_ALIAS/QUALITY").text == "f.k.a."  # type: ignore[union-attr]
    assert ent.findtext("ENTITY_ADDRESS/CITY") == "Dushanbe"


def test_synthetic_un_list_counts(tmp_path: Path) -> None:
    path = synthetic_un_list(tmp_path / "syn.xml", n_individuals=40, n_entities=7, seed=3)
    root = etree.parse(str(path)).getroot()
    assert len(root.findall("INDIVIDUALS/INDIVIDUAL")) == 40
    assert len(root.findall("ENTITIES/ENTITY")) == 7
    refs = [r.text for r in root.iter("REFERENCE_NUMBER")]
    assert len(set(refs)) == 47
    again = synthetic_un_list(tmp_path / "again.xml", n_individuals=40, n_entities=7, seed=3)
    assert again.read_bytes() == path.read_bytes()


def test_round_trip_through_the_un_reader(tmp_path: Path) -> None:
    lists = pytest.importorskip("openfiu.lists")
    entities = list(synthetic_entities(1500, seed=4))
    path = write_un_xml(entities, tmp_path / "rt.xml", "2026-01-01T00:00:00.000Z")
    version = lists.load_list(path)
    assert version.format == "un-sc" and not version.issues
    loaded = version.by_reference()
    assert len(loaded) == len(entities)
    for original in entities:
        back = loaded[original.reference]
        assert back.kind == original.kind
        assert sorted((n.full, n.quality) for n in back.names) == sorted(
            (n.full, n.quality) for n in original.names
        )
        if original.kind == "person":
            assert back.birth_dates == original.birth_dates
            assert back.nationalities == original.nationalities
            assert back.gender == original.gender
            assert [(i.type, i.number, i.country) for i in back.identifiers] == [
                (i.type, i.number, i.country) for i in original.identifiers
            ]
        assert [(a.city, a.country) for a in back.addresses] == [
            (a.city, a.country) for a in original.addresses
        ]
