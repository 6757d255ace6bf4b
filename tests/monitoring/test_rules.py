"""The rule pack on handcrafted data: each rule fires where it should, near misses do not."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from openfiu.monitoring.engines.duckdb import DuckDBEngine
from openfiu.monitoring.inputs import RuleInputs
from openfiu.monitoring.rules import DIALECTS, RULES, RULES_BY_NAME, RuleError, select_rules
from openfiu.monitoring.rules.base import as_doubles
from openfiu.monitoring.run import run_rules

from .conftest import EXPECTED, SANCTIONED

TYPOLOGIES = {
    "structuring", "smurfing", "fan_in", "fan_out", "scatter_gather", "gather_scatter",
    "cycle", "pass_through", "layering_chain", "conflict_cashout", "cash_to_high_risk",
    "npo_diversion", "crypto_offramp", "high_risk_jurisdiction", "sanctioned_party",
}  # fmt: skip


@pytest.fixture(scope="module")
def engine(scenarios_path: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(threads=2)
    engine.use_transactions([scenarios_path])
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def alerts(engine: DuckDBEngine) -> pa.Table:
    return run_rules(engine, inputs=RuleInputs().with_sanctions(SANCTIONED))


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_rule_fires_exactly_on_its_scenario(alerts: pa.Table, rule: str) -> None:
    rows = [r for r in alerts.to_pylist() if r["rule"] == rule]
    assert rows, f"{rule} found nothing"
    assert {_account_of(r) for r in rows} == EXPECTED[rule]


def _account_of(row: dict[str, object]) -> str:
    """The focus account named by the explanation ('Account X …' or '… left account X …')."""
    text = str(row["explanation"])
    match = re.search(r"[Aa]ccount (\S+?)[ ,]", text)
    assert match, text
    return match.group(1)


def test_alerts_name_accounts_transactions_values_and_one_sentence(alerts: pa.Table) -> None:
    for row in alerts.to_pylist():
        assert row["accounts"] == sorted(set(row["accounts"]))
        assert row["transactions"] and row["transactions"] == sorted(set(row["transactions"]))
        assert 0.0 <= row["score"] <= 1.0
        assert row["window_start"] <= row["window_end"]
        values = json.loads(row["values"])
        assert values["thresholds"] == dict(RULES_BY_NAME[row["rule"]].params)
        text = row["explanation"]
        assert text.endswith(".") and text.count(". ") == 0, text
        assert "{" not in text


def test_alert_contents_of_known_scenarios(alerts: pa.Table) -> None:
    by_rule = {r["rule"]: r for r in alerts.to_pylist()}
    structuring = by_rule["structuring"]
    assert structuring["transactions"] == ["T0001", "T0002", "T0003"]
    assert structuring["amount_base"] == 28500.0
    assert json.loads(structuring["values"])["deposits"] == 3
    cycle = by_rule["cycle"]
    assert cycle["accounts"] == ["CY1", "CY2", "CY3"]
    assert json.loads(cycle["values"])["hops"] == 3
    chain = by_rule["layering_chain"]
    assert chain["accounts"] == ["L0", "L1", "L2", "L3", "L4"]
    assert len(chain["transactions"]) == 4
    scatter = by_rule["scatter_gather"]
    assert scatter["accounts"] == ["M0", "M1", "M2", "SG_S", "SG_T"]
    assert by_rule["sanctioned_party"]["score"] == 0.93
    assert "TEST.001" in by_rule["sanctioned_party"]["explanation"]


def test_every_rule_uses_a_known_typology_and_renders_for_both_engines() -> None:
    assert {r.typology for r in RULES} == TYPOLOGIES
    for rule in RULES:
        for dialect in DIALECTS.values():
            sql = rule.render(dialect)
            assert "{" not in sql and "LIST_OF(" not in sql and "ARRAY_OF(" not in sql
        assert len(rule.description) > 20


def test_parameters_change_what_fires(engine: DuckDBEngine) -> None:
    stricter = run_rules(engine, ["structuring"], params={"structuring": {"min_deposits": 4}})
    assert stricter.num_rows == 0
    wider = run_rules(engine, ["structuring"], params={"structuring": {"window_days": 60}})
    assert {_account_of(r) for r in wider.to_pylist()} == {"STR1", "STR3"}
    higher = run_rules(engine, ["structuring"], params={"structuring": {"threshold": "10000.5"}})
    assert {_account_of(r) for r in higher.to_pylist()} == {"STR1", "STR2"}


def test_inputs_are_overridable(engine: DuckDBEngine) -> None:
    no_somalia = RuleInputs(conflict_zones=("AF",))
    assert run_rules(engine, ["conflict_cashout"], inputs=no_somalia).num_rows == 0
    assert run_rules(engine, ["sanctioned_party"]).num_rows == 0  # no hits registered
    iran_ok = RuleInputs(high_risk={"SY": "increased_monitoring"})
    assert run_rules(engine, ["high_risk_jurisdiction"], inputs=iran_ok).num_rows == 0


def test_bad_rule_names_and_parameters_are_clear_errors(engine: DuckDBEngine) -> None:
    with pytest.raises(RuleError, match=r"unknown rule.*nope; known: structuring"):
        select_rules(["structuring", "nope"])
    with pytest.raises(RuleError, match=r"no parameter 'treshold'"):
        run_rules(engine, ["structuring"], params={"structuring": {"treshold": 1}})
    with pytest.raises(RuleError, match=r"min_deposits='many' is not a int"):
        RULES_BY_NAME["structuring"].resolved({"min_deposits": "many"})
    with pytest.raises(RuleError, match=r"not run: cycle"):
        run_rules(engine, ["structuring"], params={"cycle": {"max_hops": 3}})


def test_decimal_literals_become_doubles() -> None:
    assert as_doubles("0.6 + 10 * x1.5 + t2 + 1.25") == "0.6E0 + 10 * x1.5 + t2 + 1.25E0"
