"""Domain types shared by every capability. Plain data, no I/O."""

from openfiu.model.entity import (
    ENTITY_KINDS,
    Address,
    BirthDate,
    Entity,
    EntityKind,
    Identifier,
    Name,
    NameQuality,
    RecordIssue,
)

__all__ = [
    "ENTITY_KINDS",
    "Address",
    "BirthDate",
    "Entity",
    "EntityKind",
    "Identifier",
    "Name",
    "NameQuality",
    "RecordIssue",
]
