"""Hostile input: entity bombs, external entities, broken and mis-encoded files, huge fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from openfiu.errors import ListFormatError
from openfiu.lists import load_list
from openfiu.lists._common import MAX_NAME_CHARS

UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _un_record(ref: str, first: str) -> str:
    return (
        f"<INDIVIDUAL><FIRST_NAME>{first}</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER></INDIVIDUAL>\n"
    )


def _un_list(*records: str) -> str:
    return (
        UN_HEAD
        + '<CONSOLIDATED_LIST dateGenerated="2030-01-01T00:00:00Z"><INDIVIDUALS>\n'
        + "".join(records)
        + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    )


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    )
    bomb = (
        UN_HEAD
        + f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY l0 "lol">{entities}]>'
        + '<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS>'
        + _un_record("QDi.1", "&l9;")
        + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"bomb\.xml: XML document type declarations"):
        load_list(path)


def test_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-4711", encoding="utf-8")
    xxe = (
        UN_HEAD
        + f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file://{secret}">]>'
        + '<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS>'
        + _un_record("QDi.1", "&x;")
        + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    path = tmp_path / "xxe.xml"
    path.write_text(xxe, encoding="utf-8")
    with pytest.raises(ListFormatError) as info:
        load_list(path, format="un-sc")
    assert "TOP-SECRET" not in str(info.value)
    # even a parser that skipped our DOCTYPE refusal must not expand it: check lxml settings
    from lxml import etree

    from openfiu.lists import _xml

    events = []
    original = _xml._refuse_doctype
    try:
        _xml._refuse_doctype = lambda path, root: None  # type: ignore[assignment]
        for element in _xml.iter_records(path, {"INDIVIDUAL"}):
            events.append(etree.tostring(element, encoding="unicode"))
    finally:
        _xml._refuse_doctype = original
    assert events and all("TOP-SECRET" not in e for e in events)


def test_truncated_xml_names_file_and_line(tmp_path: Path) -> None:
    text = _un_list(_un_record("QDi.1", "JUMAKHON"), _un_record("QDi.2", "GULNORA"))
    path = tmp_path / "cut.xml"
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"cut.xml:\d+: not well-formed XML"):
        load_list(path)


def test_latin1_declared_as_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes(_un_list(_un_record("QDi.1", "JOSÉ")).encode("latin-1"))
    with pytest.raises(ListFormatError, match=r"latin1.xml:3: .*(encoding|UTF-8)"):
        load_list(path)


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    path.write_bytes(_un_list(_un_record("QDi.1", "ҶУМЪАХОН")).encode("utf-16"))
    version = load_list(path)
    assert version.entities[0].primary_name == "ҶУМЪАХОН"


def test_cp1251_csv_is_refused_or_decoded_on_request(tmp_path: Path) -> None:
    path = tmp_path / "cyr.csv"
    path.write_bytes("reference,name\nT-1,Джумахон Тестов\n".encode("cp1251"))
    with pytest.raises(ListFormatError, match=r"cyr.csv:2: bytes not valid utf-8"):
        load_list(path)
    version = load_list(path, encoding="cp1251")
    assert version.entities[0].primary_name == "Джумахон Тестов"


def test_utf8_bom_csv(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("reference,name\nT-1,Jumakhon Testov\n".encode("utf-8-sig"))
    assert load_list(path).entities[0].reference == "T-1"


def test_json_where_xml_expected(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text('{"id": "x", "schema": "Person"}', encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"list.xml:1: not well-formed"):
        load_list(path, format="un-sc")


def test_png_bytes(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(ListFormatError, match="PNG"):
        load_list(path)
    with pytest.raises(ListFormatError, match=r"list\.xml"):
        load_list(path, format="un-sc")


def test_huge_name_field_skips_only_that_record(tmp_path: Path) -> None:
    huge = "A" * (9 * 1024 * 1024)  # 9 MiB, under libxml2's 10 MB text-node limit
    text = _un_list(
        _un_record("QDi.1", "JUMAKHON"),
        _un_record("QDi.2", huge),
        _un_record("QDi.3", "GULNORA"),
    )
    path = tmp_path / "huge.xml"
    path.write_text(text, encoding="utf-8")
    version = load_list(path)
    assert [e.reference for e in version.entities] == ["QDi.1", "QDi.3"]
    problems = [(i.record, i.problem) for i in version.issues]
    assert any(r == "QDi.2" and f"limit {MAX_NAME_CHARS}" in p for r, p in problems)
    assert any(r == "QDi.2" and "record skipped" in p for r, p in problems)


def test_text_node_over_libxml_limit_refuses_file(tmp_path: Path) -> None:
    text = _un_list(_un_record("QDi.1", "B" * 10_500_000))
    path = tmp_path / "toolong.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"toolong\.xml"):
        load_list(path)


def test_one_bad_record_among_good_ones(tmp_path: Path) -> None:
    good = [_un_record(f"QDi.{i}", f"PERSON {i}") for i in range(1, 51)]
    bad = (
        "<INDIVIDUAL><FIRST_NAME>BROKEN</FIRST_NAME><REFERENCE_NUMBER/>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1971-02-31</DATE>"
        "</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
    )
    path = tmp_path / "mixed.xml"
    path.write_text(_un_list(*good[:25], bad, *good[25:]), encoding="utf-8")
    version = load_list(path)
    assert len(version.entities) == 50
    assert len(version.issues) == 1 and version.issues[0].line == 28


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_text(_un_list(_un_record("QDi.1", "JUMAKHON")), encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"big.xml: file is \d+ bytes, over the 100-byte cap"):
        load_list(path, max_bytes=100)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="not found"):
        load_list(tmp_path / "nope.xml")
