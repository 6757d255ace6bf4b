"""Keeping list versions in the store and reading them back as :class:`Entity` objects.

Example::

    from openfiu.lists import load_list
    from openfiu.store.lists import save_list_version, load_entities

    version = load_list("consolidated.xml")
    with store.transaction() as session:
        row = save_list_version(session, version)      # once per (source, sha256)
    with store.transaction() as session:
        entities = load_entities(session, row.id)      # equal to version.entities
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from openfiu.model.entity import Address, BirthDate, Entity, Identifier, Name
from openfiu.store.models.lists import EntityRecord, ListVersionRecord

if TYPE_CHECKING:
    from openfiu.lists import ListVersion


def entity_to_json(entity: Entity) -> dict[str, Any]:
    """Every field of ``entity`` as JSON values (dates as ISO text).

    >>> entity_to_json(Entity("csv:1", "1", "csv", "person", [Name("Ana Testova")]))["names"]
    [{'full': 'Ana Testova', 'quality': 'primary', 'parts': [], 'language': None, 'note': None}]
    """
    data = dataclasses.asdict(entity)
    data["listed_on"] = entity.listed_on.isoformat() if entity.listed_on else None
    data["last_updated"] = [d.isoformat() for d in entity.last_updated]
    data["names"] = [{**n, "parts": list(n["parts"])} for n in data["names"]]
    for birth in data["birth_dates"]:
        birth["date"] = birth["date"].isoformat() if birth["date"] else None
    return data


def entity_from_json(data: dict[str, Any]) -> Entity:
    """The :class:`Entity` that :func:`entity_to_json` wrote (``from_json(to_json(e)) == e``)."""
    return Entity(
        id=data["id"],
        reference=data["reference"],
        source=data["source"],
        kind=data["kind"],
        names=[Name(**{**n, "parts": tuple(n["parts"])}) for n in data["names"]],
        birth_dates=[
            BirthDate(**{**b, "date": dt.date.fromisoformat(b["date"]) if b["date"] else None})
            for b in data["birth_dates"]
        ],
        birth_places=list(data["birth_places"]),
        nationalities=list(data["nationalities"]),
        gender=data["gender"],
        identifiers=[Identifier(**i) for i in data["identifiers"]],
        addresses=[Address(**a) for a in data["addresses"]],
        list_type=data["list_type"],
        programs=list(data["programs"]),
        listed_on=dt.date.fromisoformat(data["listed_on"]) if data["listed_on"] else None,
        designations=list(data["designations"]),
        titles=list(data["titles"]),
        comments=data["comments"],
        last_updated=[dt.date.fromisoformat(d) for d in data["last_updated"]],
    )


def save_list_version(session: Session, version: ListVersion) -> ListVersionRecord:
    """Store ``version`` and its entities, or return the row already stored for the same
    source and content (sha256): loading a file twice keeps one copy."""
    existing = session.scalars(
        select(ListVersionRecord).where(
            ListVersionRecord.source == version.source,
            ListVersionRecord.sha256 == version.sha256,
        )
    ).one_or_none()
    if existing is not None:
        return existing
    loaded_at = version.loaded_at
    if loaded_at.tzinfo is None:
        loaded_at = loaded_at.replace(tzinfo=dt.UTC)
    row = ListVersionRecord(
        source=version.source,
        version=version.version,
        sha256=version.sha256,
        format=version.format,
        path=version.path,
        loaded_at=loaded_at,
        entity_count=len(version.entities),
        issue_count=len(version.issues),
    )
    session.add(row)
    session.flush()
    if version.entities:
        session.execute(
            insert(EntityRecord),
            [
                {
                    "list_version_id": row.id,
                    "entity_id": entity.id,
                    "reference": entity.reference,
                    "kind": entity.kind,
                    "primary_name": entity.primary_name,
                    "list_type": entity.list_type,
                    "data": entity_to_json(entity),
                }
                for entity in version.entities
            ],
        )
    return row


def load_entities(session: Session, list_version_id: int) -> list[Entity]:
    """The entities of a stored list version, in the order they were saved."""
    rows = session.scalars(
        select(EntityRecord.data)
        .where(EntityRecord.list_version_id == list_version_id)
        .order_by(EntityRecord.id)
    )
    return [entity_from_json(data) for data in rows]
