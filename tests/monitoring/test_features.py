"""Account features on tiny hand-made transaction sets whose answers are known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.monitoring.alerts import ALERT_SCHEMA
from openfiu.monitoring.engines.duckdb import DuckDBEngine
from openfiu.monitoring.features import (
    FEATURE_NAMES,
    HIGH_RISK_COUNTRIES,
    NULLABLE,
    account_features,
    describe,
    rule_feature_names,
)
from openfiu.monitoring.inputs import FATF_CALL_FOR_ACTION, FATF_INCREASED_MONITORING
from openfiu.monitoring.pairs import account_relationships
from openfiu.monitoring.schema import TRANSACTION_SCHEMA

DAY0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def tx(
    n: int,
    src: str | None,
    dst: str | None,
    amount: float,
    day: int,
    *,
    channel: str = "wire",
    to_country: str = "DE",
) -> dict[str, object]:
    """One canonical transaction between invented accounts."""
    return {
        "tx_id": f"t{n}",
        "timestamp": DAY0 + dt.timedelta(days=day, hours=10),
        "from_account": src,
        "to_account": dst,
        "amount": amount,
        "currency": "EUR",
        "amount_base": amount,
        "channel": channel,
        "from_country": "DE",
        "to_country": to_country,
    }


def scenario() -> list[dict[str, object]]:
    """FAN sends to 5 accounts in 4 days and to 3 more on day 20; MULE forwards 900 of
    1,000 the next day; A→B→C→A is a cycle; R and S pay each other; CASHER deposits cash
    just under 10,000 and wires abroad to a high-risk country."""
    rows = [tx(i, "FAN", f"P{i}", 100.0, i % 4) for i in range(5)]
    rows += [tx(10 + i, "FAN", f"Q{i}", 100.0, 20) for i in range(3)]
    rows += [tx(20, "SRC", "MULE", 1000.0, 30), tx(21, "MULE", "DST", 900.0, 31)]
    rows += [tx(30, "A", "B", 50.0, 40), tx(31, "B", "C", 50.0, 41), tx(32, "C", "A", 50.0, 42)]
    rows += [tx(40, "R", "S", 10.0, 50), tx(41, "S", "R", 10.0, 51)]
    rows += [
        tx(50, None, "CASHER", 9500.0, 60, channel="cash"),
        tx(51, "CASHER", "FAR", 9000.0, 61, to_country="IR"),
    ]
    return rows


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[DuckDBEngine]:
    path = tmp_path / "tx.parquet"
    pq.write_table(pa.Table.from_pylist(scenario(), schema=TRANSACTION_SCHEMA), path)
    engine = DuckDBEngine(threads=1)
    engine.use_transactions([path])
    yield engine
    engine.close()


def row(features: pa.Table, account: str) -> dict[str, float]:
    rows = [r for r in features.to_pylist() if r["account_id"] == account]
    assert len(rows) == 1, f"{account}: {len(rows)} rows"
    return rows[0]


def test_one_sorted_row_per_account_and_no_unexpected_nulls(engine: DuckDBEngine) -> None:
    features = account_features(engine)
    ids = features.column("account_id").to_pylist()
    assert ids == sorted(set(ids))
    assert "FAN" in ids and "CASHER" in ids and "P0" in ids
    assert features.column_names == ["account_id", *FEATURE_NAMES]
    for name in FEATURE_NAMES:
        if name not in NULLABLE:
            assert features.column(name).null_count == 0, name


def test_fan_counts_within_windows(engine: DuckDBEngine) -> None:
    fan = row(account_features(engine), "FAN")
    assert fan["n_out"] == 8 and fan["out_degree"] == 8
    assert fan["fan_out_7d"] == 5
    assert fan["fan_out_30d"] == 8
    assert fan["fan_in_7d"] == 0
    assert fan["new_cp_7d"] == 5
    assert fan["one_off_cp_share"] == 1.0
    features = account_features(engine)
    assert row(features, "P0")["in_from_burst_sender"] == 5  # FAN paid P0-P4 within ±3 days
    assert row(features, "Q0")["in_from_burst_sender"] == 3
    assert row(features, "FAN")["out_to_burst_receiver"] == 1


def test_pass_through_and_gap(engine: DuckDBEngine) -> None:
    features = account_features(engine)
    mule = row(features, "MULE")
    assert mule["pass_through_2d"] == pytest.approx(0.9)
    assert mule["in_out_gap_min"] == 1.0
    fan = row(features, "FAN")
    assert fan["pass_through_2d"] == 0.0
    assert fan["in_out_gap_mean"] is None  # pays out, never received: undefined


def test_graph_cycles_reciprocity_and_reach(engine: DuckDBEngine) -> None:
    features = account_features(engine)
    a = row(features, "A")
    assert a["cycles_3"] == 1 and a["cycles_2"] == 0
    r = row(features, "R")
    assert r["cycles_2"] == 1 and r["reciprocity"] == 1.0
    assert row(features, "SRC")["reach_2hop"] == 1  # SRC → MULE → DST
    assert row(features, "MULE")["nb_sender_fan_out_7d_max"] == 1


def test_amount_channel_and_country_shares(engine: DuckDBEngine) -> None:
    casher = row(account_features(engine), "CASHER")
    assert casher["cash_share"] == 0.5
    assert casher["below_threshold_share"] == 1.0
    assert casher["round_share"] == 1.0
    assert casher["high_risk_share"] == 0.5
    assert casher["cross_border_share"] == 0.5
    custom = row(account_features(engine, high_risk_countries=["KP"]), "CASHER")
    assert custom["high_risk_share"] == 0.0


def test_bad_high_risk_code_is_refused(engine: DuckDBEngine) -> None:
    with pytest.raises(ValueError, match="alpha-2"):
        account_features(engine, high_risk_countries=["IR'; DROP TABLE tx; --"])
    with pytest.raises(ValueError, match="conflict zone 'Syria'"):
        account_features(engine, conflict_zones=["Syria"])


def test_country_lists_come_from_the_rule_inputs(engine: DuckDBEngine) -> None:
    assert set(HIGH_RISK_COUNTRIES) == {*FATF_CALL_FOR_ACTION, *FATF_INCREASED_MONITORING}
    assert "AF" not in HIGH_RISK_COUNTRIES  # a conflict zone, not on a FATF list
    assert row(account_features(engine), "CASHER")["conflict_zone_share"] == 0.0
    custom = row(account_features(engine, conflict_zones=["IR"]), "CASHER")
    assert custom["conflict_zone_share"] == 0.5


def test_new_counterparty_bursts_are_credited_to_both_sides(engine: DuckDBEngine) -> None:
    features = account_features(engine)
    fan = row(features, "FAN")
    assert fan["new_receivers_21d"] == 5  # P0-P4 on days 0-3; Q0-Q2 on day 20 are too far
    assert fan["new_cp_21d"] == 5 and fan["new_senders_21d"] == 0
    assert fan["receiver_new_senders"] == 1  # each P gained only FAN as a new payer
    assert row(features, "P0")["sender_new_receivers"] == 5
    assert row(features, "Q0")["sender_new_receivers"] == 3
    assert row(features, "P0")["sender_new_cp"] == 5
    assert row(features, "MULE")["new_cp_21d"] == 2  # SRC in, DST out, a day apart


def test_single_transaction_counterparties(engine: DuckDBEngine) -> None:
    features = account_features(engine)
    fan = row(features, "FAN")
    assert fan["single_tx_cps"] == 8 and fan["single_tx_cp_share"] == 1.0
    assert fan["receiver_single_tx_senders"] == 0  # FAN itself made 8 transactions
    p0 = row(features, "P0")
    assert p0["single_tx_cps"] == 0
    assert p0["sender_single_tx_receivers"] == 8 and p0["sender_single_tx_share"] == 1.0
    src = row(features, "SRC")  # SRC's only transaction: paying MULE
    assert src["receiver_single_tx_senders"] == 1 and src["receiver_single_tx_share"] == 1.0
    assert row(features, "CASHER")["single_tx_cps"] == 1  # FAR; the cash leg has no account


def alerts_table(rows: list[tuple[str, float, list[str]]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "alert_id": f"a{i}",
                "rule": rule,
                "typology": rule,
                "score": score,
                "accounts": accounts,
                "transactions": [],
                "explanation": "test",
            }
            for i, (rule, score, accounts) in enumerate(rows)
        ],
        schema=ALERT_SCHEMA,
    )


def test_rule_features_count_and_max_score(engine: DuckDBEngine) -> None:
    alerts = alerts_table(
        [("fan out", 0.4, ["FAN"]), ("fan out", 0.9, ["FAN", "P1"]), ("cycle", 0.7, ["A", "B"])]
    )
    features = account_features(engine, alerts)
    assert features.column_names[-6:] == rule_feature_names(["fan out", "cycle"])
    fan = row(features, "FAN")
    assert fan["rule_fan_out_alerts"] == 2 and fan["rule_fan_out_max_score"] == 0.9
    assert fan["rule_cycle_alerts"] == 0 and fan["rule_any_alerts"] == 2
    assert row(features, "B")["rule_max_score"] == 0.7
    assert row(features, "MULE")["rule_any_alerts"] == 0


def test_describe_puts_values_in_words() -> None:
    assert describe("fan_out_7d", 14.0) == "sent to 14 distinct accounts within 7 days"
    assert describe("pass_through_2d", 0.92) == "92 % of inflow forwarded within 2 days"
    assert describe("rule_cycle_max_score", 0.75) == "rule cycle scored it 0.75"
    assert describe("unknown_feature", 1.5) == "unknown_feature = 1.5"
    assert describe("sender_new_receivers", 7) == (
        "was paid by an account that gained 7 new payees within ±10 days"
    )


def test_spark_computes_the_same_features(
    engine: DuckDBEngine, tmp_path: Path, spark_session: object
) -> None:
    from openfiu.monitoring.engines.spark import SparkEngine

    alerts = alerts_table([("cycle", 0.7, ["A", "B"])])
    expected = account_features(engine, alerts).to_pylist()
    spark = SparkEngine(session=spark_session)  # type: ignore[arg-type]
    try:
        spark.use_transactions([tmp_path / "tx.parquet"])
        got = account_features(spark, alerts).to_pylist()
        relationships = account_relationships(spark).to_pylist()
    finally:
        spark.close()
    assert relationships == account_relationships(engine).to_pylist()
    assert [r["account_id"] for r in got] == [r["account_id"] for r in expected]
    for mine, theirs in zip(got, expected, strict=True):
        for name, value in theirs.items():
            assert mine[name] == (
                value if value is None or isinstance(value, str) else pytest.approx(value, rel=1e-9)
            ), (mine["account_id"], name)
