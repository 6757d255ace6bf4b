"""The default engine: DuckDB, embedded and out-of-core over Parquet.

Example::

    engine = DuckDBEngine(threads=2, memory_limit="8GB", temp_directory=Path("/tmp/spill"))
    engine.use_transactions([Path("transactions/")])
    engine.sql("SELECT count(*) AS n FROM tx")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from openfiu.errors import OpenFIUError


class EngineError(OpenFIUError):
    """An engine cannot start, read its input or run a query."""


def _parquet_glob(path: Path) -> str:
    return str(path / "**" / "*.parquet") if path.is_dir() else str(path)


#: The derived columns of view ``tx``: whole seconds and whole days since 1970 (UTC),
#: rounded down, exactly as :class:`~openfiu.monitoring.engines.spark.SparkEngine` does.
TIME_COLUMNS = """
       CAST(floor(epoch_us("timestamp") / 1000000) AS BIGINT) AS t,
       CAST(floor(epoch_us("timestamp") / 86400000000) AS INTEGER) AS day"""


class DuckDBEngine:
    """Runs the rule pack in-process with DuckDB.

    ``memory_limit`` (e.g. ``"8GB"``) and ``threads`` bound the resources; DuckDB spills to
    ``temp_directory`` beyond the memory limit, so data larger than memory is fine.
    ``progress`` turns on DuckDB's own progress bar for long queries.

    With ``materialize`` (the default) :meth:`use_transactions` reads the Parquet files
    once into a temporary table, so the fifteen rules do not each decode them again
    (about twice as fast); the table lives in DuckDB's buffer manager and spills to
    ``temp_directory`` like any other data. ``materialize=False`` keeps a plain view.
    """

    name = "duckdb"

    def __init__(
        self,
        *,
        database: str = ":memory:",
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
        progress: bool = False,
        materialize: bool = True,
    ) -> None:
        self.materialize = materialize
        self.connection = duckdb.connect(database)
        if threads is not None:
            if int(threads) < 1:
                raise EngineError(f"threads={threads}: give at least 1")
            self.connection.execute(f"SET threads = {int(threads)}")
        if memory_limit is not None:
            self.connection.execute(f"SET memory_limit = '{_checked_size(memory_limit)}'")
        if temp_directory is not None:
            Path(temp_directory).mkdir(parents=True, exist_ok=True)
            self.connection.execute("SET temp_directory = ?", [str(temp_directory)])
        self.connection.execute("SET TimeZone = 'UTC'")
        self.connection.execute(f"SET enable_progress_bar = {'true' if progress else 'false'}")

    def use_transactions(self, paths: Sequence[Path]) -> None:
        if not paths:
            raise EngineError("no transaction files given")
        for path in paths:
            if not Path(path).exists():
                raise EngineError(f"{path}: no such transaction file or folder")
        files = [_parquet_glob(Path(p)) for p in paths]
        source = self.connection.read_parquet(files, union_by_name=True)
        self.connection.register("tx_source", source)
        self.connection.execute(
            f"CREATE OR REPLACE VIEW tx AS SELECT *,{TIME_COLUMNS} FROM tx_source"
        )

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)

    def sql(self, query: str) -> pa.Table:
        try:
            return self.connection.sql(query).to_arrow_table()
        except duckdb.Error as exc:
            raise EngineError(f"duckdb: {exc}") from exc

    def close(self) -> None:
        self.connection.close()


def _checked_size(size: str) -> str:
    cleaned = size.strip().upper().replace(" ", "")
    number = cleaned.rstrip("KMGTIB")
    if not number or not number.replace(".", "", 1).isdigit():
        raise EngineError(f"memory limit {size!r} is not a size such as '8GB'")
    return cleaned
