"""Persistence: one database for list versions, screening runs, alerts, cases, users and
the audit log. A SQLite file by default (no set-up), PostgreSQL in production.

Example::

    from openfiu.store import open_store
    from openfiu.store.models import Case

    store = open_store()                            # or open_store("postgresql://…")
    with store.transaction() as session:
        session.add(Case(reference="C-2024-001", title="Transfers to a listed company"))

The URL is ``OPENFIU_DATABASE_URL`` (``postgresql+psycopg://user@host/db``), else
``sqlite:///HOME/openfiu.db``. Schema changes are Alembic migrations shipped in the package
(:func:`upgrade`, ``openfiu db upgrade``). The tables are in :mod:`openfiu.store.models`;
the audit log is written with :func:`openfiu.audit.record`.
"""

from __future__ import annotations

from openfiu.store.alerts import save_alerts
from openfiu.store.attachments import make_attachment, read_attachment
from openfiu.store.connect import default_url, make_engine, resolve_url
from openfiu.store.core import Store, expect_version, open_store
from openfiu.store.errors import (
    AppendOnlyError,
    AttachmentTooLargeError,
    ConcurrentUpdateError,
    FourEyesError,
    MigrationError,
)
from openfiu.store.lists import load_entities, save_list_version
from openfiu.store.migrate import current_revision, head_revision, upgrade
from openfiu.store.runs import (
    JustificationRequiredError,
    RunRecorder,
    fail_stale_runs,
    screening_run,
)

__all__ = [
    "AppendOnlyError",
    "AttachmentTooLargeError",
    "ConcurrentUpdateError",
    "FourEyesError",
    "JustificationRequiredError",
    "MigrationError",
    "RunRecorder",
    "Store",
    "current_revision",
    "default_url",
    "expect_version",
    "fail_stale_runs",
    "head_revision",
    "load_entities",
    "make_attachment",
    "make_engine",
    "open_store",
    "read_attachment",
    "resolve_url",
    "save_alerts",
    "save_list_version",
    "screening_run",
    "upgrade",
]
