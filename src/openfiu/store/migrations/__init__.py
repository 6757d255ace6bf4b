"""Alembic migration environment and scripts of the store (run by :mod:`openfiu.store.migrate`)."""
