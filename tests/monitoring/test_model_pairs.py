"""The pair stage: relationships from the engine, their features, and a model that finds
rings by their relationships when the accounts alone look normal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.errors import LearnedScoreError
from openfiu.monitoring.engines.duckdb import DuckDBEngine
from openfiu.monitoring.features import describe
from openfiu.monitoring.model import TrainedModel, load_model, score_accounts, train_model
from openfiu.monitoring.pairs import PAIR_OWN, account_relationships, pair_matrix
from openfiu.monitoring.schema import TRANSACTION_SCHEMA

DAY0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def test_relationships_from_the_engine(tmp_path: Path) -> None:
    """One row per distinct sender → receiver, self-payments and cash legs left out."""
    rows = [
        ("A", "B", 100.0, 3),
        ("A", "B", 50.0, 9),
        ("B", "A", 20.0, 4),
        ("A", "A", 10.0, 5),
        (None, "A", 900.0, 1),
    ]
    table = pa.Table.from_pylist(
        [
            {
                "tx_id": f"t{i}",
                "timestamp": DAY0 + dt.timedelta(days=day),
                "from_account": src,
                "to_account": dst,
                "amount": amount,
                "currency": "EUR",
                "amount_base": amount,
                "channel": "wire",
            }
            for i, (src, dst, amount, day) in enumerate(rows)
        ],
        schema=TRANSACTION_SCHEMA,
    )
    pq.write_table(table, tmp_path / "tx.parquet")
    engine = DuckDBEngine(threads=1)
    try:
        engine.use_transactions([tmp_path / "tx.parquet"])
        got = account_relationships(engine).to_pylist()
    finally:
        engine.close()
    day0 = (DAY0.date() - dt.date(1970, 1, 1)).days
    assert got == [
        {"src": "A", "dst": "B", "n": 2.0, "amount": 150.0, "first_day": day0 + 3.0,
         "last_day": day0 + 9.0},
        {"src": "B", "dst": "A", "n": 1.0, "amount": 20.0, "first_day": day0 + 4.0,
         "last_day": day0 + 4.0},
    ]  # fmt: skip


def relationships(rows: list[tuple[str, str, float, float]]) -> pa.Table:
    """``(src, dst, transactions, amount)`` on days 0 … transactions - 1."""
    return pa.table(
        {
            "src": [r[0] for r in rows],
            "dst": [r[1] for r in rows],
            "n": [r[2] for r in rows],
            "amount": [r[3] for r in rows],
            "first_day": [0.0] * len(rows),
            "last_day": [r[2] - 1 for r in rows],
        }
    )


def test_pair_matrix_counts_one_off_and_reverse_relationships() -> None:
    features = pa.table({"account_id": ["A", "B", "C"], "span_days": [10.0, 5.0, 1.0]})
    rel = relationships(
        [("A", "B", 1, 10.0), ("A", "C", 1, 20.0), ("B", "A", 4, 80.0), ("A", "X", 1, 5.0)]
    )
    src, dst, x, names = pair_matrix(features, rel)
    assert names == [*PAIR_OWN, "src_span_days", "dst_span_days"]
    assert src.tolist() == [0, 0, 1] and dst.tolist() == [1, 2, 0]  # X is not an account here
    col = {name: x[:, i].tolist() for i, name in enumerate(names)}
    assert col["pair_reverse_n"] == [4.0, 0.0, 1.0]
    assert col["pair_src_one_off_out"] == [2.0, 2.0, 0.0]  # A pays B and C once each
    assert col["pair_src_one_off_out_share"] == [1.0, 1.0, 0.0]
    assert col["pair_dst_one_off_in"] == [1.0, 1.0, 0.0]
    assert col["pair_span_share_src"] == [0.1, 0.1, 0.8]  # 4 days of B's 5
    assert col["pair_amount_mean"] == [10.0, 20.0, 20.0]


def ring_data(seed: int, n: int = 400) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Rings of 4 accounts, every 5th ring laundering. The account features are the same
    noise for everyone; only relationships tell: launderers pay the next member of their
    ring once, a large amount, while everyone pays three random accounts small amounts
    again and again."""
    rng = np.random.default_rng(seed)
    ring = np.arange(n) // 4
    laundering = ring % 5 == 0
    ids = [f"R{seed}-{i:04d}" for i in range(n)]
    features = pa.table(
        {
            "account_id": ids,
            "span_days": rng.uniform(30, 90, n),
            "fan_out_7d": rng.integers(0, 8, n).astype(float),
            "amount_mean": rng.lognormal(6, 1, n),
        }
    )
    rows = []
    for i in range(n):
        for j in rng.choice(n, 3, replace=False):
            if j != i:
                rows.append(
                    (ids[i], ids[j], float(rng.integers(3, 9)), float(rng.uniform(50, 500)))
                )
        if laundering[i]:
            nxt = 4 * ring[i] + (i + 1) % 4
            rows.append((ids[i], ids[nxt], 1.0, float(rng.uniform(5_000, 9_000))))
    labels = pa.table(
        {"account_id": ids, "is_laundering": laundering, "pattern_id": [f"ring{r}" for r in ring]}
    )
    return features, labels, relationships(rows)


