"""Tables of sanctions-list versions and their entities.

A :class:`ListVersionRecord` is one loaded file of one source (``un-sc`` of
2024-05-01, sha256 …); its :class:`EntityRecord` rows keep the searchable columns
(reference, kind, primary name, list type) next to the whole entity as JSON, so that an
old version can be rebuilt exactly (:func:`openfiu.store.lists.load_entities`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openfiu.store.base import Base, UTCDateTime, utcnow


class ListVersionRecord(Base):
    """One version of one list, identified by its content hash."""

    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("source", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(1024), default="")
    loaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    entity_count: Mapped[int] = mapped_column(Integer, default=0)
    issue_count: Mapped[int] = mapped_column(Integer, default=0)

    entities: Mapped[list[EntityRecord]] = relationship(
        back_populates="list_version", cascade="all, delete-orphan", passive_deletes=True
    )


class EntityRecord(Base):
    """One listed party of one list version."""

    __tablename__ = "entities"
    __table_args__ = (
        UniqueConstraint("list_version_id", "reference"),
        Index("ix_entities_primary_name", "primary_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(String(128), index=True)
    reference: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    primary_name: Mapped[str] = mapped_column(String(512))
    list_type: Mapped[str | None] = mapped_column(String(128))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    list_version: Mapped[ListVersionRecord] = relationship(back_populates="entities")
