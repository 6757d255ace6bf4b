"""Fixtures: a migrated store on SQLite (always) and PostgreSQL (when configured), people
with roles and teams, and a screening match and a monitoring alert to work on.

PostgreSQL runs when ``OPENFIU_TEST_DATABASE_URL`` is set (CI:
``postgresql://postgres@127.0.0.1:5432/test``). Tests of migrations get a fresh empty
schema each; the others share one schema migrated once per session and emptied before
each test. Every schema is dropped afterwards, so reruns start clean. (The store fixtures are imported from tests/store/conftest.py.)
"""

from __future__ import annotations

import pytest

from openfiu.store import Store
from store.conftest import (  # type: ignore[import-not-found]
    PG_ENV,
    _isolated,
    _postgresql_store_url,
    make_people,
    store,
)

__all__ = ["PG_ENV", "_isolated", "_postgresql_store_url", "store"]


PEOPLE = {
    "ana": ("analyst",),
    "alex": ("analyst",),
    "bea": ("analyst",),
    "rex": ("reviewer",),
    "rita": ("analyst", "reviewer"),
    "sue": ("supervisor",),
    "otto": ("auditor",),
    "adam": ("admin",),
}
"""Test users and their roles (invented names). ``bea`` and ``rex`` are in team ``fin``."""

TEAMS = {"bea": "fin", "rex": "fin"}


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    """The :data:`PEOPLE` as users (username → id), with their :data:`TEAMS`."""
    return make_people(store, PEOPLE, TEAMS)


@pytest.fixture
def match_key(store: Store, people: dict[str, int]) -> str:
    """A screening match (a customer's name resembling a listed person), as a work-item key."""
    from sqlalchemy import select

    from openfiu.store import screening_run
    from openfiu.store.models import ScreeningMatch

    query = {"name": "Kadyr Zarkov", "birth_date": "1971"}
    with screening_run(store, "ana", "onboarding check, application 2024/117") as run:
        run.add(
            {
                "score": 0.91,
                "name_score": 0.95,
                "reference": "QDi.999",
                "entity_id": "un-sc:QDi.999",
                "source": "un-sc",
                "list_type": "UN",
                "kind": "person",
                "primary_name": "Kadir Zarkov",
                "matched_name": "Kadir Zarkov",
                "query_name": "Kadyr Zarkov",
                "explanation": "name 0.95 (transliteration); birth year agrees",
                "features": {"name": 0.95},
                "record_id": "CUST-7",
            },
            query=query,
        )
        run.count_records(1)
    with store.transaction() as session:
        match_id = session.scalars(select(ScreeningMatch.id)).one()
    return f"match:{match_id}"


@pytest.fixture
def alert_key(store: Store, people: dict[str, int]) -> str:
    """A monitoring alert on two accounts, as a work-item key."""
    from sqlalchemy import select

    from openfiu.store import save_alerts
    from openfiu.store.models import Alert

    alert = {
        "alert_id": "A-17",
        "rule": "structuring",
        "typology": "placement",
        "score": 0.72,
        "accounts": ["ACC-1", "ACC-2"],
        "transactions": ["T1", "T2", "T3"],
        "values": '{"deposits": 3}',
        "explanation": "3 cash deposits just under the threshold in 2 days",
    }
    with store.transaction() as session:
        save_alerts(session, [alert])
        row_id = session.scalars(select(Alert.id)).one()
    return f"alert:{row_id}"
