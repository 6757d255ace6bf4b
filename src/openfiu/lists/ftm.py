"""FollowTheMoney (FtM) JSON lines, as OpenSanctions exports them: read and write.

One JSON object per line: ``{"id", "schema", "properties": {prop: [values]}}``.
Schemata Person → person; Organization, Company, LegalEntity, PublicBody → organization;
Vessel → vessel; Airplane → organization; CryptoWallet → wallet. Properties read: name
(first value primary, others good), alias (good), weakAlias (low), previousName (good,
note "previous name"), birthDate ("1970", "1970-05", "1970-05-01"), birthPlace,
nationality/citizenship (and country/jurisdiction for organizations; ISO2 lower → upper),
gender, idNumber, passportNumber, innCode, taxNumber, registrationNumber, imoNumber,
swiftBic, publicKey (+ currency), address, program/programId, topics and notes
(→ comments), createdAt (→ listed_on), modifiedAt (→ last_updated), position, title.
Sanction and Identification/Passport records are folded into the entity they point to;
other schemata (relations, addresses …) are counted in one RecordIssue per schema.

Example::

    write_ftm(entities, Path("out.ftm.json"))
    parsed = read_ftm(Path("out.ftm.json"))
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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
from openfiu.model import Address, BirthDate, Entity, EntityKind, Identifier, Name

SOURCE = "ftm"
_KINDS: dict[str, EntityKind] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Airplane": "organization",
    "Vessel": "vessel",
    "CryptoWallet": "wallet",
}
_SCHEMAS: dict[EntityKind, str] = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "wallet": "CryptoWallet",
}
_ID_PROPS = {
    "idNumber": "national_id",
    "passportNumber": "passport",
    "innCode": "inn",
    "taxNumber": "tax_id",
    "registrationNumber": "registration",
    "imoNumber": "imo",
    "swiftBic": "swift",
}
_ID_PROPS_OUT = {kind: prop for prop, kind in _ID_PROPS.items()}

Props = dict[str, list[str]]


def read_ftm(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str = SOURCE,
    encoding: str | None = None,
) -> ParsedList:
    """Read FollowTheMoney JSON lines into entities.

    ``reference`` is the FtM id (less a leading ``"<source>:"``, so that our own exports
    read back with their original references); ``id = source + ":" + reference``.

    >>> read_ftm(Path("tests/lists/fixtures/sample.ftm.json")).entities[0].kind  # doctest: +SKIP
    'person'
    """
    log = IssueLog(str(path))
    entities: dict[str, Entity] = {}
    attachments: list[tuple[int, str, Props]] = []
    skipped: Counter[str] = Counter()
    for line_no, raw in enumerate(read_text(path, max_bytes, encoding).splitlines(), 1):
        if not raw.strip():
            continue
        record = _decode(raw, line_no, log)
        if record is None:
            continue
        ref, schema, props = record
        if schema in ("Sanction", "Identification", "Passport"):
            attachments.append((line_no, schema, props))
        elif schema in _KINDS:
            entity = _entity(ref, schema, props, source, log, line_no)
            if entity is not None:
                if ref in entities:
                    log.add(ref, "duplicate id; later record skipped", line_no)
                else:
                    entities[ref] = entity
        else:
            skipped[schema] += 1
    for line_no, schema, props in attachments:
        _attach(schema, props, entities, log, line_no)
    for schema, count in sorted(skipped.items()):
        log.add("-", f"{count} record(s) of schema {schema!r} are not listed parties; not read")
    return ParsedList(list(entities.values()), log.issues, None, source)


def _decode(raw: str, line: int, log: IssueLog) -> tuple[str, str, Props] | None:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        log.add(f"line {line}", f"not valid JSON ({exc.msg}); line skipped", line)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("properties", {}), dict):
        log.add(f"line {line}", "not an FtM entity object; line skipped", line)
        return None
    ref = clean_text(str(data.get("id") or ""))
    schema = clean_text(str(data.get("schema") or ""))
    if not ref or not schema:
        log.add(ref or f"line {line}", "missing id or schema; record skipped", line)
        return None
    props: Props = {}
    for key, values in data.get("properties", {}).items():
        if isinstance(values, list):
            props[str(key)] = [clean_text(str(v)) for v in values if str(v).strip()]
    return ref, schema, props


def _entity(
    ref: str, schema: str, props: Props, source: str, log: IssueLog, line: int
) -> Entity | None:
    kind = _KINDS[schema]
    names = _names(props, log, ref)
    if kind == "wallet" and not names:
        names = [Name(k, quality="primary") for k in props.get("publicKey", [])[:1]]
    if not names:
        log.add(ref, "no usable name; record skipped", line)
        return None
    reference = ref.removeprefix(f"{source}:")
    entity = Entity(
        id=f"{source}:{reference}", reference=reference, source=source, kind=kind, names=names
    )
    for value in props.get("birthDate", []):
        try:
            entity.birth_dates.append(parse_birth_date(value))
        except ValueError as exc:
            log.add(ref, f"birthDate dropped: {exc}", line)
    entity.birth_dates = dedupe(entity.birth_dates)
    entity.birth_places = dedupe(props.get("birthPlace", []))
    country_props = ["nationality", "citizenship"] + (
        ["country", "jurisdiction"] if kind != "person" else []
    )
    codes = [country_code(v) for p in country_props for v in props.get(p, [])]
    entity.nationalities = dedupe([c for c in codes if c])
    genders = [g.lower() for g in props.get("gender", []) if g.lower() in ("male", "female")]
    entity.gender = genders[0] if genders else None  # type: ignore[assignment]
    for prop, id_kind in _ID_PROPS.items():
        entity.identifiers.extend(Identifier(id_kind, v) for v in props.get(prop, []))
    currency = props["currency"][0] if props.get("currency") else None
    entity.identifiers.extend(
        Identifier("crypto", k, None, currency) for k in props.get("publicKey", [])
    )
    entity.identifiers = dedupe(entity.identifiers)
    entity.addresses = dedupe([Address(a) for a in props.get("address", [])])
    entity.programs = dedupe(props.get("programId", []) + props.get("program", []))
    entity.list_type = entity.programs[0] if entity.programs else None
    entity.designations = dedupe(props.get("position", []))
    entity.titles = dedupe(props.get("title", []))
    topics = props.get("topics", [])
    extra_topics = [t for t in topics if t != "sanction"]
    notes = props.get("notes", []) + ([f"topics: {', '.join(topics)}"] if extra_topics else [])
    entity.comments = "\n".join(notes) or None
    entity.listed_on = _first_date(props.get("createdAt", []))
    modified = _first_date(props.get("modifiedAt", []))
    entity.last_updated = [modified] if modified else []
    return entity


def _names(props: Props, log: IssueLog, ref: str) -> list[Name]:
    names: list[Name] = []
    for index, value in enumerate(props.get("name", [])):
        if text := clean_name(value, log, ref):
            names.append(Name(text, quality="primary" if index == 0 else "good"))
    if not names:
        parts = tuple(
            clean_name(v, log, ref) for p in ("firstName", "lastName") for v in props.get(p, [])[:1]
        )
        if any(parts):
            names.append(Name(" ".join(p for p in parts if p), quality="primary", parts=parts))
    for prop, quality, note in (
        ("alias", "good", None),
        ("weakAlias", "low", None),
        ("previousName", "good", "previous name"),
    ):
        for value in props.get(prop, []):
            if text := clean_name(value, log, ref):
                names.append(Name(text, quality=quality, note=note))  # type: ignore[arg-type]
    return dedupe(names)


def _first_date(values: list[str]) -> Any:
    for value in values:
        try:
            return parse_iso_date(value)
        except ValueError:
            continue
    return None


def _attach(
    schema: str, props: Props, entities: dict[str, Entity], log: IssueLog, line: int
) -> None:
    target_prop = "entity" if schema == "Sanction" else "holder"
    targets = [entities[t] for t in props.get(target_prop, []) if t in entities]
    if not targets:
        log.add(f"line {line}", f"{schema} points to no entity in this file; not read", line)
        return
    for entity in targets:
        if schema == "Sanction":
            entity.programs = dedupe(
                entity.programs + props.get("programId", []) + props.get("program", [])
            )
            entity.list_type = entity.list_type or (entity.programs[0] if entity.programs else None)
            entity.listed_on = entity.listed_on or _first_date(
                props.get("listingDate", []) + props.get("startDate", [])
            )
        else:
            country = props["country"][0] if props.get("country") else None
            kind = "passport" if schema == "Passport" else "national_id"
            for number in props.get("number", []):
                entity.identifiers.append(
                    Identifier(kind, number, country_code(country) if country else None)
                )
            entity.identifiers = dedupe(entity.identifiers)


def entity_to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """One entity as FtM objects: the entity itself, plus a CryptoWallet (with ``holder``)
    for each crypto address of a person or organization.

    >>> entity_to_ftm(Entity("csv:1", "1", "csv", "person", [Name("Jumakhon Testov")]))[0]["schema"]
    'Person'
    """
    props: Props = {}

    def put(prop: str, values: Iterable[str]) -> None:
        kept = dedupe([v for v in values if v])
        if kept:
            props.setdefault(prop, []).extend(kept)

    put("name", (n.full for n in entity.names if n.quality == "primary"))
    put(
        "previousName",
        (
            n.full
            for n in entity.names
            if n.quality != "primary" and (n.note or "").startswith(("f.k.a", "fka", "previous"))
        ),
    )
    put(
        "alias",
        (
            n.full
            for n in entity.names
            if n.quality in ("good", "original_script")
            and n.full not in props.get("previousName", [])
        ),
    )
    put("weakAlias", (n.full for n in entity.names if n.quality in ("low", "weak")))
    put("birthDate", (d for b in entity.birth_dates for d in _ftm_dates(b)))
    put("birthPlace", entity.birth_places)
    codes = [c.lower() for c in entity.nationalities if len(c) == 2]
    put("nationality" if entity.kind == "person" else "country", codes)
    put("gender", [entity.gender] if entity.gender else [])
    wallets: list[dict[str, Any]] = []
    for ident in entity.identifiers:
        if ident.type == "crypto":
            if entity.kind == "wallet":
                put("publicKey", [ident.number])
                put("currency", [ident.note] if ident.note else [])
            else:
                wallets.append(_wallet(entity, ident))
        elif prop := _ID_PROPS_OUT.get(ident.type):
            put(prop, [ident.number])
        else:
            put("idNumber", [ident.number])
    put("address", (a.text for a in entity.addresses))
    put("program", entity.programs)
    put("topics", ["sanction"])
    put("notes", [entity.comments] if entity.comments else [])
    put("position", entity.designations)
    put("title", entity.titles)
    put("createdAt", [entity.listed_on.isoformat()] if entity.listed_on else [])
    put("modifiedAt", [max(entity.last_updated).isoformat()] if entity.last_updated else [])
    main = {"id": entity.id, "schema": _SCHEMAS[entity.kind], "properties": props}
    return [main, *wallets]


def _wallet(entity: Entity, ident: Identifier) -> dict[str, Any]:
    props: Props = {"publicKey": [ident.number], "holder": [entity.id]}
    if ident.note:
        props["currency"] = [ident.note]
    return {
        "id": f"{entity.id}-wallet-{ident.number}",
        "schema": "CryptoWallet",
        "properties": props,
    }


def _ftm_dates(birth: BirthDate) -> list[str]:
    """FtM has no date ranges: a range is written as each of its years (at most 25)."""
    if birth.date is not None:
        return [birth.date.isoformat()]
    if birth.text and len(birth.text) == 7 and birth.text[4] == "-":
        return [birth.text]
    return [str(y) for y in range(birth.year_from, min(birth.year_to, birth.year_from + 24) + 1)]


def write_ftm(entities: Iterable[Entity], path: Path) -> int:
    """Write entities as FtM JSON lines (UTF-8); returns the number of objects written.

    >>> write_ftm([], Path("/tmp/empty.ftm.json"))
    0
    """
    count = 0
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for entity in entities:
            for obj in entity_to_ftm(entity):
                handle.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    tmp.replace(path)
    return count
