"""Screening queries: what a caller asks about one customer, payment party or traveller.

A query arrives as a plain mapping (from Python, a CSV row, a JSON line or the API) and is
checked and normalised here once, so the scorer works on clean values only::

    q = parse_query({"name": "Jumakhon Halimov", "birth_date": "1971", "nationality": "Tajikistan"})
    q.birth_dates[0].year_from, q.nationality      # 1971, "TJ"
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openfiu.countries import country_code
from openfiu.errors import QueryError
from openfiu.model import ENTITY_KINDS, BirthDate, EntityKind

MAX_NAME_CHARS = 1_000
"""Longer names are refused: no real name is longer, and the scorer's cost grows with it."""

MIN_YEAR, MAX_FUTURE_YEARS = 1850, 0

_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:\.\.|–|-|to)\s*(\d{4})\s*$")
_KIND_BY_NAME: dict[str, EntityKind] = {k: k for k in ENTITY_KINDS}
_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}
_KIND_ALIASES: dict[str, EntityKind] = {
    "individual": "person",
    "company": "organization",
    "entity": "organization",
    "legalentity": "organization",
    "org": "organization",
    "cryptowallet": "wallet",
}


@dataclass(frozen=True, slots=True)
class QueryIdentifier:
    number: str
    """Upper-case letters and digits only: 'AB 123-456' and 'ab123456' are the same."""
    type: str | None = None
    country: str | None = None
    raw: str = ""


@dataclass(frozen=True, slots=True)
class Query:
    """A checked screening query. Build it with :func:`parse_query`."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind | None = None
    birth_dates: tuple[BirthDate, ...] = ()
    nationality: str | None = None
    gender: str | None = None
    identifiers: tuple[QueryIdentifier, ...] = ()
    record_id: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases) if self.name else self.aliases


def normalize_identifier(value: str) -> str:
    """'AB 123-456' → 'AB123456'. Crypto addresses keep their case-insensitive form."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


def parse_birth_date(value: Any) -> BirthDate:
    """Read '1971', 1971, '1971-05-02', '02.05.1971', '1970..1975', '1970-1975' or a date.

    Raises :class:`QueryError` for impossible dates (1971-02-31, year 3020).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _check_year(value.year, value)
        return BirthDate.exact(value)
    if isinstance(value, int) and not isinstance(value, bool):
        _check_year(value, value)
        return BirthDate.year(value)
    if not isinstance(value, str):
        raise QueryError(f"birth_date {value!r} is not a date, a year or a text")
    text = value.strip()
    if not text:
        raise QueryError("birth_date is empty")
    approximate = False
    lowered = text.lower()
    for prefix in ("circa ", "ca. ", "about ", "approx. ", "approximately "):
        if lowered.startswith(prefix):
            approximate, text = True, text[len(prefix) :].strip()
            break
    if m := _YEAR_RANGE.match(text):
        low, high = int(m.group(1)), int(m.group(2))
        _check_year(low, value)
        _check_year(high, value)
        if low > high:
            raise QueryError(f"birth_date {value!r}: range starts after it ends")
        return BirthDate(year_from=low, year_to=high, approximate=approximate)
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        _check_year(year, value)
        return BirthDate.year(year, approximate)
    parsed = _parse_day(text)
    if parsed is None:
        raise QueryError(f"birth_date {value!r} is not a date (use 1971, 1971-05-02 or 1970..1975)")
    _check_year(parsed.year, value)
    return BirthDate(
        year_from=parsed.year, year_to=parsed.year, date=parsed, approximate=approximate
    )


def _parse_day(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text) or None
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    else:
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
        if not m:
            return None
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(year, month, day or 1) if day else dt.date(year, month, 1)
    except ValueError as exc:
        raise QueryError(f"birth_date {text!r} is impossible: {exc}") from None


def _check_year(year: int, original: object) -> None:
    if not MIN_YEAR <= year <= dt.date.today().year:
        raise QueryError(f"birth_date {original!r}: year {year} is impossible")


def _parse_identifiers(value: Any) -> tuple[QueryIdentifier, ...]:
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    out: list[QueryIdentifier] = []
    for item in items:
        if isinstance(item, Mapping):
            raw = str(item.get("number") or item.get("value") or "")
            kind = item.get("type")
            country = item.get("country")
            number = normalize_identifier(raw)
            if number:
                out.append(
                    QueryIdentifier(
                        number,
                        str(kind) if kind else None,
                        country_code(str(country)) if country else None,
                        raw,
                    )
                )
        else:
            raw = str(item).strip()
            number = normalize_identifier(raw)
            if number:
                out.append(QueryIdentifier(number, raw=raw))
    return tuple(out)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from a dataframe
        return ""
    return str(value).strip()


def parse_query(raw: Mapping[str, Any] | Query) -> Query:
    """Check and normalise one query mapping. Raises :class:`QueryError` naming the problem.

    Accepted keys: ``name`` (or ``full_name``), ``aliases``, ``kind``/``schema``,
    ``birth_date``/``dob``, ``nationality``/``country``, ``gender``, ``identifiers``/
    ``id_number``/``passport``, ``id``/``customer_id``/``record_id``.
    """
    if isinstance(raw, Query):
        return raw
    if not isinstance(raw, Mapping):
        raise QueryError(f"a query must be a mapping of fields, not {type(raw).__name__}")
    name = _text(raw.get("name", raw.get("full_name")))
    if len(name) > MAX_NAME_CHARS:
        raise QueryError(f"name is {len(name):,} characters long; at most {MAX_NAME_CHARS} allowed")
    aliases_raw = raw.get("aliases") or ()
    if isinstance(aliases_raw, str):
        aliases_raw = [a for a in aliases_raw.split(";")]
    aliases = tuple(a for a in (_text(x)[:MAX_NAME_CHARS] for x in aliases_raw) if a)
    kind_text = _text(raw.get("kind", raw.get("schema"))).lower().replace("_", "")
    kind: EntityKind | None = None
    if kind_text and kind_text not in ("any", "none"):
        if kind_text in ENTITY_KINDS:
            kind = _KIND_BY_NAME[kind_text]
        elif kind_text in _KIND_ALIASES:
            kind = _KIND_ALIASES[kind_text]
        else:
            raise QueryError(f"kind {kind_text!r} is not one of {', '.join(ENTITY_KINDS)}")
    dob_raw = raw.get("birth_date", raw.get("dob"))
    births: tuple[BirthDate, ...] = ()
    if isinstance(dob_raw, list | tuple):
        births = tuple(parse_birth_date(v) for v in dob_raw if _text(v))
    elif _text(dob_raw):
        births = (parse_birth_date(dob_raw),)
    nat_text = _text(raw.get("nationality", raw.get("country")))
    nationality = country_code(nat_text) if nat_text else None
    gender_text = _text(raw.get("gender")).lower()
    gender = _GENDERS.get(gender_text) if gender_text else None
    if gender_text and gender is None:
        raise QueryError(f"gender {gender_text!r} is not male/female (m/f)")
    identifiers = _parse_identifiers(raw.get("identifiers"))
    for key in ("id_number", "passport", "passport_number", "national_id", "crypto_address"):
        identifiers += _parse_identifiers(raw.get(key))
    record = raw.get("id", raw.get("customer_id", raw.get("record_id")))
    if not name and not aliases and not identifiers:
        raise QueryError("the query has no name and no identifier to screen")
    return Query(
        name=name,
        aliases=aliases,
        kind=kind,
        birth_dates=births,
        nationality=nationality,
        gender=gender,
        identifiers=identifiers,
        record_id=_text(record) or None,
    )
