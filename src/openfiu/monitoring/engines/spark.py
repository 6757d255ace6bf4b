"""The cluster engine: Apache Spark SQL, in local mode on one machine or on a cluster.

Example::

    engine = SparkEngine(master="local[2]")            # or "spark://host:7077", "yarn"
    engine.use_transactions([Path("transactions/")])
    alerts = run_rules(engine)
    engine.close()

``pyspark`` is an optional dependency (``pip install openfiu[spark]``) and needs Java 17
or later. Results come back as Arrow tables (``DataFrame.toArrow``), so rule rows reach
Python without pandas. Sessions are kept small by default (4 shuffle partitions, adaptive
execution that merges small ones, no web UI); pass ``config`` for a real cluster.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from openfiu.monitoring.engines.base import EngineError, check_transaction_paths

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: The derived columns of view ``tx``, as in the DuckDB engine: whole seconds and whole
#: days since 1970 (UTC), rounded down.
TIME_COLUMNS = (
    "CAST(FLOOR(unix_micros(CAST(`timestamp` AS TIMESTAMP)) / 1000000) AS BIGINT) AS t",
    "CAST(FLOOR(unix_micros(CAST(`timestamp` AS TIMESTAMP)) / 86400000000) AS INT) AS day",
)

DEFAULT_CONFIG: Mapping[str, str] = {
    "spark.sql.shuffle.partitions": "4",
    # Adaptive execution (Spark's default since 3.2, stated so a cluster's own defaults do
    # not turn it off): small shuffles are merged into fewer partitions, and a join side
    # found small at run time (a rule's focus accounts, its flagged spans) is broadcast.
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.driver.memory": "1g",
    "spark.ui.showConsoleProgress": "false",
}


def spark_available() -> str | None:
    """``None`` when pyspark and Java are there, else the reason they are not."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'openfiu[spark]')"
    if shutil.which("java") is None:
        return "no Java runtime on PATH (Spark needs Java 17+)"
    return None


def make_session(
    master: str = "local[2]", config: Mapping[str, str] | None = None, app_name: str = "openfiu"
) -> SparkSession:
    """A Spark session with :data:`DEFAULT_CONFIG` plus ``config``."""
    reason = spark_available()
    if reason:
        raise EngineError(f"cannot start Spark: {reason}")
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder.master(master).appName(app_name)
    for key, value in {**DEFAULT_CONFIG, **(config or {})}.items():
        builder = builder.config(key, value)
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """Runs the rule pack with Spark SQL.

    Pass ``session`` to share one Spark session (tests do); the engine then leaves it
    running on :meth:`close` and only drops its own views. With ``cache`` the view ``tx``
    is cached on first use, so queries that each read all of ``tx`` do not read Parquet
    again. It is off by default: the rule pack reads Parquet once, to cache its view
    ``moves`` (every flow rule reads that), and once more for ``sanctioned_party``;
    caching all of ``tx`` first — four fifths of it card purchases no rule follows —
    cost more than it saved (1M rows: 49 s to cache at load 6).

    With ``stage_ctes`` (the default) :func:`~openfiu.monitoring.run.run_rules` runs each
    rule (``Rule.staged``) step by step and caches the steps read more than once
    (:mod:`openfiu.monitoring.rules.stages`): Spark would otherwise recompute every common
    table expression at each place that reads it (cycle at 1M rows: 126 s inlined, 20 s
    staged; a windowed rule's candidate rows and focus accounts three times over).
    """

    name = "spark"

    def __init__(
        self,
        master: str = "local[2]",
        *,
        config: Mapping[str, str] | None = None,
        session: SparkSession | None = None,
        cache: bool = False,
        stage_ctes: bool = True,
    ) -> None:
        self.cache = cache
        self.stage_ctes = stage_ctes
        self._owns_session = session is None
        self.session = session if session is not None else make_session(master, config)
        self._views: set[str] = set()

    def use_transactions(self, paths: Sequence[Path]) -> None:
        check_transaction_paths(paths)
        reader = self.session.read.option("mergeSchema", "true")
        if any(Path(p).is_dir() for p in paths):
            reader = reader.option("recursiveFileLookup", "true").option(
                "pathGlobFilter", "*.parquet"
            )
        frame = reader.parquet(*[str(p) for p in paths])
        frame.createOrReplaceTempView("tx_source")
        self._views.add("tx_source")
        self.session.sql(
            f"SELECT *, {', '.join(TIME_COLUMNS)} FROM tx_source"
        ).createOrReplaceTempView("tx")
        self._views.add("tx")
        if self.cache:
            self.session.catalog.cacheTable("tx")

    def register(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            frame = self.session.createDataFrame([], schema=_spark_schema(table.schema))
        else:
            frame = self.session.createDataFrame(table)
        frame.createOrReplaceTempView(name)
        self._views.add(name)

    def sql(self, query: str) -> pa.Table:
        try:
            result: pa.Table = self.session.sql(query).toArrow()
        except Exception as exc:  # pyspark raises many unrelated classes
            raise EngineError(f"spark: {exc}") from exc
        return result

    def close(self) -> None:
        for view in sorted(self._views):
            if view == "tx" and self.cache:
                self.session.catalog.uncacheTable("tx")
            self.session.catalog.dropTempView(view)
        self._views.clear()
        if self._owns_session:
            self.session.stop()


def _spark_schema(schema: pa.Schema) -> str:
    """A DDL schema string for the simple Arrow types of input tables."""
    names = {pa.string(): "STRING", pa.float64(): "DOUBLE", pa.int64(): "BIGINT"}
    parts = []
    for field in schema:
        kind = names.get(field.type)
        if kind is None:
            raise EngineError(f"column {field.name}: type {field.type} not supported in inputs")
        parts.append(f"`{field.name}` {kind}")
    return ", ".join(parts)
