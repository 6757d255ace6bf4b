"""Evidence besides the name: dates of birth, nationality, gender and identifiers.

The scorer is a table of small pure functions (:data:`FEATURES`), each taking the query and
the list entity and returning an adjustment to the name score with a sentence that says why.
Read the table to read the algorithm::

    for feature in FEATURES:
        result = feature.func(query, entity)
        if result is not None:
            print(feature.name, result.delta, result.detail)

Weights are chosen so that a name alone decides whether an alert is raised, and the other
evidence moves a borderline name over or under the threshold: an exact date of birth adds a
little, a clearly different one takes away enough to drop a mediocre name match, a one-year
difference is weak evidence (list dates are often approximate), and an identical passport or
wallet number is strong evidence on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openfiu.model import BirthDate, Entity
from openfiu.screening.query import Query, normalize_identifier


@dataclass(frozen=True, slots=True)
class Evidence:
    delta: float
    detail: str
    identifier_match: bool = False


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    func: Callable[[Query, Entity], Evidence | None]
    description: str


DOB_EXACT = 0.06
DOB_SAME_YEAR = 0.04
DOB_IN_RANGE = 0.02
DOB_ONE_YEAR_OFF = -0.03
DOB_DIFFERENT = -0.18
NATIONALITY_SAME = 0.03
NATIONALITY_DIFFERENT = -0.06
GENDER_DIFFERENT = -0.12
IDENTIFIER_SAME = 0.30
IDENTIFIER_FLOOR = 0.95
"""An exact identifier match lifts the total to at least this score."""


def _year_gap(q: BirthDate, e: BirthDate) -> int:
    slack = 2 if (q.approximate or e.approximate) else 0
    low, high = e.year_from - slack, e.year_to + slack
    if q.year_to < low:
        return low - q.year_to
    if q.year_from > high:
        return q.year_from - high
    return 0


def _dob_pair(q: BirthDate, e: BirthDate) -> Evidence:
    listed = e.describe()
    if q.date is not None and e.date is not None:
        if q.date == e.date:
            return Evidence(DOB_EXACT, f"date of birth {q.describe()} is the listed {listed}")
        if q.date.year == e.date.year:
            return Evidence(DOB_IN_RANGE, f"born {q.describe()}, the list says {listed}: same year")
    gap = _year_gap(q, e)
    if gap == 0:
        if e.year_from == e.year_to and q.year_from == q.year_to and not e.approximate:
            return Evidence(
                DOB_SAME_YEAR, f"birth year {q.describe()} agrees with the listed {listed}"
            )
        return Evidence(DOB_IN_RANGE, f"birth date {q.describe()} falls within the listed {listed}")
    if gap == 1:
        return Evidence(
            DOB_ONE_YEAR_OFF, f"birth date {q.describe()} is one year from the listed {listed}"
        )
    return Evidence(
        DOB_DIFFERENT, f"birth date {q.describe()} differs from the listed {listed} by {gap} years"
    )


def birth_date(query: Query, entity: Entity) -> Evidence | None:
    """The best agreement between any query date and any listed date."""
    if not query.birth_dates or not entity.birth_dates:
        return None
    best: Evidence | None = None
    for q in query.birth_dates:
        for e in entity.birth_dates:
            ev = _dob_pair(q, e)
            if best is None or ev.delta > best.delta:
                best = ev
    return best


def nationality(query: Query, entity: Entity) -> Evidence | None:
    if not query.nationality or not entity.nationalities:
        return None
    if query.nationality in entity.nationalities:
        return Evidence(NATIONALITY_SAME, f"nationality {query.nationality} is listed")
    listed = ", ".join(entity.nationalities[:3])
    return Evidence(
        NATIONALITY_DIFFERENT, f"nationality {query.nationality} is not the listed {listed}"
    )


def gender(query: Query, entity: Entity) -> Evidence | None:
    if not query.gender or not entity.gender or query.gender == entity.gender:
        return None
    return Evidence(
        GENDER_DIFFERENT, f"gender {query.gender} differs from the listed {entity.gender}"
    )


def identifier(query: Query, entity: Entity) -> Evidence | None:
    if not query.identifiers or not entity.identifiers:
        return None
    listed = {normalize_identifier(i.number): i for i in entity.identifiers}
    for q in query.identifiers:
        hit = listed.get(q.number)
        if hit is not None:
            what = "wallet address" if hit.type == "crypto" else (hit.type or "identifier")
            where = f" ({hit.country})" if hit.country else ""
            return Evidence(
                IDENTIFIER_SAME, f"{what} {hit.number}{where} is identical", identifier_match=True
            )
    return None


FEATURES: tuple[Feature, ...] = (
    Feature("birth_date", birth_date, "dates of birth: exact, year, approximate, ranges"),
    Feature("nationality", nationality, "nationality against the listed nationalities"),
    Feature("gender", gender, "a different gender is evidence against"),
    Feature("identifier", identifier, "identical passport, ID or wallet number"),
)
