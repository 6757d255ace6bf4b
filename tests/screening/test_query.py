import datetime as dt

import pytest

from openfiu.errors import QueryError
from openfiu.screening.query import normalize_identifier, parse_birth_date, parse_query


def test_parse_query_normalises_fields() -> None:
    q = parse_query(
        {
            "name": "  Jumakhon Halimov ",
            "birth_date": "1971",
            "nationality": "Tajikistan",
            "gender": "M",
            "kind": "individual",
            "id_number": "ab 123-456",
            "id": "C-1",
        }
    )
    assert q.name == "Jumakhon Halimov"
    assert q.birth_dates[0].year_from == 1971 and q.birth_dates[0].date is None
    assert q.nationality == "TJ"
    assert q.gender == "male"
    assert q.kind == "person"
    assert q.identifiers[0].number == "AB123456"
    assert q.record_id == "C-1"


@pytest.mark.parametrize(
    ("text", "low", "high", "exact"),
    [
        ("1971-05-02", 1971, 1971, dt.date(1971, 5, 2)),
        ("02.05.1971", 1971, 1971, dt.date(1971, 5, 2)),
        ("1970..1975", 1970, 1975, None),
        ("1970-1975", 1970, 1975, None),
        ("circa 1968", 1968, 1968, None),
    ],
)
def test_birth_date_forms(text: str, low: int, high: int, exact: dt.date | None) -> None:
    b = parse_birth_date(text)
    assert (b.year_from, b.year_to, b.date) == (low, high, exact)
    assert b.approximate == text.startswith("circa")


@pytest.mark.parametrize("bad", ["1971-02-31", "3020", "1975..1970", "yesterday", "1700-01-01"])
def test_impossible_dates_are_refused(bad: str) -> None:
    with pytest.raises(QueryError, match="birth_date"):
        parse_birth_date(bad)


def test_query_without_name_or_identifier_is_refused() -> None:
    with pytest.raises(QueryError, match="no name"):
        parse_query({"name": "   ", "birth_date": "1971"})
    assert parse_query({"passport": "X1234567"}).identifiers[0].number == "X1234567"


def test_huge_name_is_refused_with_its_size() -> None:
    with pytest.raises(QueryError, match="10,000,000 characters"):
        parse_query({"name": "a" * 10_000_000})


def test_bad_kind_and_gender_are_named() -> None:
    with pytest.raises(QueryError, match="kind 'spaceship'"):
        parse_query({"name": "x", "kind": "spaceship"})
    with pytest.raises(QueryError, match="gender"):
        parse_query({"name": "x", "gender": "q"})


def test_nan_fields_from_dataframes_are_empty() -> None:
    q = parse_query({"name": "Ann Example", "birth_date": float("nan"), "nationality": None})
    assert q.birth_dates == () and q.nationality is None


def test_identifier_normalisation() -> None:
    assert normalize_identifier(" 12-ab 34 ") == "12AB34"
