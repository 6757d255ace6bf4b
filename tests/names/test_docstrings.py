"""The examples in the package's docstrings are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "__init__",
    "analysis",
    "compare",
    "explain",
    "normalize",
    "parts",
    "similarity",
    "translit",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(
        "openfiu.names" if name == "__init__" else f"openfiu.names.{name}"
    )
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0
