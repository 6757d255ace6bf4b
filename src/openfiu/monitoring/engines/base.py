"""The narrow interface every engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from openfiu.errors import OpenFIUError


class EngineError(OpenFIUError):
    """An engine cannot start, read its input or run a query."""


def check_transaction_paths(paths: Sequence[Path]) -> None:
    """Refuse an empty list of transaction files or one that does not exist, before an
    engine tries to read them (every engine's :meth:`Engine.use_transactions` calls it)."""
    if not paths:
        raise EngineError("no transaction files given")
    for path in paths:
        if not Path(path).exists():
            raise EngineError(f"{path}: no such transaction file or folder")


class Engine(Protocol):
    """Runs SQL over the canonical transactions (``openfiu.monitoring.schema``).

    After :meth:`use_transactions` the view ``tx`` holds the canonical columns plus two
    derived ones every rule may use: ``t`` (BIGINT, seconds since 1970-01-01 UTC) and
    ``day`` (INTEGER, days since 1970-01-01 UTC). Rules use those for time windows
    (``RANGE BETWEEN 604800 PRECEDING AND CURRENT ROW``) so the same SQL runs on DuckDB
    and on Spark.
    """

    name: str

    def use_transactions(self, paths: Sequence[Path]) -> None:
        """Register the view ``tx`` over canonical Parquet files (or folders of them)."""

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` (inputs such as high-risk countries)."""

    def sql(self, query: str) -> pa.Table:
        """Run one query and return its result as an Arrow table."""

    def close(self) -> None:
        """Release the engine's resources."""
