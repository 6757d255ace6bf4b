import datetime as dt

from openfiu.model import BirthDate, Entity, Identifier, Name
from openfiu.screening import features
from openfiu.screening.query import parse_query


def _entity(**kw: object) -> Entity:
    base: dict[str, object] = {
        "id": "t:1",
        "reference": "T.1",
        "source": "t",
        "kind": "person",
        "names": [Name("Testa Examplova")],
    }
    base.update(kw)
    return Entity(**base)  # type: ignore[arg-type]


def test_exact_date_is_evidence_for_and_far_date_against() -> None:
    e = _entity(birth_dates=[BirthDate.exact(dt.date(1971, 5, 2))])
    same = features.birth_date(parse_query({"name": "x", "birth_date": "1971-05-02"}), e)
    far = features.birth_date(parse_query({"name": "x", "birth_date": "1985"}), e)
    assert same is not None and same.delta == features.DOB_EXACT
    assert far is not None and far.delta == features.DOB_DIFFERENT
    assert "14 years" in far.detail


def test_one_year_off_is_weak_evidence_not_a_veto() -> None:
    e = _entity(birth_dates=[BirthDate.year(1971)])
    ev = features.birth_date(parse_query({"name": "x", "birth_date": "1972"}), e)
    assert ev is not None and features.DOB_DIFFERENT < ev.delta < 0


def test_ranges_and_approximate_dates() -> None:
    between = _entity(birth_dates=[BirthDate(year_from=1960, year_to=1965)])
    ev = features.birth_date(parse_query({"name": "x", "birth_date": "1963"}), between)
    assert ev is not None and ev.delta == features.DOB_IN_RANGE
    approx = _entity(birth_dates=[BirthDate.year(1970, approximate=True)])
    ev = features.birth_date(parse_query({"name": "x", "birth_date": "1972"}), approx)
    assert ev is not None and ev.delta > 0


def test_best_of_several_listed_dates_counts() -> None:
    e = _entity(birth_dates=[BirthDate.year(1950), BirthDate.year(1971)])
    ev = features.birth_date(parse_query({"name": "x", "birth_date": "1971"}), e)
    assert ev is not None and ev.delta == features.DOB_SAME_YEAR


def test_nationality_and_gender() -> None:
    e = _entity(nationalities=["AF", "PK"], gender="male")
    same = features.nationality(parse_query({"name": "x", "nationality": "Pakistan"}), e)
    other = features.nationality(parse_query({"name": "x", "nationality": "FR"}), e)
    assert same is not None and same.delta > 0
    assert other is not None and other.delta < 0
    g = features.gender(parse_query({"name": "x", "gender": "f"}), e)
    assert g is not None and g.delta < 0
    assert features.gender(parse_query({"name": "x", "gender": "m"}), e) is None


def test_identifier_exact_match_is_strong() -> None:
    e = _entity(identifiers=[Identifier("passport", "AB123456", "TJ")])
    ev = features.identifier(parse_query({"name": "x", "passport": "ab-123 456"}), e)
    assert ev is not None and ev.identifier_match and "passport AB123456 (TJ)" in ev.detail
    assert features.identifier(parse_query({"name": "x", "passport": "ZZ999"}), e) is None
