"""Both engines: the same view ``tx`` and the same alerts, to the last character."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.monitoring.engines.duckdb import DuckDBEngine, EngineError
from openfiu.monitoring.inputs import RuleInputs
from openfiu.monitoring.run import run_rules

from .conftest import EXPECTED, SANCTIONED


def _odd_times(tmp_path: Path) -> Path:
    """Timestamps a hair before midnight and with fractions of a second above one half."""
    times = [
        dt.datetime(2024, 3, 1, 23, 59, 59, 999_999, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 2, 0, 0, 0, 600_000, tzinfo=dt.UTC),
        dt.datetime(1999, 12, 31, 12, 0, 0, 500_000, tzinfo=dt.UTC),
    ]
    table = pa.table(
        {"tx_id": ["a", "b", "c"], "timestamp": pa.array(times, pa.timestamp("us", tz="UTC"))}
    )
    path = tmp_path / "times.parquet"
    pq.write_table(table, path)
    return path


EXPECTED_TIMES = [
    ("a", 1709337599, 19783),
    ("b", 1709337600, 19784),
    ("c", 946641600, 10956),
]


def test_duckdb_time_columns_round_down(tmp_path: Path) -> None:
    engine = DuckDBEngine()
    engine.use_transactions([_odd_times(tmp_path)])
    rows = engine.sql("SELECT tx_id, t, day FROM tx ORDER BY tx_id").to_pylist()
    assert [(r["tx_id"], r["t"], r["day"]) for r in rows] == EXPECTED_TIMES


def test_duckdb_options_and_errors(tmp_path: Path) -> None:
    engine = DuckDBEngine(threads=1, memory_limit="1GB", temp_directory=tmp_path / "spill")
    assert engine.sql("SELECT current_setting('threads') AS n").column("n")[0].as_py() == 1
    assert (tmp_path / "spill").is_dir()
    with pytest.raises(EngineError, match=r"'lots' is not a size"):
        DuckDBEngine(memory_limit="lots")
    with pytest.raises(EngineError, match=r"nowhere.parquet: no such transaction file"):
        engine.use_transactions([tmp_path / "nowhere.parquet"])
    with pytest.raises(EngineError, match=r"duckdb: .*no_such_table"):
        engine.sql("SELECT * FROM no_such_table")


def test_duckdb_reads_a_folder_of_parts(scenarios_path: Path, tmp_path: Path) -> None:
    table = pq.read_table(scenarios_path)
    folder = tmp_path / "parts"
    (folder / "sub").mkdir(parents=True)
    pq.write_table(table.slice(0, 50), folder / "part-0.parquet")
    pq.write_table(table.slice(50), folder / "sub" / "part-1.parquet")
    for materialize in (True, False):
        engine = DuckDBEngine(materialize=materialize)
        engine.use_transactions([scenarios_path])
        engine.use_transactions([folder])  # replaces the first data
        count = engine.sql("SELECT count(*) AS n FROM tx").column("n")[0].as_py()
        assert count == table.num_rows


@pytest.fixture(scope="module")
def spark_engine(spark_session: Any, scenarios_path: Path) -> Any:
    from openfiu.monitoring.engines.spark import SparkEngine

    engine = SparkEngine(session=spark_session)  # defaults: rules run step by step
    engine.use_transactions([scenarios_path])
    yield engine
    engine.close()


def test_spark_time_columns_match_duckdb(spark_session: Any, tmp_path: Path) -> None:
    from openfiu.monitoring.engines.spark import SparkEngine

    engine = SparkEngine(session=spark_session)
    engine.use_transactions([_odd_times(tmp_path)])
    rows = engine.sql("SELECT tx_id, t, day FROM tx ORDER BY tx_id").to_pylist()
    engine.close()
    assert [(r["tx_id"], r["t"], r["day"]) for r in rows] == EXPECTED_TIMES


#: Shallower path searches than the defaults keep Spark's per-query planning short in
#: tests; the scenarios' cycle (3 hops) and chain (4 hops) fit, so every rule still fires.
TEST_PARAMS = {"cycle": {"max_hops": 4}, "layering_chain": {"max_hops": 4}}


def test_whole_pack_gives_identical_alerts_on_duckdb_and_spark(
    spark_engine: Any, scenarios_path: Path
) -> None:
    """Spark as configured by default: every rule step by step, the steps read more than
    once cached, distinct counts as set sizes."""
    inputs = RuleInputs().with_sanctions(SANCTIONED)
    duck = DuckDBEngine(threads=2)
    duck.use_transactions([scenarios_path])
    expected = run_rules(duck, params=TEST_PARAMS, inputs=inputs)
    got = run_rules(spark_engine, params=TEST_PARAMS, inputs=inputs)
    assert set(expected.column("rule").to_pylist()) == set(EXPECTED)
    assert expected.num_rows == sum(len(focus) for focus in EXPECTED.values())
    assert got.column_names == expected.column_names
    for column in expected.column_names:
        assert got.column(column).to_pylist() == expected.column(column).to_pylist(), column
    assert got.equals(expected)


def test_spark_errors_are_engine_errors(spark_engine: Any, tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"spark: .*no_such_table"):
        spark_engine.sql("SELECT * FROM no_such_table")
    with pytest.raises(EngineError, match=r"no such transaction file"):
        spark_engine.use_transactions([tmp_path / "nowhere"])


def test_whole_queries_give_the_same_alerts(spark_engine: Any, scenarios_path: Path) -> None:
    """Unstaged (each rule's SQL as one query, as DuckDB runs it) Spark still gives
    DuckDB's alerts (a windowed rule, a self-join and a path search), and the staged run
    of the other test left no step behind as a view or a cached table."""
    rules = ["smurfing", "fan_out", "scatter_gather"]
    duck = DuckDBEngine(threads=1)
    duck.use_transactions([scenarios_path])
    expected = run_rules(duck, rules)
    spark_engine.stage_ctes = False
    try:
        got = run_rules(spark_engine, rules)
    finally:
        spark_engine.stage_ctes = True
    assert expected.num_rows == sum(len(EXPECTED[rule]) for rule in rules)
    assert got.equals(expected)
    steps = {"e", "relay", "pairs", "groups", "hit", "members", "found", "moves", "cand"}
    steps |= {"focus", "grid", "flagged", "spans", "hits", "alerts", "p1", "x2", "q1"}
    views = {row.name for row in spark_engine.session.catalog.listTables()}
    assert not views & steps
