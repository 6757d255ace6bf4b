"""The default engine: DuckDB, embedded and out-of-core over Parquet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa


def _parquet_glob(path: Path) -> str:
    return str(path / "**" / "*.parquet") if path.is_dir() else str(path)


class DuckDBEngine:
    """Runs the rule pack in-process with DuckDB.

    ``memory_limit`` (e.g. ``"8GB"``) and ``threads`` bound the resources; DuckDB spills to
    ``temp_directory`` beyond the memory limit, so data larger than memory is fine.
    """

    name = "duckdb"

    def __init__(
        self,
        *,
        database: str = ":memory:",
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        self.connection = duckdb.connect(database)
        if threads is not None:
            self.connection.execute(f"SET threads = {int(threads)}")
        if memory_limit is not None:
            self.connection.execute(f"SET memory_limit = '{_checked_size(memory_limit)}'")
        if temp_directory is not None:
            self.connection.execute("SET temp_directory = ?", [str(temp_directory)])
        self.connection.execute("SET TimeZone = 'UTC'")

    def use_transactions(self, paths: Sequence[Path]) -> None:
        files = [_parquet_glob(Path(p)) for p in paths]
        source = self.connection.read_parquet(files, union_by_name=True)
        self.connection.register("tx_source", source)
        self.connection.execute(
            """
            CREATE OR REPLACE VIEW tx AS
            SELECT *,
                   CAST(epoch("timestamp") AS BIGINT) AS t,
                   CAST(floor(epoch("timestamp") / 86400) AS INTEGER) AS day
            FROM tx_source
            """
        )

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)

    def sql(self, query: str) -> pa.Table:
        return self.connection.sql(query).to_arrow_table()

    def close(self) -> None:
        self.connection.close()


def _checked_size(size: str) -> str:
    cleaned = size.strip().upper().replace(" ", "")
    number = cleaned.rstrip("KMGTIB")
    if not number or not number.replace(".", "", 1).isdigit():
        raise ValueError(f"memory limit {size!r} is not a size such as '8GB'")
    return cleaned
