"""run_rules, write_alerts, parameters and rule inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.model import Entity, Name
from openfiu.monitoring.alerts import ALERT_SCHEMA
from openfiu.monitoring.engines.duckdb import DuckDBEngine, EngineError
from openfiu.monitoring.inputs import RuleInputError, RuleInputs, screen_parties
from openfiu.monitoring.rules import RULES, RULES_BY_NAME, RuleError
from openfiu.monitoring.run import RuleRun, alert_id, parse_params, run_rules, write_alerts
from openfiu.screening import Screener


@pytest.fixture()
def engine(scenarios_path: Path) -> DuckDBEngine:
    engine = DuckDBEngine(threads=1)
    engine.use_transactions([scenarios_path])
    return engine


def test_table_is_sorted_by_rule_then_score_and_ids_are_stable(engine: DuckDBEngine) -> None:
    first = run_rules(engine)
    again = run_rules(engine)
    assert first.schema.equals(ALERT_SCHEMA)
    assert first.equals(again)
    order = [r.name for r in RULES]
    rows = first.to_pylist()
    keys = [(order.index(r["rule"]), -r["score"], r["alert_id"]) for r in rows]
    assert keys == sorted(keys)
    assert len({r["alert_id"] for r in rows}) == len(rows)
    cycle = next(r for r in rows if r["rule"] == "cycle")
    start = int(cycle["window_start"].timestamp())
    end = int(cycle["window_end"].timestamp())
    assert cycle["alert_id"] == alert_id("cycle", ["CY3", "CY1", "CY2"], start, end)


def test_progress_reports_start_and_end_of_each_rule(engine: DuckDBEngine) -> None:
    events: list[RuleRun] = []
    table = run_rules(engine, ["fan_in", "fan_out"], progress=events.append)
    assert [(e.rule.name, e.alerts is None) for e in events] == [
        ("fan_in", True),
        ("fan_in", False),
        ("fan_out", True),
        ("fan_out", False),
    ]
    assert sum(e.alerts or 0 for e in events) == table.num_rows


def test_write_alerts_round_trip(engine: DuckDBEngine, tmp_path: Path) -> None:
    table = run_rules(engine, ["cycle", "structuring"])
    path = write_alerts(table, tmp_path / "out" / "alerts.parquet")
    back = pq.read_table(path)
    assert back.equals(table)
    for column in ("alert_id", "rule", "score", "accounts", "transactions", "explanation"):
        assert column in back.column_names


def test_parse_params() -> None:
    assert parse_params(["cycle.max_hops=5", "cycle.ordered=0", "structuring.margin=0.2"]) == {
        "cycle": {"max_hops": "5", "ordered": "0"},
        "structuring": {"margin": "0.2"},
    }
    for bad in ("cycle=5", "max_hops=5", "cycle.max_hops", "cycle.max_hops="):
        with pytest.raises(RuleError, match=r"RULE.NAME=VALUE"):
            parse_params([bad])


def test_cycle_parameters_reach_the_sql(engine: DuckDBEngine) -> None:
    assert run_rules(engine, ["cycle"], params={"cycle": {"max_hops": 2}}).num_rows == 0
    loose = run_rules(engine, ["cycle"], params={"cycle": {"amount_tolerance": 1.0}})
    assert {tuple(r["accounts"]) for r in loose.to_pylist()} == {
        ("CY1", "CY2", "CY3"),
        ("CN1", "CN2", "CN3"),
    }


def test_bad_inputs_are_named() -> None:
    with pytest.raises(RuleInputError, match=r"'Iran'"):
        RuleInputs(high_risk={"Iran": "call_for_action"}).tables()
    with pytest.raises(RuleInputError, match=r"IR: list 'black'"):
        RuleInputs(high_risk={"IR": "black"}).tables()
    with pytest.raises(RuleInputError, match=r"lacks column.*reference"):
        RuleInputs(sanctioned=pa.table({"party_id": ["P"], "score": [1.0]})).tables()


def test_screen_parties_through_the_screening_api(engine: DuckDBEngine) -> None:
    entity = Entity(
        id="test:Z.1",
        reference="Z.1",
        source="test",
        kind="organization",
        names=[Name("Qoravul Silk Import Trading LLC")],
        list_type="TEST",
    )
    screener = Screener.from_entities([entity])
    parties = [
        {"party_id": "PARTY-BAD", "name": "Qoravul Silk Import Trading LLC"},
        {"party_id": "PARTY-OK", "name": "Brightwater Bakery Cooperative"},
    ]
    hits = screen_parties(screener, parties)
    assert hits.column("party_id").to_pylist() == ["PARTY-BAD"]
    assert hits.column("reference").to_pylist() == ["Z.1"]
    inputs = RuleInputs().with_sanctions(hits)
    found = run_rules(engine, ["sanctioned_party"], inputs=inputs).to_pylist()
    assert [r["accounts"] for r in found] == [["SP1", "SP2"]]
    assert json.loads(found[0]["values"])["entries"] == ["Z.1"]
    with pytest.raises(RuleInputError, match=r"parties row 1: needs a party_id and a name"):
        screen_parties(screener, [{"party_id": "P1"}])


@pytest.mark.shared_data
def test_amlsim_network_rules_find_laundering_accounts(amlsim_canonical: Path) -> None:
    """On AMLSim, alert accounts are far likelier launderers than the 7 % base rate."""
    engine = DuckDBEngine(threads=2)
    engine.use_transactions([amlsim_canonical])
    labels = engine.sql(
        """SELECT DISTINCT a AS account FROM (
             SELECT from_account AS a FROM tx WHERE is_laundering
             UNION SELECT to_account FROM tx WHERE is_laundering)"""
    )
    bad = set(labels.column("account").to_pylist())
    alerts = run_rules(engine, ["scatter_gather", "gather_scatter", "fan_out"])
    flagged = {a for row in alerts.to_pylist() for a in row["accounts"]}
    assert flagged
    precision = len(flagged & bad) / len(flagged)
    assert precision > 0.3, precision


def test_moves_is_built_for_the_rules_and_dropped_after(engine: DuckDBEngine) -> None:
    assert RULES_BY_NAME["fan_in"].reads_moves
    assert not RULES_BY_NAME["sanctioned_party"].reads_moves
    run_rules(engine, ["fan_in"])
    with pytest.raises(EngineError, match="moves"):
        engine.sql("SELECT COUNT(*) FROM moves")
    engine.sql("CREATE TEMP TABLE scratch AS SELECT 1 AS x")  # statements run through sql()
    assert engine.sql("SELECT x FROM scratch").column("x").to_pylist() == [1]
    assert isinstance(engine.sql("DROP TABLE scratch"), pa.Table)
