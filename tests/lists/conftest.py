"""Shared fixtures for the list tests: our synthetic fixtures and the real shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_LISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_lists() -> Path:
    """The real lists in ../shared/data/lists; the test is skipped when they are absent."""
    if not SHARED_LISTS.is_dir():
        pytest.skip(f"real list data not found at {SHARED_LISTS} (../shared/data absent)")
    return SHARED_LISTS.resolve()
