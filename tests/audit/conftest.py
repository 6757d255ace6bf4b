"""The store fixtures of tests/store/conftest.py — a migrated store on SQLite (always) and
PostgreSQL (when ``OPENFIU_TEST_DATABASE_URL`` is set), ``database_url``, ``people`` —
imported, so they are defined once."""

from store.conftest import (  # type: ignore[import-not-found]
    PEOPLE,
    PG_ENV,
    _isolated,
    _postgresql_store_url,
    database_url,
    people,
    store,
)

__all__ = [
    "PEOPLE",
    "PG_ENV",
    "_isolated",
    "_postgresql_store_url",
    "database_url",
    "people",
    "store",
]
