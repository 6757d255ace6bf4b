"""Reader for OFAC's legacy three-file CSV layout (sdn.csv, alt.csv, add.csv).

No header, ``-0-`` means empty. sdn.csv columns: ent_num, SDN_Name, SDN_Type, Program,
Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. alt.csv:
ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks. add.csv: ent_num,
add_num, address, city/state/postal code, country, add_remarks.

The free-text remarks are parsed for what they state in a known shape: ``DOB``, ``POB``,
``nationality``/``citizen``, ``Gender``, passports and other numbered identifiers
(``Passport 123 (Country)``), crypto addresses (``Digital Currency Address - XBT …``) and
weak aliases (``a.k.a. 'X'`` → quality "low"). The whole remarks text is kept in
``comments``. Individuals' names ``LAST, First`` become ``First LAST`` with parts
``(First, LAST)``. The version label is the sdn file's modification time (ISO).

Example::

    parsed = read_ofac_csv(Path("ofac_legacy_csv"))          # a folder
    parsed = read_ofac_csv(Path("ofac_legacy_csv/sdn_2021-07.csv"))
"""

from __future__ import annotations

import csv
import datetime as dt
import re
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
    identifier_type,
    parse_birth_date,
    read_text,
)
from openfiu.lists.ofac_xml import KINDS
from openfiu.model import Address, Entity, Identifier, Name

SOURCE = "ofac"
EMPTY = "-0-"
_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'\.?$", re.IGNORECASE)
_NUMBERED = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z .#/'()\-]*?)\s+(?P<number>\S*\d\S*)"
    r"(?:\s+\((?P<country>[^)]+)\))?(?P<rest>.*)$"
)


def sibling_files(path: Path) -> tuple[Path, Path | None, Path | None]:
    """Find (sdn, alt, add) files from a folder or from the sdn file's path.

    >>> sibling_files(Path("/data/sdn_2021-07.csv"))[1]          # doctest: +SKIP
    PosixPath('/data/alt_2021-07.csv')
    """
    if path.is_dir():
        candidates = sorted(
            p
            for p in path.iterdir()
            if p.name.lower().startswith("sdn") and p.suffix.lower() == ".csv"
        )
        if len(candidates) != 1:
            raise ListFormatError(
                f"{path}: expected exactly one sdn*.csv in the folder, found {len(candidates)}"
            )
        path = candidates[0]
    name = path.name
    if not name.lower().startswith("sdn"):
        return path, None, None
    alt = path.with_name("alt" + name[3:])
    add = path.with_name("add" + name[3:])
    return path, alt if alt.exists() else None, add if add.exists() else None


