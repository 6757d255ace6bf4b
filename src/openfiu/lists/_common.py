"""Helpers shared by the list readers: text cleaning, countries, dates, identifiers, issues.

Every reader collects problems with single records in an :class:`IssueLog` and skips the
field or record; nothing is dropped silently.

Example::

    >>> log = IssueLog("list.xml")
    >>> clean_name("  Example   Trading  LLC ", log, "R1")
    'Example Trading LLC'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from openfiu.countries import country_code as _country_code
from openfiu.errors import ListFormatError
from openfiu.model import BirthDate, Entity, RecordIssue

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
"""Default size cap for a list file (500 MiB)."""

MAX_NAME_CHARS = 1_000
"""A name longer than this is not a name: the field is dropped with a RecordIssue."""

MAX_FIELD_CHARS = 20_000
"""Cap for any other text field (comments, addresses …)."""

MIN_BIRTH_YEAR = 1850

T = TypeVar("T")

_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class ParsedList:
    """What a format reader returns: entities, issues and the version label the file states."""

    entities: list[Entity]
    issues: list[RecordIssue]
    version: str | None
    source: str


@dataclass(slots=True)
class IssueLog:
    """Collects :class:`RecordIssue` objects for one file."""

    source_file: str
    issues: list[RecordIssue] = field(default_factory=list)

    def add(self, record: str, problem: str, line: int | None = None) -> None:
        self.issues.append(RecordIssue(self.source_file, record, problem, line))


def check_size(path: Path, max_bytes: int) -> int:
    """Raise ListFormatError when ``path`` is missing, empty or larger than ``max_bytes``.

    >>> check_size(Path("/nonexistent.xml"), 10)
    Traceback (most recent call last):
    openfiu.errors.ListFormatError: /nonexistent.xml: file not found
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ListFormatError(f"{path}: file not found") from None
    if size == 0:
        raise ListFormatError(f"{path}: file is empty")
    if size > max_bytes:
        raise ListFormatError(
            f"{path}: file is {size:,} bytes, over the {max_bytes:,}-byte cap "
            "(raise max_bytes if this list is genuinely that large)"
        )
    return size


def clean_text(value: str | None) -> str:
    """Collapse runs of whitespace (including newlines inside XML values) and strip.

    >>> clean_text(" National Identification\\n   Number ")
    'National Identification Number'
    """
    if not value:
        return ""
    return _SPACES.sub(" ", value).strip()


def clean_field(value: str | None, log: IssueLog, record: str, what: str) -> str:
    """Clean a free-text field; drop it with an issue when it exceeds MAX_FIELD_CHARS."""
    text = clean_text(value)
    if len(text) > MAX_FIELD_CHARS:
        log.add(record, f"{what} is {len(text):,} characters long; field dropped")
        return ""
    return text


def clean_name(value: str | None, log: IssueLog, record: str) -> str:
    """Clean a name; an over-long name is dropped (returns "") with an issue."""
    text = clean_text(value)
    if len(text) > MAX_NAME_CHARS:
        log.add(record, f"name of {len(text):,} characters dropped (limit {MAX_NAME_CHARS})")
        return ""
    return text


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """:func:`openfiu.countries.country_code` of the cleaned text."""
    return _country_code(clean_text(value))


def check_year(year: int, today: dt.date | None = None) -> str | None:
    """Return a problem description when ``year`` cannot be a birth year, else None."""
    this_year = (today or dt.date.today()).year
    if year < MIN_BIRTH_YEAR or year > this_year:
        return f"impossible birth year {year}"
    return None


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{4})$")
_RANGE = re.compile(r"^(\d{4}) ?(?:to|-|–|\.\.) ?(\d{4})$")


def parse_birth_date(text: str) -> BirthDate:
    """Parse the birth-date spellings of our sources into a :class:`BirthDate`.

    Accepts ``1970``, ``1970-05``, ``1970-05-01``, ``01 Jan 1970``, ``Jan 1970``,
    ``circa 1970`` / ``approximately 1970``, ``1970 to 1975``, ``1970..1975``.
    Raises ValueError with the reason on anything else, on impossible dates
    (1971-02-31) and on years outside 1850..this year.

    >>> parse_birth_date("circa 1970").describe()
    'about 1970'
    >>> parse_birth_date("01 Feb 1971").describe()
    '1971-02-01'
    >>> parse_birth_date("1970 to 1975").describe()
    '1970–1975'
    """
    raw = clean_text(text)
    value = raw
    approximate = False
    lowered = value.lower()
    for prefix in ("circa ", "approximately ", "approx. ", "about ", "ca. ", "~"):
        if lowered.startswith(prefix):
            approximate = True
            value = value[len(prefix) :].strip()
            break
    result = _parse_plain_date(value, raw)
    for year in {result.year_from, result.year_to}:
        problem = check_year(year)
        if problem:
            raise ValueError(f"{problem} in {raw!r}")
    if approximate:
        return BirthDate(result.year_from, result.year_to, result.date, True, result.text)
    return result


