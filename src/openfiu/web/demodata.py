"""Demo data for the web application: what ``openfiu demo`` puts in the store.

The synthetic list version, the batch screening of the synthetic customers as a stored
screening run with its matches, the monitoring alerts, five demo users (one per role) and
a demo case opened by the analyst from the best screening hit and granted to the reviewer
by the supervisor. ``openfiu serve --demo OUT`` then serves that store, so the alert queue,
the case and the four-eyes review are populated from the first sign-in.

Example::

    store = open_store(demo_database_url(out_dir))
    filled = fill_demo_store(store, version, screener, customers_path, matches_path,
                             alerts, password=new_demo_password())

Every write goes through the store and case services, so the demo's own actions are in
the audit log like anyone else's (``via: demo``). Demo users share one random password,
printed once by ``openfiu demo``: it is for the synthetic demo store only.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from openfiu.audit import hash_password, record
from openfiu.cases import acting_via, escalate, grant_access
from openfiu.config import get_settings
from openfiu.store import Store, save_alerts, save_list_version, screening_run
from openfiu.store.models import Role, ScreeningMatch, User

if TYPE_CHECKING:
    from openfiu.lists import ListVersion
    from openfiu.screening import Screener

DATABASE_FILE = "openfiu.db"
"""The demo's SQLite store inside the demo folder (unless ``OPENFIU_DATABASE_URL`` is set)."""

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("analyst", "analyst", "Demo Analyst"),
    ("reviewer", "reviewer", "Demo Reviewer"),
    ("supervisor", "supervisor", "Demo Supervisor"),
    ("auditor", "auditor", "Demo Auditor"),
    ("admin", "admin", "Demo Admin"),
)
"""(username, role, display name) of the demo users."""

RUN_PURPOSE = "openfiu demo: onboarding screening of the synthetic customers"
QUERY_FIELDS = ("name", "birth_date", "nationality", "gender", "kind")


@dataclass
class DemoStore:
    """What :func:`fill_demo_store` wrote."""

    where: str
    list_version_id: int
    run_id: int
    records: int
    matches: int
    alerts: int
    users_created: list[str] = field(default_factory=list)
    users_kept: list[str] = field(default_factory=list)
    case: str | None = None


def new_demo_password() -> str:
    """A random password for the demo users (printed once; 16 url-safe characters)."""
    return "demo-" + secrets.token_urlsafe(12)


def demo_database_url(out_dir: Path) -> str:
    """``OPENFIU_DATABASE_URL`` when set, else the SQLite file ``OUT/openfiu.db``."""
    configured = get_settings().database_url
    if configured:
        return str(configured)
    return f"sqlite:///{(out_dir / DATABASE_FILE).resolve()}"


def reset_demo_database(out_dir: Path) -> None:
    """Remove the demo's own SQLite file (and its WAL files) so each demo starts afresh.
    A configured ``OPENFIU_DATABASE_URL`` is never touched."""
    if get_settings().database_url:
        return
    for suffix in ("", "-wal", "-shm"):
        (out_dir / (DATABASE_FILE + suffix)).unlink(missing_ok=True)


def _customers(path: Path, wanted: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["id"] in wanted:
                found[row["id"]] = {k: row[k] for k in QUERY_FIELDS if row.get(k)}
    return found


def _matched_ids(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        if row.get("reference"):
            seen.setdefault(str(row["record_id"]), None)
    return list(seen)


def _users(store: Store, password: str, result: DemoStore) -> None:
    """Create the demo users that do not exist yet. They share one password, hashed once
    (argon2 costs a quarter of a second a hash on a busy machine); each is audited as
    ``user.create`` like :func:`openfiu.audit.create_user` does."""
    shared: str | None = None
    with store.transaction() as session:
        for username, role, display in DEMO_USERS:
            if session.scalars(select(User.id).where(User.username == username)).first():
                result.users_kept.append(username)
                continue
            shared = shared or hash_password(password)
            roles = list(session.scalars(select(Role).where(Role.name == role)))
            user = User(username=username, password_hash=shared, display_name=display, roles=roles)
            session.add(user)
            session.flush()
            details = {"username": username, "roles": [role], "via": "demo"}
            record(session, "system:demo", "user.create", "user", user.id, None, details)
            result.users_created.append(username)


def _demo_case(store: Store, run_id: int) -> str | None:
    with store.transaction() as session:
        best = session.scalars(
            select(ScreeningMatch.id)
            .where(ScreeningMatch.run_id == run_id)
            .order_by(ScreeningMatch.score.desc(), ScreeningMatch.id)
            .limit(1)
        ).first()
        if best is None:
            return None
        with acting_via("demo"):
            case = escalate(
                session,
                "analyst",
                f"match:{best}",
                reason="demo: the best screening hit of the onboarding batch",
            )
            grant_access(
                session,
                "supervisor",
                case,
                to_user="reviewer",
                reason="demo: the reviewer checks the analyst's decisions",
            )
        return case.reference


def fill_demo_store(
    store: Store,
    version: ListVersion,
    screener: Screener,
    customers_path: Path,
    match_rows: Iterable[Mapping[str, Any]],
    alerts: Sequence[Mapping[str, Any]],
    *,
    password: str,
    records: int,
) -> DemoStore:
    """Put the demo's list, screening run, alerts, users and case into ``store``.

    ``match_rows`` are the rows of the batch's matches file: the records that matched are
    screened again to keep each match whole (features, query) in the stored run;
    ``records`` is how many customers the batch screened.
    """
    with store.transaction() as session:
        list_id = save_list_version(session, version).id
    result = DemoStore(store.describe(), list_id, 0, records, 0, 0)
    _users(store, password, result)
    wanted = _matched_ids(match_rows)
    customers = _customers(customers_path, set(wanted))
    ids = [i for i in wanted if i in customers]
    found = screener.screen_many([customers[i] for i in ids]) if ids else []
    parameters = {"threshold": float(screener.threshold), "input": customers_path.name}
    with screening_run(store, "analyst", RUN_PURPOSE, parameters, list_version_id=list_id) as run:
        for record_id, matches in zip(ids, found, strict=True):
            for match in matches:
                run.add({**match.to_dict(), "record_id": record_id}, customers[record_id])
        run.count_records(records)
    result.run_id = run.run_id
    result.matches = len(run.rows)
    with store.transaction() as session:
        result.alerts = save_alerts(session, alerts)
    result.case = _demo_case(store, run.run_id)
    return result


__all__ = [
    "DATABASE_FILE",
    "DEMO_USERS",
    "DemoStore",
    "demo_database_url",
    "fill_demo_store",
    "new_demo_password",
    "reset_demo_database",
]