def read_ofac_csv(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> ParsedList:
    """Read the legacy OFAC CSV files (folder or sdn file path) into entities."""
    sdn_path, alt_path, add_path = sibling_files(path)
    log = IssueLog(str(sdn_path))
    entities: dict[str, Entity] = {}
    for line_no, row in _rows(sdn_path, max_bytes, encoding):
        entity = _read_sdn_row(row, line_no, log)
        if entity is not None:
            if entity.reference in entities:
                log.add(entity.reference, "duplicate ent_num; later row skipped", line_no)
                continue
            entities[entity.reference] = entity
    for label, sibling, reader in (
        ("alt", alt_path, _read_alt_row),
        ("add", add_path, _read_add_row),
    ):
        if sibling is None:
            log.add("-", f"no {label}*.csv beside {sdn_path.name}; {label} rows not loaded")
            continue
        sibling_log = IssueLog(str(sibling))
        for line_no, row in _rows(sibling, max_bytes, encoding):
            reader(row, line_no, entities, sibling_log)
        log.issues.extend(sibling_log.issues)
    for entity in entities.values():
        entity.names = dedupe(entity.names)
        entity.addresses = dedupe(entity.addresses)
    mtime = dt.datetime.fromtimestamp(sdn_path.stat().st_mtime, dt.UTC)
    return ParsedList(
        list(entities.values()), log.issues, mtime.isoformat(timespec="seconds"), SOURCE
    )


def _rows(path: Path, max_bytes: int, encoding: str | None) -> list[tuple[int, list[str]]]:
    text = read_text(path, max_bytes, encoding)
    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            out.append((reader.line_num, [_value(v) for v in row]))
    except csv.Error as exc:
        raise ListFormatError(f"{path}:{reader.line_num}: malformed CSV: {exc}") from None
    return out


def _value(text: str) -> str:
    value = clean_text(text)
    return "" if value == EMPTY else value


def person_name(raw: str) -> tuple[str, tuple[str, ...]]:
    """``"TESTOV, Jumakhon"`` → ``("Jumakhon TESTOV", ("Jumakhon", "TESTOV"))``.

    >>> person_name("TESTOV, Jumakhon")
    ('Jumakhon TESTOV', ('Jumakhon', 'TESTOV'))
    """
    if raw.count(",") == 1:
        last, first = (p.strip() for p in raw.split(","))
        if first and last:
            return f"{first} {last}", (first, last)
    return raw, ()


def _read_sdn_row(row: list[str], line: int, log: IssueLog) -> Entity | None:
    if len(row) < 12:
        log.add(row[0] if row else "?", f"{len(row)} columns instead of 12; row skipped", line)
        return None
    ref, raw_name, type_text, program = row[0], row[1], row[2].lower(), row[3]
    if not ref:
        log.add("?", "no ent_num; row skipped", line)
        return None
    kind = KINDS.get(type_text, "organization") if type_text else "organization"
    name = clean_name(raw_name, log, ref)
    if not name:
        log.add(ref, "no usable name; row skipped", line)
        return None
    full, parts = person_name(name) if kind == "person" else (name, ())
    programs = [p.strip(" []") for p in program.split("] [")] if program else []
    entity = Entity(
        id=f"{SOURCE}:{ref}",
        reference=ref,
        source=SOURCE,
        kind=kind,
        names=[Name(full, quality="primary", parts=parts)],
        programs=[p for p in programs if p],
        titles=[row[4]] if row[4] else [],
    )
    entity.list_type = entity.programs[0] if entity.programs else None
    if row[5]:
        entity.identifiers.append(Identifier("call_sign", row[5]))
    if row[9]:
        code = country_code(row[9])
        if code:
            entity.nationalities.append(code)
    vessel = [
        f"{label} {v}"
        for label, v in zip(
            ("Vessel type", "Tonnage", "GRT", "Owner"),
            (row[6], row[7], row[8], row[10]),
            strict=True,
        )
        if v
    ]
    parse_remarks(row[11], entity, log, line)
    entity.comments = "\n".join(x for x in [row[11], *vessel] if x) or None
    return entity


def parse_remarks(remarks: str, entity: Entity, log: IssueLog, line: int | None = None) -> None:
    """Add what the remarks state (DOB, POB, nationality, gender, IDs, weak a.k.a.) to ``entity``.

    >>> e = Entity("ofac:1", "1", "ofac", "person", [Name("Jumakhon TESTOV")])
    >>> parse_remarks("DOB 02 May 1971; nationality Tajikistan; Passport A123 (Tajikistan).", e, IssueLog("x"))
    >>> e.birth_dates[0].describe(), e.nationalities, e.identifiers[0].number
    ('1971-05-02', ['TJ'], 'A123')
    """
    for item in _split_remarks(remarks):
        text = re.sub(r"^alt\.\s+", "", item, flags=re.IGNORECASE)
        head, _, value = text.partition(" ")
        key = head.lower()
        if key == "dob" and value:
            try:
                entity.birth_dates.append(parse_birth_date(value))
            except ValueError as exc:
                log.add(entity.reference, f"DOB dropped: {exc}", line)
        elif key == "pob" and value:
            entity.birth_places.append(value)
        elif key in ("nationality", "citizen") and value:
            code = country_code(value)
            if code and code not in entity.nationalities:
                entity.nationalities.append(code)
        elif key == "gender" and value.lower() in ("male", "female"):
            entity.gender = value.lower()  # type: ignore[assignment]
        elif match := _ALIAS.match(item):
            note = None if match.group(1).lower() == "a.k.a." else match.group(1).lower()
            full, parts = (
                person_name(match.group(2)) if entity.kind == "person" else (match.group(2), ())
            )
            entity.names.append(Name(full, quality="low", parts=parts, note=note))
        elif identifier := _identifier(text):
            entity.identifiers.append(identifier)
    entity.birth_dates = dedupe(entity.birth_dates)
    entity.birth_places = dedupe(entity.birth_places)
    entity.identifiers = dedupe(entity.identifiers)


def _split_remarks(remarks: str) -> list[str]:
    """Split on ";" outside quotes; strip the final full stop."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    for index, char in enumerate(remarks):
        if char == "'" and _toggles_quote(remarks, index, quoted):
            quoted = not quoted
        if char == ";" and not quoted:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [i.strip().removesuffix(".").strip() for i in items if i.strip()]


def _toggles_quote(text: str, index: int, quoted: bool) -> bool:
    """An apostrophe opens a quote after a space and closes one before ';', '.', ' ' or the end."""
    if quoted:
        return index + 1 == len(text) or text[index + 1] in ";. "
    return index == 0 or text[index - 1] == " "


def _identifier(text: str) -> Identifier | None:
    if text.lower().startswith("digital currency address"):
        label, _, address = text.rpartition(" ")
        currency = label.split("-", 1)[1].strip() if "-" in label else None
        return Identifier("crypto", address, None, currency) if address else None
    match = _NUMBERED.match(text)
    if not match:
        return None
    kind = identifier_type(match.group("label"))
    if kind in ("other", "email", "website"):
        return None
    country_text = match.group("country")
    rest = clean_text(match.group("rest"))
    note = "; ".join(
        x
        for x in (
            match.group("label") if kind in ("national_id", "tax_id", "registration") else "",
            rest,
        )
        if x
    )
    return Identifier(
        kind,
        match.group("number"),
        country_code(country_text) if country_text else None,
        note or None,
    )


def _read_alt_row(row: list[str], line: int, entities: dict[str, Entity], log: IssueLog) -> None:
    if len(row) < 4 or not row[3]:
        log.add(row[0] if row else "?", "alias row without a name; skipped", line)
        return
    entity = entities.get(row[0])
    if entity is None:
        log.add(row[0], "alias for an ent_num not in the sdn file; skipped", line)
        return
    name = clean_name(row[3], log, row[0])
    if not name:
        return
    full, parts = person_name(name) if entity.kind == "person" else (name, ())
    alt_type = row[2].lower()
    entity.names.append(
        Name(full, quality="good", parts=parts, note=alt_type if alt_type != "aka" else None)
    )


def _read_add_row(row: list[str], line: int, entities: dict[str, Entity], log: IssueLog) -> None:
    entity = entities.get(row[0]) if row else None
    if entity is None or len(row) < 5:
        log.add(
            row[0] if row else "?", "address row for an unknown ent_num or too short; skipped", line
        )
        return
    text = ", ".join(v for v in (row[2], row[3], row[4]) if v)
    if row[5:] and row[5]:
        text = f"{text} ({row[5]})" if text else row[5]
    if text:
        entity.addresses.append(Address(text, country_code(row[4]) if row[4] else None, None))