def _parse_plain_date(value: str, raw: str) -> BirthDate:
    try:
        if m := _ISO.match(value):
            year = int(m.group(1))
            if m.group(3):
                return BirthDate.exact(dt.date(year, int(m.group(2)), int(m.group(3))))
            if m.group(2):
                dt.date(year, int(m.group(2)), 1)  # validates the month
                return BirthDate(year, year, text=value)
            return BirthDate.year(year)
        if m := _DMY.match(value):
            month = _MONTHS.get(m.group(2).lower())
            if month is not None:
                return BirthDate.exact(dt.date(int(m.group(3)), month, int(m.group(1))))
        if (m := _MY.match(value)) and m.group(1).lower() in _MONTHS:
            year = int(m.group(2))
            return BirthDate(year, year, text=value)
        if m := _RANGE.match(value):
            low, high = int(m.group(1)), int(m.group(2))
            if low > high:
                raise ValueError(f"range {raw!r} runs backwards")
            return BirthDate(low, high)
        if " to " in value:
            start, end = (_parse_plain_date(v.strip(), raw) for v in value.split(" to ", 1))
            if start.year_from > end.year_to:
                raise ValueError(f"range {raw!r} runs backwards")
            if start == end:
                return start
            return BirthDate(start.year_from, end.year_to, text=value)
    except ValueError as exc:
        raise ValueError(f"impossible date {raw!r} ({exc})") from None
    raise ValueError(f"unrecognised date {raw!r}")


def parse_iso_date(text: str | None) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (a time or zone suffix is ignored); None for empty input.

    >>> parse_iso_date("2012-12-31")
    datetime.date(2012, 12, 31)
    """
    value = clean_text(text)
    if not value:
        return None
    return dt.date.fromisoformat(value[:10])


_ID_TYPES: tuple[tuple[str, str], ...] = (
    ("digital currency", "crypto"),
    ("passport", "passport"),
    ("pasaporte", "passport"),
    ("national id", "national_id"),
    ("national identi", "national_id"),
    ("identity card", "national_id"),
    ("identification card", "national_id"),
    ("identification number", "national_id"),
    ("personal identification", "national_id"),
    ("civil identification", "national_id"),
    ("cedula", "national_id"),
    ("d.n.i", "national_id"),
    ("tazkira", "national_id"),
    ("citizen's card", "national_id"),
    ("inn", "inn"),
    ("tax id", "tax_id"),
    ("v.a.t.", "tax_id"),
    ("nit #", "tax_id"),
    ("ruc #", "tax_id"),
    ("imo", "imo"),
    ("mmsi", "mmsi"),
    ("swift", "swift"),
    ("isin", "isin"),
    ("registration", "registration"),
    ("company number", "registration"),
    ("c.r. no", "registration"),
    ("legal entity number", "registration"),
    ("unified social credit", "registration"),
    ("email", "email"),
    ("website", "website"),
)


def identifier_type(label: str) -> str:
    """Normalise a document-type label into our identifier vocabulary.

    >>> identifier_type("Numéro de passeport"), identifier_type("National Identification Number")
    ('passport', 'national_id')
    >>> identifier_type("Ration card no.")
    'other'
    """
    text = clean_text(label).lower().replace("é", "e")
    if "passeport" in text:
        return "passport"
    if text == "inn" or text.startswith("inn "):
        return "inn"
    for needle, kind in _ID_TYPES:
        if needle != "inn" and needle in text:
            return kind
    return "other"


def dedupe(items: list[T]) -> list[T]:
    """Keep the first occurrence of each item, preserving order.

    >>> dedupe(["a", "b", "a"])
    ['a', 'b']
    """
    seen: set[T] = set()
    out: list[T] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_text(path: Path, max_bytes: int, encoding: str | None = None) -> str:
    """Read a text list file: BOM-aware, strict UTF-8 unless ``encoding`` is given.

    Bytes that are not valid in the encoding raise ListFormatError naming the file, line
    and byte offset: a cp1251 or Latin-1 file is never decoded into garbage silently.
    A trailing DOS end-of-file mark (Ctrl-Z, as in OFAC's legacy CSV) is removed.
    """
    check_size(path, max_bytes)
    data = path.read_bytes()
    chosen = encoding
    if chosen is None:
        chosen = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(
            f"{path}:{line}: bytes not valid {chosen} at offset {exc.start} "
            f"({data[exc.start : exc.start + 4]!r}); save the file as UTF-8 or pass "
            "encoding=… (e.g. 'cp1251') explicitly"
        ) from None
    except LookupError:
        raise ListFormatError(f"{path}: unknown encoding {chosen!r}") from None
    if "\x00" in text:
        raise ListFormatError(f"{path}: contains NUL characters; not a text list file")
    return text.rstrip("\x1a")
