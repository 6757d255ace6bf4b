"""Reader for OFAC ``sdnList`` XML (SDN and consolidated non-SDN lists), namespace-aware.

sdnType Individual → person, Entity → organization, Vessel → vessel, Aircraft →
organization. akaList category strong/weak → name quality "good"/"low" (f.k.a. noted).
idList entries that are identifiers (passport, national ID, tax ID, registration, SWIFT,
IMO, crypto address "Digital Currency Address - XBT" → ``Identifier("crypto", …, note="XBT")``)
become identifiers; "Gender" sets the gender; other features (directive information,
website, dates of listing …) are kept as lines of ``comments`` after the remarks, so nothing
is dropped. The version label is ``Publish_Date`` as ISO ``YYYY-MM-DD``.

Example::

    parsed = read_ofac_xml(Path("ofac_consolidated_nonsdn_2025-03-28.xml"))
    parsed.version          # '2025-03-28'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from openfiu.errors import ListFormatError
from openfiu.lists._common import (
    DEFAULT_MAX_BYTES,
    IssueLog,
    ParsedList,
    check_size,
    clean_field,
    clean_name,
    clean_text,
    country_code,
    dedupe,
    identifier_type,
    parse_birth_date,
)
from openfiu.lists._xml import child_text, children, iter_records, line_of, local_name
from openfiu.model import Address, BirthDate, Entity, EntityKind, Identifier, Name

SOURCE = "ofac"
ROOT_TAG = "sdnList"
KINDS: dict[str, EntityKind] = {  # OFAC entry types, also used by the legacy CSV reader
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "organization",
}
_IDENTIFIER_KINDS = {
    "passport", "national_id", "tax_id", "inn", "registration", "swift", "isin",
    "imo", "mmsi", "crypto", "email", "website",
}  # fmt: skip


def read_ofac_xml(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedList:
    """Read an OFAC sdnList XML file completely.

    >>> read_ofac_xml(Path("tests/lists/fixtures/ofac_small.xml")).source  # doctest: +SKIP
    'ofac'
    """
    check_size(path, max_bytes)
    log = IssueLog(str(path))

    def on_root(root: etree._Element) -> None:
        if local_name(root.tag) != ROOT_TAG:
            raise ListFormatError(
                f"{path}: root element is <{local_name(root.tag)}>, expected <{ROOT_TAG}> "
                "(not an OFAC sdnList XML file)"
            )

    entities: list[Entity] = []
    version: str | None = None
    for element in iter_records(path, {"sdnEntry", "publshInformation"}, on_root):
        if local_name(element.tag) == "publshInformation":
            version = _publish_date(child_text(element, "Publish_Date"))
            continue
        entity = _read_entry(element, log)
        if entity is not None:
            entities.append(entity)
    return ParsedList(entities, log.issues, version, SOURCE)


def _publish_date(text: str) -> str | None:
    value = clean_text(text)
    try:
        return dt.datetime.strptime(value, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return value or None


def _person_name(element: etree._Element, log: IssueLog, ref: str) -> tuple[str, tuple[str, ...]]:
    first = clean_name(child_text(element, "firstName"), log, ref)
    last = clean_name(child_text(element, "lastName"), log, ref)
    parts = tuple(p for p in (first, last) if p)
    return " ".join(parts), parts


def _read_entry(element: etree._Element, log: IssueLog) -> Entity | None:
    line = line_of(element)
    ref = clean_text(child_text(element, "uid"))
    if not ref:
        log.add("?", "sdnEntry without uid; record skipped", line)
        return None
    type_text = clean_text(child_text(element, "sdnType"))
    kind = KINDS.get(type_text.lower())
    if kind is None:
        log.add(ref, f"unknown sdnType {type_text!r}; read as organization", line)
        kind = "organization"
    full, parts = _person_name(element, log, ref)
    if not full:
        log.add(ref, "no usable name; record skipped", line)
        return None
    names = [Name(full, quality="primary", parts=parts if len(parts) > 1 else ())]
    for aka in descendants_named(element, "akaList", "aka"):
        aka_full, aka_parts = _person_name(aka, log, ref)
        if not aka_full:
            continue
        category = clean_text(child_text(aka, "category")).lower()
        aka_type = clean_text(child_text(aka, "type")).lower()
        names.append(
            Name(
                aka_full,
                quality="low" if category == "weak" else "good",
                parts=aka_parts if len(aka_parts) > 1 else (),
                note=aka_type if aka_type and aka_type != "a.k.a." else None,
            )
        )
    entity = Entity(
        id=f"{SOURCE}:{ref}",
        reference=ref,
        source=SOURCE,
        kind=kind,
        names=dedupe(names),
        programs=dedupe(
            [clean_text(p.text) for p in descendants_named(element, "programList", "program")]
        ),
    )
    entity.programs = [p for p in entity.programs if p]
    entity.list_type = entity.programs[0] if entity.programs else None
    entity.titles = [t for t in [clean_text(child_text(element, "title"))] if t]
    _details(element, entity, log)
    return entity


def descendants_named(element: etree._Element, group: str, item: str) -> list[etree._Element]:
    """Children ``item`` of the direct child ``group`` (``akaList/aka`` …)."""
    out: list[etree._Element] = []
    for container in children(element, group):
        out.extend(children(container, item))
    return out


def _details(element: etree._Element, entity: Entity, log: IssueLog) -> None:
    ref = entity.reference
    births: list[BirthDate] = []
    for item in descendants_named(element, "dateOfBirthList", "dateOfBirthItem"):
        text = clean_text(child_text(item, "dateOfBirth"))
        if not text:
            continue
        try:
            births.append(parse_birth_date(text))
        except ValueError as exc:
            log.add(ref, f"date of birth dropped: {exc}", line_of(item))
    entity.birth_dates = dedupe(births)
    places = [
        clean_text(child_text(i, "placeOfBirth"))
        for i in descendants_named(element, "placeOfBirthList", "placeOfBirthItem")
    ]
    entity.birth_places = dedupe([p for p in places if p])
    for group, member in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
        for node in descendants_named(element, group, member):
            code = country_code(child_text(node, "country"))
            if code and code not in entity.nationalities:
                entity.nationalities.append(code)
    features: list[str] = []
    identifiers: list[Identifier] = []
    for node in descendants_named(element, "idList", "id"):
        _read_id(node, entity, identifiers, features, log)
    entity.identifiers = dedupe(identifiers)
    entity.addresses = dedupe(
        [
            a
            for a in (_address(n) for n in descendants_named(element, "addressList", "address"))
            if a
        ]
    )
    remarks = clean_field(child_text(element, "remarks"), log, ref, "remarks")
    entity.comments = "\n".join([x for x in [remarks, *features] if x]) or None


def _read_id(
    node: etree._Element,
    entity: Entity,
    identifiers: list[Identifier],
    features: list[str],
    log: IssueLog,
) -> None:
    label = clean_text(child_text(node, "idType"))
    number = clean_text(child_text(node, "idNumber"))
    country_text = clean_text(child_text(node, "idCountry"))
    if not number:
        return
    if label.lower() == "gender":
        if number.lower() in ("male", "female"):
            entity.gender = number.lower()  # type: ignore[assignment]
        else:
            log.add(entity.reference, f"unknown gender {number!r}; field dropped")
        return
    kind = identifier_type(label)
    if kind == "crypto":
        currency = label.rsplit("-", 1)[-1].strip() if "-" in label else None
        identifiers.append(Identifier("crypto", number, None, currency))
    elif kind in _IDENTIFIER_KINDS:
        country = country_code(country_text) if country_text else None
        note = label if kind in ("registration", "national_id", "tax_id") else None
        identifiers.append(Identifier(kind, number, country, note))
    else:
        features.append(f"{label} {number}" + (f" ({country_text})" if country_text else ""))


def _address(node: etree._Element) -> Address | None:
    tags = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
    text = ", ".join(v for v in (clean_text(child_text(node, t)) for t in tags) if v)
    if not text:
        return None
    country = clean_text(child_text(node, "country"))
    return Address(
        text=text,
        country=country_code(country) if country else None,
        city=clean_text(child_text(node, "city")) or None,
    )
