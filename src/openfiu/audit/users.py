"""Users: argon2 password hashes, roles, sign-in. Every change is an audit event.

Example::

    with store.transaction() as session:
        ana = create_user(session, "ana", "a long passphrase", ["analyst"], actor="cli:root")
    with store.transaction() as session:
        user = authenticate(session, "ana", "a long passphrase")   # None when wrong
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.errors import StoreError
from openfiu.store.chain import record
from openfiu.store.models.people import Role, User

MIN_PASSWORD_LENGTH = 12
HASHER = PasswordHasher()
"""argon2id with the library's default cost (about 50 ms and 64 MiB a hash)."""


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("openfiu timing equaliser")


class UserError(StoreError):
    """A user cannot be created or changed: name taken, unknown role, short password."""


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; never store the password itself)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _roles(session: Session, names: Iterable[str]) -> list[Role]:
    wanted = sorted(set(names))
    roles = session.scalars(select(Role).where(Role.name.in_(wanted))).all()
    unknown = set(wanted) - {role.name for role in roles}
    if unknown:
        known = session.scalars(select(Role.name).order_by(Role.name)).all()
        raise UserError(f"unknown role(s) {', '.join(sorted(unknown))}; roles: {', '.join(known)}")
    return list(roles)


def create_user(
    session: Session,
    username: str,
    password: str,
    roles: Iterable[str],
    *,
    actor: str,
    display_name: str = "",
) -> User:
    """Add a user with ``roles`` (names, e.g. ``["analyst"]``); audited as ``user.create``."""
    username = username.strip()
    if not username:
        raise UserError("a user needs a username")
    if session.scalars(select(User.id).where(User.username == username)).first() is not None:
        raise UserError(f"user {username!r} exists already")
    user = User(
        username=username,
        password_hash=hash_password(password),
        display_name=display_name,
        roles=_roles(session, roles),
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        None,
        {"username": username, "roles": sorted(user.role_names)},
    )
    return user


def set_roles(session: Session, user: User, roles: Iterable[str], *, actor: str) -> None:
    """Replace ``user``'s roles; audited as ``user.roles`` with the old and new roles."""
    before = sorted(user.role_names)
    user.roles = _roles(session, roles)
    session.flush()
    record(
        session,
        actor,
        "user.roles",
        "user",
        user.id,
        None,
        {"before": before, "after": sorted(user.role_names)},
    )


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user ``username`` when ``password`` is right, else None.

    An unknown name costs as much time as a wrong password, so timing tells nothing.
    """
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def find_user(session: Session, username: str) -> User | None:
    """The user called ``username``, or None."""
    return session.scalars(select(User).where(User.username == username)).one_or_none()
