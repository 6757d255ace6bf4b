"""Format detection, loading metadata, and version diffs."""

from __future__ import annotations

import hashlib
import itertools
import shutil
from pathlib import Path

import pytest

from openfiu.errors import ListFormatError
from openfiu.lists import detect_format, diff_versions, load_list
from openfiu.lists.diff import FINGERPRINT_FIELDS
from openfiu.model import Entity, Name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("un_small.xml", "un-sc"),
        ("ofac_small.xml", "ofac-xml"),
        ("ofac_csv", "ofac-csv"),
        ("ofac_csv/sdn_2030-01.csv", "ofac-csv"),
        ("sample.ftm.json", "ftm"),
        ("list.csv", "csv"),
    ],
)
def test_detect_fixture_formats(fixtures: Path, name: str, expected: str) -> None:
    assert detect_format(fixtures / name) == expected


def test_detect_ignores_misleading_extension(fixtures: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "list.csv"
    shutil.copy(fixtures / "un_small.xml", disguised)
    assert detect_format(disguised) == "un-sc"
    assert len(load_list(disguised).entities) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"<!DOCTYPE html><html><body>Error</body></html>", "HTML page"),
        (b'<?xml version="1.0"?><other/>', "root <other>"),
        (b'{"a": 1}\n', "not FollowTheMoney"),
        (b"just some words\n", "no list format fits"),
        (b"   \n", "empty"),
    ],
)
def test_detect_refuses_with_file_name(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "suspect.xml"
    path.write_bytes(content)
    with pytest.raises(ListFormatError, match=message) as info:
        load_list(path)
    assert "suspect.xml" in str(info.value)


def test_alt_file_alone_gets_a_hint(fixtures: Path) -> None:
    with pytest.raises(ListFormatError, match="alt/add"):
        detect_format(fixtures / "ofac_csv" / "alt_2030-01.csv")


def test_wrong_forced_format_is_refused(fixtures: Path) -> None:
    with pytest.raises(ListFormatError, match="expected <sdnList>"):
        load_list(fixtures / "un_small.xml", format="ofac-xml")
    with pytest.raises(ListFormatError, match="unknown format"):
        load_list(fixtures / "un_small.xml", format="pdf")


def test_version_metadata(fixtures: Path) -> None:
    path = fixtures / "un_small.xml"
    version = load_list(path)
    assert version.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert version.path == str(path)
    assert version.loaded_at.tzinfo is not None
    csv_version = load_list(fixtures / "list.csv")
    assert csv_version.version[:4].isdigit() and "T" in csv_version.version  # file mtime


def test_fingerprint_field_names_match_model() -> None:
    entity = Entity("x:1", "1", "x", "person", [Name("Jumakhon Testov")])
    assert len(FINGERPRINT_FIELDS) == len(entity.fingerprint())


def test_diff_added_removed_amended(fixtures: Path, tmp_path: Path) -> None:
    old = load_list(fixtures / "un_small.xml")
    text = (fixtures / "un_small.xml").read_text(encoding="utf-8")
    text = text.replace(
        "<VALUE>Tajikistan</VALUE><VALUE>Iran (Islamic Republic of)</VALUE>",
        "<VALUE>Tajikistan</VALUE>",
    )
    text = text.replace(
        "<REFERENCE_NUMBER>TAi.902</REFERENCE_NUMBER>",
        "<REFERENCE_NUMBER>TAi.903</REFERENCE_NUMBER>",
    )
    text = text.replace(
        "<COMMENTS1>Synthetic company.</COMMENTS1>", "<COMMENTS1>Amended.</COMMENTS1>"
    )
    text = text.replace(
        'dateGenerated="2030-01-02T03:04:05.000Z"', 'dateGenerated="2030-02-01T00:00:00.000Z"'
    )
    new_path = tmp_path / "un_new.xml"
    new_path.write_text(text, encoding="utf-8")
    delta = diff_versions(old, load_list(new_path))
    assert [(e.reference, e.name) for e in delta.added] == [("TAi.903", "GULNORA EXAMPLEVA")]
    assert [e.reference for e in delta.removed] == ["TAi.902"]
    assert [(e.reference, e.changed_fields) for e in delta.amended] == [
        ("KPe.910", ["comments"]),
        ("QDi.901", ["nationalities"]),
    ]
    assert delta.unchanged == 0 and delta.changed
    report = delta.to_text()
    assert "1 added, 1 removed, 2 amended" in report
    assert "~ QDi.901  JUMAKHON TESTOV ABDULLOEVICH: nationalities" in report
    data = delta.to_dict()
    assert data["old_version"] == "2030-01-02T03:04:05.000Z"
    assert data["amended"][1]["changed_fields"] == ["nationalities"]
    assert not diff_versions(old, old).changed


@pytest.mark.shared_data
def test_diff_real_un_versions(shared_lists: Path) -> None:
    names = [
        "un_consolidated_2020-03-20.xml",
        "un_consolidated_2024-09-26.xml",
        "un_consolidated_2025-04-19.xml",
        "un_consolidated_2026-02-27.xml",
    ]
    versions = [load_list(shared_lists / n) for n in names]
    assert [len(v.entities) for v in versions] == [1014, 875, 877, 1003]
    counts = []
    for old, new in itertools.pairwise(versions):
        delta = diff_versions(old, new)
        assert len(old.entities) - len(delta.removed) + len(delta.added) == len(new.entities)
        assert len(delta.amended) + delta.unchanged + len(delta.added) == len(new.entities)
        counts.append((len(delta.added), len(delta.removed), len(delta.amended)))
    assert counts == [(46, 185, 673), (4, 2, 158), (130, 4, 16)]
    last = diff_versions(versions[2], versions[3])
    assert {"HTe.001", "HTe.002"} <= {e.reference for e in last.added}
