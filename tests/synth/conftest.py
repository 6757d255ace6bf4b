"""Fixtures for the synthetic-data tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_UN_LIST = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "lists"
    / "un_consolidated_2026-02-27.xml"
)


@pytest.fixture
def shared_un_list() -> Path:
    """The real UN list in ../shared/data; the test is skipped when it is absent."""
    if not SHARED_UN_LIST.is_file():
        pytest.skip(f"real UN list not found at {SHARED_UN_LIST} (../shared/data absent)")
    return SHARED_UN_LIST.resolve()
