"""Tables of users, their roles and the cases each may see (need-to-know grants).

Roles are rows (``analyst``, ``reviewer``, ``supervisor``, ``auditor``, ``admin``, put in
by the first migration); what each role may do is data too, in
:data:`openfiu.audit.permissions.PERMISSIONS`. Passwords are kept only as argon2 hashes
(:func:`openfiu.audit.users.hash_password`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openfiu.store.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from openfiu.store.models.cases import Case

ROLE_NAMES = ("analyst", "reviewer", "supervisor", "auditor", "admin")

user_roles = Table(
    "user_roles",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_name", ForeignKey("roles.name", ondelete="CASCADE"), primary_key=True),
)


class Role(Base):
    """A role: a name and what it is for."""

    __tablename__ = "roles"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    description: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    """A person who signs in. ``active`` False locks the account without losing its history."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(256), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")

    @property
    def role_names(self) -> frozenset[str]:
        """The names of this user's roles, e.g. ``frozenset({'analyst', 'reviewer'})``."""
        return frozenset(role.name for role in self.roles)


class CaseGrant(Base):
    """Need-to-know: ``user`` may work on ``case`` (given by a supervisor, with a reason)."""

    __tablename__ = "case_grants"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="grants")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
