"""A plain CSV list format for lists kept by hand or exported from other systems.

Format (UTF-8, a BOM is accepted; comma-separated with standard CSV quoting; one header
line with these column names, in any order; ``reference`` and ``name`` are required, the
others optional; unknown columns are ignored with a note)::

    reference,kind,name,aliases,birth_date,nationality,gender,identifiers,list_type,listed_on
    TST-1,person,Jumakhon Testov,Dzhumakhon Testov;~J. Testov,1971-05-02,TJ,male,passport:A1234567:TJ;national_id:456,Local list,2024-01-15
    TST-2,organization,Example Trading LLC,Example Trading,,TJ,,registration:0123,Local list,

Columns:

* ``reference`` — the list's own permanent id (unique in the file).
* ``kind`` — ``person``, ``organization``, ``vessel`` or ``wallet`` (default ``person``).
* ``name`` — the primary name.
* ``aliases`` — ``;``-separated; a leading ``~`` marks a weak (low-quality) alias.
* ``birth_date`` — ``;``-separated; each ``1971``, ``1971-05``, ``1971-05-02``,
  ``1970..1975`` (a range of years) or ``~1971`` (approximate).
* ``nationality`` — ``;``-separated ISO 3166-1 alpha-2 codes (country names are accepted).
* ``gender`` — ``male``, ``female`` or empty.
* ``identifiers`` — ``;``-separated ``type:number[:country]``; type one of passport,
  national_id, tax_id, inn, registration, imo, swift, crypto, other… (for crypto the third
  part is the currency, e.g. ``crypto:1ExampleAddr:XBT``).
* ``list_type`` — the regime or list name; ``listed_on`` — ``YYYY-MM-DD``.

A value cannot contain ``;`` (nor ``:`` inside an identifier number). Bad values are
reported as RecordIssues with the line number and dropped; a row without reference or
name is skipped.

Example::

    write_csv(entities, Path("list.csv"))
    parsed = read_csv(Path("list.csv"))
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from openfiu.errors import ListFormatError
from openfiu.lists._common import (
    DEFAULT_MAX_BYTES,
    IssueLog,
    ParsedList,
    clean_name,
    clean_text,
    country_code,
    dedupe,
    parse_birth_date,
    parse_iso_date,
    read_text,
)
from openfiu.model import ENTITY_KINDS, BirthDate, Entity, EntityKind, Identifier, Name

SOURCE = "csv"
COLUMNS = (
    "reference", "kind", "name", "aliases", "birth_date", "nationality",
    "gender", "identifiers", "list_type", "listed_on",
)  # fmt: skip
REQUIRED = ("reference", "name")


def read_csv(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str = SOURCE,
    encoding: str | None = None,
) -> ParsedList:
    """Read a list in the plain CSV format described in this module's docstring.

    >>> read_csv(Path("tests/lists/fixtures/list.csv")).entities[0].reference  # doctest: +SKIP
    'TST-1'
    """
    log = IssueLog(str(path))
    reader = csv.DictReader(io.StringIO(read_text(path, max_bytes, encoding), newline=""))
    header = [clean_text(h).lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(
            f"{path}:1: CSV header lacks required column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}"
        )
    reader.fieldnames = header
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        log.add("-", f"unknown column(s) ignored: {', '.join(unknown)}", 1)
    entities: list[Entity] = []
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num
            values = {k: clean_text(v) if isinstance(v, str) else "" for k, v in row.items() if k}
            entity = _read_row(values, line, log, source)
            if entity is None:
                continue
            if entity.reference in seen:
                log.add(entity.reference, "duplicate reference; later row skipped", line)
                continue
            seen.add(entity.reference)
            entities.append(entity)
    except csv.Error as exc:
        raise ListFormatError(f"{path}:{reader.line_num}: malformed CSV: {exc}") from None
    return ParsedList(entities, log.issues, None, source)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _read_row(row: dict[str, str], line: int, log: IssueLog, source: str) -> Entity | None:
    ref = row.get("reference", "")
    if not ref:
        log.add(f"line {line}", "no reference; row skipped", line)
        return None
    name = clean_name(row.get("name"), log, ref)
    if not name:
        log.add(ref, "no usable name; row skipped", line)
        return None
    kind_text = row.get("kind", "").lower() or "person"
    kind: EntityKind = "person"
    if kind_text in ENTITY_KINDS:
        kind = kind_text
    else:
        log.add(ref, f"unknown kind {kind_text!r}; read as person", line)
    names = [Name(name, quality="primary")]
    for alias in _split(row.get("aliases", "")):
        weak = alias.startswith("~")
        if text := clean_name(alias.lstrip("~"), log, ref):
            names.append(Name(text, quality="low" if weak else "good"))
    entity = Entity(f"{source}:{ref}", ref, source, kind, dedupe(names))
    for value in _split(row.get("birth_date", "")):
        try:
            entity.birth_dates.append(parse_birth_date(value))
        except ValueError as exc:
            log.add(ref, f"birth_date dropped: {exc}", line)
    codes = [country_code(v) for v in _split(row.get("nationality", ""))]
    entity.nationalities = dedupe([c for c in codes if c])
    gender = row.get("gender", "").lower()
    if gender in ("male", "female"):
        entity.gender = gender  # type: ignore[assignment]
    elif gender:
        log.add(ref, f"unknown gender {gender!r}; field dropped", line)
    for value in _split(row.get("identifiers", "")):
        parts = [p.strip() for p in value.split(":")]
        if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 3:
            log.add(ref, f"identifier {value!r} is not type:number[:country]; dropped", line)
            continue
        third = parts[2] if len(parts) == 3 and parts[2] else None
        if parts[0].lower() == "crypto":
            entity.identifiers.append(Identifier("crypto", parts[1], None, third))
        else:
            entity.identifiers.append(
                Identifier(parts[0].lower(), parts[1], country_code(third) if third else None)
            )
    entity.list_type = row.get("list_type") or None
    if entity.list_type:
        entity.programs = [entity.list_type]
    try:
        entity.listed_on = parse_iso_date(row.get("listed_on"))
    except ValueError:
        log.add(ref, f"listed_on {row.get('listed_on')!r} is not YYYY-MM-DD; dropped", line)
    return entity


def format_birth_date(birth: BirthDate) -> str:
    """Write a birth date in this format's notation.

    >>> format_birth_date(BirthDate(1970, 1975)), format_birth_date(BirthDate.year(1971, True))
    ('1970..1975', '~1971')
    """
    if birth.date is not None:
        text = birth.date.isoformat()
    elif birth.text and len(birth.text) == 7 and birth.text[4] == "-":
        text = birth.text
    elif birth.year_from == birth.year_to:
        text = str(birth.year_from)
    else:
        text = f"{birth.year_from}..{birth.year_to}"
    return f"~{text}" if birth.approximate else text


def entity_row(entity: Entity) -> dict[str, str]:
    """One entity as a row of this format (names with ``;`` lose nothing but the ``;``)."""

    def safe(text: str) -> str:
        return text.replace(";", ",")

    aliases = [
        ("~" if n.quality in ("low", "weak") else "") + safe(n.full)
        for n in entity.names
        if n.full != entity.primary_name
    ]
    idents = []
    for i in entity.identifiers:
        third = i.note if i.type == "crypto" else i.country
        idents.append(
            ":".join([i.type, safe(i.number).replace(":", "-")] + ([third] if third else []))
        )
    return {
        "reference": entity.reference,
        "kind": entity.kind,
        "name": safe(entity.primary_name),
        "aliases": ";".join(dedupe(aliases)),
        "birth_date": ";".join(format_birth_date(b) for b in entity.birth_dates),
        "nationality": ";".join(entity.nationalities),
        "gender": entity.gender or "",
        "identifiers": ";".join(idents),
        "list_type": entity.list_type or "",
        "listed_on": entity.listed_on.isoformat() if entity.listed_on else "",
    }


def write_csv(entities: Iterable[Entity], path: Path) -> int:
    """Write entities in this format (UTF-8); returns the number of rows.

    >>> write_csv([], Path("/tmp/empty.csv"))
    0
    """
    count = 0
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for entity in entities:
            writer.writerow(entity_row(entity))
            count += 1
    tmp.replace(path)
    return count
