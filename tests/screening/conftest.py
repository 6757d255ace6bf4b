"""Synthetic list entries (invented persons and companies) for screening tests."""

import datetime as dt
from pathlib import Path

import pytest

from openfiu.model import BirthDate, Entity, Identifier, Name
from openfiu.screening import Screener

REPO = Path(__file__).resolve().parents[2]
SHARED_LISTS = REPO.parent / "shared" / "data" / "lists"


def person(ref: str, *names: str, **kw: object) -> Entity:
    qualities = ["primary", *(["good"] * (len(names) - 1))]
    return Entity(
        id=f"test:{ref}",
        reference=ref,
        source="test",
        kind="person",
        names=[Name(n, quality=q) for n, q in zip(names, qualities, strict=True)],  # type: ignore[arg-type]
        list_type="TEST",
        **kw,  # type: ignore[arg-type]
    )


def synthetic_entities() -> list[Entity]:
    return [
        person(
            "T.001",
            "JUMAKHON KHALIMOV",
            "Джумахон Халимов",
            birth_dates=[BirthDate.year(1971)],
            nationalities=["TJ"],
            gender="male",
        ),
        person(
            "T.002",
            "ABDUL RAHMAN YUSUFZAI",
            birth_dates=[BirthDate.exact(dt.date(1968, 3, 4))],
            nationalities=["AF"],
            identifiers=[Identifier("passport", "OA1234567", "AF")],
        ),
        person("T.003", "SIRAJUDDIN QODIRZODA", "سراج الدين قادرزاده", nationalities=["TJ"]),
        person("T.004", "IVAN PETROVICH SIDORENKO", birth_dates=[BirthDate(1960, 1965)]),
        person("T.005", "FATIMA KARIMOVA", gender="female"),
        Entity(
            id="test:T.006",
            reference="T.006",
            source="test",
            kind="organization",
            names=[
                Name("Example Silk Road Trading LLC"),
                Name("ООО Пример Шёлковый Путь", quality="good"),
            ],
            list_type="TEST",
        ),
        Entity(
            id="test:T.007",
            reference="T.007",
            source="test",
            kind="wallet",
            names=[],
            identifiers=[Identifier("crypto", "bc1qexampleaddress0000000000000000", note="XBT")],
        ),
    ]


@pytest.fixture(scope="session")
def screener() -> Screener:
    return Screener.from_entities(synthetic_entities())
