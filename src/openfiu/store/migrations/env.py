"""Alembic environment: runs migrations on the connection :mod:`openfiu.store.migrate` gives.

There is no ``alembic.ini`` and no offline (SQL script) mode: call
:func:`openfiu.store.upgrade` or ``openfiu db upgrade``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from openfiu.store.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations with openfiu.store.upgrade(url) or `openfiu db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