@pytest.fixture(scope="module")
def paired() -> TrainedModel:
    features, labels, rel = ring_data(1)
    return train_model(features, labels, rounds=60, folds=3, threads=1, relationships=rel)


def f1(scored: pa.Table, labels: pa.Table) -> float:
    flagged = np.asarray(scored.column("flagged").to_pylist())
    truth = np.asarray(labels.column("is_laundering").to_pylist())
    return float(2 * (flagged & truth).sum() / max(flagged.sum() + truth.sum(), 1))


def test_pair_stage_finds_rings_the_account_features_miss(paired: TrainedModel) -> None:
    features, labels, _ = ring_data(1)
    plain = train_model(features, labels, rounds=60, folds=3, threads=1)
    test_features, test_labels, test_rel = ring_data(2)
    assert f1(score_accounts(paired, test_features, test_rel), test_labels) >= 0.9
    assert f1(score_accounts(plain, test_features), test_labels) < 0.5
    assert paired.pairs is not None and "pair_out_max" in paired.features
    explanation = score_accounts(paired, test_features, test_rel).column("explanation")[0]
    assert "ring's" in explanation.as_py()  # the pair features, in words


def test_pair_model_saves_loads_and_needs_relationships(
    paired: TrainedModel, tmp_path: Path
) -> None:
    features, _, rel = ring_data(2)
    paired.save(tmp_path / "m.json")
    loaded = load_model(tmp_path / "m.json")
    before = score_accounts(paired, features, rel).column("score").to_pylist()
    assert score_accounts(loaded, features, rel).column("score").to_pylist() == before
    with pytest.raises(LearnedScoreError, match="pair stage"):
        score_accounts(loaded, features)
    document = json.loads((tmp_path / "m.json").read_text())
    document["pairs"]["features"] = document["pairs"]["features"][:-1]
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(LearnedScoreError, match="pair feature list"):
        load_model(tmp_path / "bad.json")


def test_version_1_files_without_pairs_still_load(tmp_path: Path) -> None:
    features, labels, _ = ring_data(1)
    plain = train_model(features, labels, rounds=20, folds=3, threads=1)
    plain.save(tmp_path / "v1.json")
    document = json.loads((tmp_path / "v1.json").read_text())
    document["version"] = 1
    (tmp_path / "v1.json").write_text(json.dumps(document))
    assert load_model(tmp_path / "v1.json").pairs is None


def test_too_few_laundering_relationships_is_a_clear_error() -> None:
    features, labels, rel = ring_data(1)
    lonely = rel.filter(pa.array([False] * rel.num_rows))
    with pytest.raises(LearnedScoreError, match="pair stage needs"):
        train_model(features, labels, rounds=10, folds=3, threads=1, relationships=lonely)


def test_pair_features_read_as_words() -> None:
    assert describe("pair_in_max", 0.93) == "payments from one payer look 93 % like a ring's"
    assert describe("pair_out_high", 3) == "3 of its payee relationships look like a ring's"
