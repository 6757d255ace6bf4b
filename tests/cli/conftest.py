"""Fixtures for CLI tests: small fictitious lists in UN XML format, an isolated home folder.

Every person and organisation here is invented for the tests; no name belongs to a
listed party.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner


@dataclass(frozen=True)
class FakePerson:
    reference: str
    first: str
    second: str
    birth: str = ""
    nationality: str = ""
    gender: str = "Male"
    aliases: Sequence[tuple[str, str]] = field(default_factory=tuple)
    original_script: str = ""
    passport: str = ""
    list_type: str = "Al-Qaida"


PEOPLE = (
    FakePerson(
        "TSi.001",
        "QODIR",
        "ZARKOVZODA",
        "1975-03-14",
        "Tajikistan",
        aliases=(("Кодир Заркович", "Good"), ("Kodir Zarkov", "Low")),
        original_script="Қодир Заркӯвзода",
        passport="TJ7744110",
    ),
    FakePerson("TSi.002", "BELMIRO", "OSTRAKAN", "1968-11-02", "Afghanistan"),
    FakePerson(
        "TSi.003", "VELINA", "MORDASHEVA", "1981-07-23", "Russian Federation", gender="Female"
    ),
)

ENTITIES = (("TSe.001", "GLAVKOR TRADING CIRCLE"),)


def person_xml(p: FakePerson, dataid: int) -> str:
    aliases = "".join(
        f"<INDIVIDUAL_ALIAS><QUALITY>{q}</QUALITY><ALIAS_NAME>{escape(a)}</ALIAS_NAME></INDIVIDUAL_ALIAS>"
        for a, q in p.aliases
    )
    document = (
        f"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>{p.passport}</NUMBER>"
        f"<ISSUING_COUNTRY>{p.nationality}</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>"
        if p.passport
        else "<INDIVIDUAL_DOCUMENT/>"
    )
    birth = (
        f"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>{p.birth}</DATE>"
        "</INDIVIDUAL_DATE_OF_BIRTH>"
        if p.birth
        else ""
    )
    script = (
        f"<NAME_ORIGINAL_SCRIPT>{escape(p.original_script)}</NAME_ORIGINAL_SCRIPT>"
        if p.original_script
        else ""
    )
    return (
        f"<INDIVIDUAL><DATAID>{dataid}</DATAID><VERSIONNUM>1</VERSIONNUM>"
        f"<FIRST_NAME>{p.first}</FIRST_NAME><SECOND_NAME>{p.second}</SECOND_NAME>"
        f"<UN_LIST_TYPE>{p.list_type}</UN_LIST_TYPE><REFERENCE_NUMBER>{p.reference}</REFERENCE_NUMBER>"
        f"<LISTED_ON>2020-01-15</LISTED_ON>{script}<GENDER>{p.gender}</GENDER>"
        f"<NATIONALITY><VALUE>{p.nationality}</VALUE></NATIONALITY>"
        f"<LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>{aliases}{birth}{document}</INDIVIDUAL>"
    )


def write_un_xml(
    path: Path,
    people: Sequence[FakePerson] = PEOPLE,
    entities: Sequence[tuple[str, str]] = ENTITIES,
    generated: str = "2030-01-01T00:00:00.000Z",
) -> Path:
    """Write a small list in the UN Consolidated List XML layout."""
    body = "".join(person_xml(p, 100 + i) for i, p in enumerate(people))
    orgs = "".join(
        f"<ENTITY><DATAID>{i + 900}</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>{name}</FIRST_NAME>"
        f"<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>"
        f"<LISTED_ON>2021-02-01</LISTED_ON><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE></ENTITY>"
        for i, (ref, name) in enumerate(entities)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<CONSOLIDATED_LIST dateGenerated="{generated}"><INDIVIDUALS>{body}</INDIVIDUALS>'
        f"<ENTITIES>{orgs}</ENTITIES></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every CLI test gets its own OPENFIU_HOME; the user's ~/.openfiu is never touched."""
    home = tmp_path / "openfiu-home"
    monkeypatch.setenv("OPENFIU_HOME", str(home))
    for name in ("OPENFIU_LISTS_DIR", "OPENFIU_THRESHOLD", "OPENFIU_MAX_LIST_BYTES"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def un_list(tmp_path: Path) -> Path:
    return write_un_xml(tmp_path / "un_v1.xml")
