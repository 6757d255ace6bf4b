"""Reader for the UN Security Council Consolidated List XML (root ``CONSOLIDATED_LIST``).

Every INDIVIDUAL and ENTITY becomes an :class:`Entity` with ``id = "un-sc:" + reference``.
Names: FIRST..FOURTH_NAME → the primary name (``parts`` keeps the split); INDIVIDUAL_ALIAS
QUALITY Good/Low → "good"/"low"; ENTITY_ALIAS (QUALITY a.k.a./f.k.a.) → "good", with
note "f.k.a." for former names; NAME_ORIGINAL_SCRIPT → "original_script". An ALIAS_NAME that
lists several spellings separated by ";" (outside parentheses) gives one Name per spelling.
The version label is the root's ``dateGenerated`` attribute.

Example::

    parsed = read_un_sc(Path("un_consolidated_2026-02-27.xml"))
    parsed.version            # '2026-02-27T00:00:09.554Z'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from openfiu.lists._common import (
    DEFAULT_MAX_BYTES,
    IssueLog,
    ParsedList,
    check_size,
    check_year,
    clean_field,
    clean_name,
    clean_text,
    country_code,
    dedupe,
    identifier_type,
    parse_iso_date,
)
from openfiu.lists._xml import child_text, children, iter_records, line_of, local_name
from openfiu.model import Address, BirthDate, Entity, Identifier, Name

SOURCE = "un-sc"
ROOT_TAG = "CONSOLIDATED_LIST"
_NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read_un_sc(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedList:
    """Read a UN Consolidated List XML file completely.

    >>> parsed = read_un_sc(Path("tests/lists/fixtures/un_small.xml"))  # doctest: +SKIP
    >>> parsed.entities[0].id                                        # doctest: +SKIP
    'un-sc:QDi.901'
    """
    check_size(path, max_bytes)
    log = IssueLog(str(path))
    state: dict[str, str] = {}

    def on_root(root: etree._Element) -> None:
        if local_name(root.tag) != ROOT_TAG:
            from openfiu.errors import ListFormatError

            raise ListFormatError(
                f"{path}: root element is <{local_name(root.tag)}>, expected <{ROOT_TAG}> "
                "(not a UN Consolidated List)"
            )
        state["version"] = root.get("dateGenerated", "")

    entities: list[Entity] = []
    for element in iter_records(path, {"INDIVIDUAL", "ENTITY"}, on_root):
        entity = _read_record(element, log)
        if entity is not None:
            entities.append(entity)
    return ParsedList(entities, log.issues, state.get("version") or None, SOURCE)


def _read_record(element: etree._Element, log: IssueLog) -> Entity | None:
    is_person = element.tag == "INDIVIDUAL"
    line = line_of(element)
    reference = clean_text(child_text(element, "REFERENCE_NUMBER"))
    record = reference or f"DATAID {clean_text(child_text(element, 'DATAID')) or '?'}"
    if not reference:
        log.add(record, "no REFERENCE_NUMBER; record skipped", line)
        return None
    names = _names(element, is_person, log, reference)
    if not any(n.quality == "primary" for n in names):
        log.add(reference, "no usable primary name; record skipped", line)
        return None
    entity = Entity(
        id=f"{SOURCE}:{reference}",
        reference=reference,
        source=SOURCE,
        kind="person" if is_person else "organization",
        names=names,
        list_type=clean_text(child_text(element, "UN_LIST_TYPE")) or None,
        designations=_values(element, "DESIGNATION"),
        titles=_values(element, "TITLE"),
        comments=clean_field(child_text(element, "COMMENTS1"), log, reference, "COMMENTS1") or None,
    )
    if entity.list_type:
        entity.programs = [entity.list_type]
    entity.listed_on = _date(child_text(element, "LISTED_ON"), log, reference, "LISTED_ON")
    updated = [
        _date(v, log, reference, "LAST_DAY_UPDATED") for v in _values(element, "LAST_DAY_UPDATED")
    ]
    entity.last_updated = [d for d in updated if d is not None]
    if is_person:
        _person_details(element, entity, log)
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    entity.addresses = dedupe(
        [a for a in (_address(x) for x in children(element, f"{prefix}_ADDRESS")) if a]
    )
    return entity


def _names(element: etree._Element, is_person: bool, log: IssueLog, ref: str) -> list[Name]:
    parts = tuple(
        p for p in (clean_name(child_text(element, tag), log, ref) for tag in _NAME_TAGS) if p
    )
    names: list[Name] = []
    if parts:
        names.append(Name(" ".join(parts), quality="primary", parts=parts))
    original = clean_name(child_text(element, "NAME_ORIGINAL_SCRIPT"), log, ref)
    if original:
        names.append(Name(original, quality="original_script"))
    alias_tag = "INDIVIDUAL_ALIAS" if is_person else "ENTITY_ALIAS"
    for alias in children(element, alias_tag):
        raw = clean_name(child_text(alias, "ALIAS_NAME"), log, ref)
        if not raw:
            continue
        quality_text = clean_text(child_text(alias, "QUALITY")).lower()
        note = clean_text(child_text(alias, "NOTE")) or None
        if quality_text == "low":
            quality = "low"
        else:
            quality = "good"
            if quality_text == "f.k.a.":
                note = "f.k.a." if note is None else f"f.k.a.; {note}"
        for spelling in split_alias(raw):
            names.append(Name(spelling, quality=quality, note=note))  # type: ignore[arg-type]
    return dedupe(names)


def split_alias(value: str) -> list[str]:
    """Split an ALIAS_NAME listing several spellings with ";" (outside parentheses).

    >>> split_alias("Jumakhon Testov; Dzhumakhon Testov")
    ['Jumakhon Testov', 'Dzhumakhon Testov']
    >>> split_alias("Example Front (EF; Example Union)")
    ['Example Front (EF; Example Union)']
    """
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == ";" and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _values(element: etree._Element, tag: str) -> list[str]:
    out: list[str] = []
    for group in children(element, tag):
        out.extend(v for v in (clean_text(c.text) for c in children(group, "VALUE")) if v)
    return dedupe(out)


def _date(value: str, log: IssueLog, ref: str, field: str) -> dt.date | None:
    try:
        return parse_iso_date(value)
    except ValueError:
        log.add(ref, f"{field} {clean_text(value)!r} is not a valid date; field dropped")
        return None


def _person_details(element: etree._Element, entity: Entity, log: IssueLog) -> None:
    ref = entity.reference
    gender = clean_text(child_text(element, "GENDER")).lower()
    if gender in ("male", "female"):
        entity.gender = gender  # type: ignore[assignment]
    elif gender:
        log.add(ref, f"unknown GENDER {gender!r}; field dropped")
    for value in _values(element, "NATIONALITY"):
        code = country_code(value)
        if code and code not in entity.nationalities:
            entity.nationalities.append(code)
    births = [
        b
        for b in (_birth_date(x, log, ref) for x in children(element, "INDIVIDUAL_DATE_OF_BIRTH"))
        if b
    ]
    entity.birth_dates = dedupe(births)
    places = [
        _joined(p, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        for p in children(element, "INDIVIDUAL_PLACE_OF_BIRTH")
    ]
    entity.birth_places = dedupe([p for p in places if p])
    docs = [_document(d, log, ref) for d in children(element, "INDIVIDUAL_DOCUMENT")]
    entity.identifiers = dedupe([d for d in docs if d is not None])


def _birth_date(element: etree._Element, log: IssueLog, ref: str) -> BirthDate | None:
    kind = clean_text(child_text(element, "TYPE_OF_DATE")).upper()
    note = clean_text(child_text(element, "NOTE")) or None
    date_text = clean_text(child_text(element, "DATE"))
    year_text = clean_text(child_text(element, "YEAR"))
    from_text = clean_text(child_text(element, "FROM_YEAR"))
    to_text = clean_text(child_text(element, "TO_YEAR"))
    if not (date_text or year_text or from_text or to_text):
        return None  # empty element, or only a free-text NOTE ("30-35 years old")
    try:
        if kind == "BETWEEN" or (from_text and to_text):
            low, high = int(from_text), int(to_text)
            if low > high:
                raise ValueError(f"FROM_YEAR {low} after TO_YEAR {high}")
            result = BirthDate(low, high, text=note)
        elif date_text:
            result = BirthDate.exact(dt.date.fromisoformat(date_text[:10]))
        else:
            result = BirthDate.year(int(year_text))
    except ValueError as exc:
        log.add(ref, f"invalid date of birth ({exc}); date dropped", line_of(element))
        return None
    for year in {result.year_from, result.year_to}:
        problem = check_year(year)
        if problem:
            log.add(ref, f"{problem} in date of birth; date dropped", line_of(element))
            return None
    if kind == "APPROXIMATELY":
        return BirthDate(result.year_from, result.year_to, result.date, True, note)
    if note and result.text is None:
        return BirthDate(result.year_from, result.year_to, result.date, False, note)
    return result


def _joined(element: etree._Element, tags: tuple[str, ...]) -> str:
    return ", ".join(v for v in (clean_text(child_text(element, t)) for t in tags) if v)


def _address(element: etree._Element) -> Address | None:
    text = _joined(element, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
    note = clean_text(child_text(element, "NOTE"))
    if note:
        text = f"{text} ({note})" if text else note
    if not text:
        return None
    country = clean_text(child_text(element, "COUNTRY"))
    return Address(
        text=text,
        country=country_code(country) if country else None,
        city=clean_text(child_text(element, "CITY")) or None,
    )


def _document(element: etree._Element, log: IssueLog, ref: str) -> Identifier | None:
    number = clean_text(child_text(element, "NUMBER"))
    type1 = clean_text(child_text(element, "TYPE_OF_DOCUMENT"))
    type2 = clean_text(child_text(element, "TYPE_OF_DOCUMENT2"))
    if not number:
        if type1 or type2:
            log.add(
                ref,
                f"document {type1 or type2!r} has no NUMBER; document dropped",
                line_of(element),
            )
        return None
    kind = identifier_type(type1) if type1 else "other"
    if kind == "other" and type2:
        kind = identifier_type(type2)
    country_text = clean_text(child_text(element, "ISSUING_COUNTRY")) or clean_text(
        child_text(element, "COUNTRY_OF_ISSUE")
    )
    notes = [
        v
        for v in (
            type2,
            clean_text(child_text(element, "DATE_OF_ISSUE")),
            clean_text(child_text(element, "CITY_OF_ISSUE")),
            clean_text(child_text(element, "NOTE")),
        )
        if v
    ]
    return Identifier(
        type=kind,
        number=number,
        country=country_code(country_text) if country_text else None,
        note="; ".join(notes) or None,
    )
