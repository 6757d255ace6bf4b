"""Synthetic transactions: canonical schema, determinism, chunking, labels, typologies."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from openfiu.errors import SynthParameterError
from openfiu.monitoring.schema import ACCOUNT_LABEL_SCHEMA, LABEL_SCHEMA, TRANSACTION_SCHEMA
from openfiu.synth.transactions import (
    CONFLICT_ZONES,
    HIGH_RISK,
    REPORTING_THRESHOLD_USD,
    TYPOLOGIES,
    SynthSummary,
    generate_transactions,
)
from openfiu.synth.transactions.reference import CURRENCY_TABLE

ACCOUNTS, DAYS, SEED = 2000, 35, 11


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[SynthSummary, pa.Table, pa.Table]:
    out = tmp_path_factory.mktemp("synth")
    summary = generate_transactions(ACCOUNTS, DAYS, SEED, out, rows_per_part=20_000)
    tx = pq.read_table(out / "transactions")
    accounts = pq.read_table(out / "accounts.parquet")
    return summary, tx, accounts


def frame(table: pa.Table) -> list[dict[str, object]]:
    return table.to_pylist()


def test_parts_have_exactly_the_canonical_schema_plus_labels(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    summary, _, _ = run
    parts = sorted((summary.out / "transactions").glob("part-*.parquet"))
    assert len(parts) > 1  # rows_per_part=20,000 splits the run
    expected = pa.schema([*TRANSACTION_SCHEMA, *LABEL_SCHEMA])
    for part in parts:
        schema = pq.read_schema(part)
        assert schema.equals(expected, check_metadata=False), part


def test_accounts_start_with_the_account_label_schema(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, _, accounts = run
    assert accounts.num_rows == ACCOUNTS
    head = pa.schema(list(accounts.schema)[: len(ACCOUNT_LABEL_SCHEMA)])
    assert head.equals(ACCOUNT_LABEL_SCHEMA, check_metadata=False)
    kinds = set(accounts.column("kind").to_pylist())
    assert kinds == {"individual", "business", "npo", "money_service", "crypto_wallet"}
    assert {"country", "bank", "party_id", "opened", "pattern_role"} <= set(accounts.column_names)


def test_same_seed_gives_byte_identical_files_other_seed_does_not(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((a, 5), (b, 5), (c, 6)):
        generate_transactions(1000, 10, seed, folder)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    part = Path("transactions/part-00000.parquet")
    assert (a / part).read_bytes() != (c / part).read_bytes()


def test_parts_cut_the_same_rows_whatever_their_size(tmp_path: Path) -> None:
    generate_transactions(1000, 12, 3, tmp_path / "one", rows_per_part=10_000_000)
    generate_transactions(1000, 12, 3, tmp_path / "many", rows_per_part=1000)
    one = pq.read_table(tmp_path / "one" / "transactions")
    parts = sorted((tmp_path / "many" / "transactions").glob("part-*.parquet"))
    assert len(parts) == 12  # one day per part
    many = pa.concat_tables([pq.read_table(p) for p in parts])
    assert one.equals(many)


def test_rows_are_sorted_by_time_with_unique_increasing_ids(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    summary, tx, _ = run
    for part in sorted((summary.out / "transactions").glob("part-*.parquet")):
        t = pq.read_table(part, columns=["timestamp"]).column(0).cast(pa.int64()).to_numpy()
        assert (np.diff(t) >= 0).all(), part
    ids = tx.column("tx_id").to_pylist()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert tx.num_rows == summary.transactions


def test_every_typology_is_present_and_counted(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    summary, tx, _ = run
    labelled = tx.filter(pc.field("is_laundering"))
    assert set(labelled.column("typology").to_pylist()) == set(TYPOLOGIES)
    assert all(summary.patterns[name] >= 1 for name in TYPOLOGIES)
    manifest = json.loads((summary.out / "manifest.json").read_text())
    assert manifest["seed"] == SEED and manifest["transactions"] == tx.num_rows
    counts = {name: v["transactions"] for name, v in manifest["typologies"].items()}
    assert sum(counts.values()) == labelled.num_rows == summary.laundering_transactions
    share = labelled.num_rows / tx.num_rows
    assert 0.001 <= share <= 0.01


def test_labels_of_transactions_and_accounts_agree(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, accounts = run
    label = {
        r["account_id"]: (r["typology"], r["pattern_id"])
        for r in frame(accounts.select(["account_id", "typology", "pattern_id"]))
        if r["typology"] is not None
    }
    used: set[str] = set()
    for row in frame(
        tx.select(["from_account", "to_account", "is_laundering", "typology", "pattern_id"])
    ):
        if not row["is_laundering"]:
            assert row["typology"] is None and row["pattern_id"] is None
            continue
        assert row["pattern_id"].startswith(row["typology"])
        for side in ("from_account", "to_account"):
            if row[side] is not None:
                assert label.get(row[side]) == (row["typology"], row["pattern_id"]), row
                used.add(row[side])
    assert used == set(label)  # every laundering account takes part in its pattern
    flags = dict(
        zip(
            accounts.column("account_id").to_pylist(),
            accounts.column("is_laundering").to_pylist(),
            strict=True,
        )
    )
    assert sum(flags.values()) == len(label)


def test_laundering_accounts_also_do_normal_business(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, accounts = run
    bad = set(accounts.filter(pc.field("is_laundering")).column("account_id").to_pylist())
    normal = tx.filter(~pc.field("is_laundering"))
    seen = set(normal.column("from_account").to_pylist()) | set(
        normal.column("to_account").to_pylist()
    )
    assert len(bad & seen) / len(bad) > 0.8


def test_structuring_deposits_stay_just_under_the_threshold(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, _ = run
    rows = frame(tx.filter(pc.field("typology") == "structuring"))
    deposits = [r for r in rows if r["channel"] == "cash"]
    assert deposits and all(r["from_account"] is None for r in deposits)
    for r in deposits:
        assert 0.8 * REPORTING_THRESHOLD_USD <= r["amount_base"] < REPORTING_THRESHOLD_USD
    by_pattern: dict[str, float] = {}
    for r in deposits:
        by_pattern[r["pattern_id"]] = by_pattern.get(r["pattern_id"], 0.0) + r["amount_base"]
    assert all(total > REPORTING_THRESHOLD_USD for total in by_pattern.values())


def test_cycles_close_back_at_their_origin(run: tuple[SynthSummary, pa.Table, pa.Table]) -> None:
    _, tx, _ = run
    rows = frame(
        tx.filter(pc.field("typology") == "cycle").sort_by(
            [("pattern_id", "ascending"), ("timestamp", "ascending")]
        )
    )
    patterns: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        patterns.setdefault(str(r["pattern_id"]), []).append(r)
    assert patterns
    for hops in patterns.values():
        assert len({h["from_account"] for h in hops}) >= 3
        for a, b in itertools.pairwise(hops):
            assert a["to_account"] == b["from_account"]
        assert hops[-1]["to_account"] == hops[0]["from_account"]


def test_cash_typologies_end_in_the_places_they_name(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, _ = run
    high = frame(
        tx.filter((pc.field("typology") == "cash_to_high_risk") & (pc.field("channel") == "wire"))
    )
    assert high and all(r["to_country"] in HIGH_RISK for r in high)
    cashout = frame(
        tx.filter((pc.field("typology") == "conflict_cashout") & pc.field("to_account").is_null())
    )
    assert cashout and all(
        r["to_country"] in CONFLICT_ZONES and r["channel"] == "cash" for r in cashout
    )
    crypto = frame(
        tx.filter((pc.field("typology") == "crypto_offramp") & (pc.field("channel") == "crypto"))
    )
    assert crypto and {r["currency"] for r in crypto} <= {"USDT", "BTC"}


def test_background_has_the_legitimate_look_alikes(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, _ = run
    normal = tx.filter(~pc.field("is_laundering"))
    channels = set(normal.column("channel").to_pylist())
    assert channels == {"cash", "wire", "card", "money_transfer", "crypto"}
    deposits = normal.filter(pc.field("from_account").is_null())
    assert set(deposits.column("channel").to_pylist()) == {"cash"}
    near = deposits.filter((pc.field("amount_base") >= 8000) & (pc.field("amount_base") < 10_000))
    assert near.num_rows > 0  # legitimate deposits just under the threshold
    remit = normal.filter(pc.field("channel") == "money_transfer")
    corridors = set(
        zip(
            remit.column("from_country").to_pylist(),
            remit.column("to_country").to_pylist(),
            strict=True,
        )
    )
    assert {("RU", "TJ"), ("AE", "AF")} <= corridors
    salaries = normal.filter(pc.field("narrative") == "salary")
    per_day = salaries.group_by(["from_account"]).aggregate([("to_account", "count")])
    assert max(per_day.column("to_account_count").to_pylist()) >= 10  # payroll fan-out
    assert normal.filter(pc.field("narrative") == "intercompany transfer").num_rows > 0
    amounts = normal.column("amount_base").to_numpy()
    assert amounts.max() / np.median(amounts) > 100  # heavy tail


def test_amount_base_is_amount_at_the_documented_rate(
    run: tuple[SynthSummary, pa.Table, pa.Table],
) -> None:
    _, tx, _ = run
    rates = np.array([CURRENCY_TABLE[c][0] for c in tx.column("currency").to_pylist()])
    amount, base = tx.column("amount").to_numpy(), tx.column("amount_base").to_numpy()
    assert (amount > 0).all() and (base > 0).all()
    assert np.allclose(base, amount * rates, rtol=1e-6, atol=0.006)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"accounts": 10}, "at least 1000"),
        ({"days": 0}, "between 1 and 3660"),
        ({"seed": -1}, "non-negative"),
        ({"laundering_share": 0.3}, "share"),
        ({"rows_per_part": 5}, "at least 1000"),
    ],
)
def test_bad_parameters_are_named(tmp_path: Path, kwargs: dict[str, float], message: str) -> None:
    args = {"accounts": 1000, "days": 5, "seed": 1, **kwargs}
    with pytest.raises(SynthParameterError, match=message):
        generate_transactions(
            int(args["accounts"]),
            int(args["days"]),
            int(args["seed"]),
            tmp_path,
            **{k: v for k, v in kwargs.items() if k not in ("accounts", "days", "seed")},
        )  # type: ignore[arg-type]


def test_an_earlier_run_is_not_overwritten_silently(tmp_path: Path) -> None:
    generate_transactions(1000, 3, 1, tmp_path)
    with pytest.raises(SynthParameterError, match="already holds"):
        generate_transactions(1000, 3, 2, tmp_path)
    summary = generate_transactions(1000, 2, 2, tmp_path, overwrite=True)
    parts = list((tmp_path / "transactions").glob("part-*.parquet"))
    assert pq.read_table(parts).num_rows == summary.transactions


def test_progress_reaches_the_last_day(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    generate_transactions(
        1000, 6, 1, tmp_path, rows_per_part=2000, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (6, 6) and len(seen) > 1
