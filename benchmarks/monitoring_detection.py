"""Detection quality: rules alone, the learned score on features, and on features + rules.

Account-level precision, recall and F1 on data the model never saw:

* ``amlsim-groups``: ../shared/data/amlsim/dev; alert rings (SAR and false alerts, by
  ``alert_id``) split in half so that no ring has members on both sides, other accounts
  split at random, once per ``--seeds`` value; features over all transactions, labels from
  ``is_sar_account``. Each row also gives F1 against ``has_laundering_tx`` (the accounts
  that moved laundering money) and the *ceiling* of the split: the F1 on
  ``is_sar_account`` of an oracle that flags exactly the accounts touching a laundering
  transaction plus the members of false alerts (which run the same AMLSim models as SAR
  rings and cannot be told apart by behaviour);
* ``amlsim-time``: the first 360 days against the last 360 (features, rules and labels of
  each half from its own transactions: an account is laundering in a half when it sends or
  receives a laundering transaction there);
* ``synth``: ``openfiu synth transactions`` with seed 1 for training, seed 2 for testing.

    python benchmarks/monitoring_detection.py                       # everything
    python benchmarks/monitoring_detection.py --only amlsim-groups --seeds 1 2 3 4 5 6 7 8
    python benchmarks/monitoring_detection.py --only synth --accounts 20000 --days 60
    python benchmarks/monitoring_detection.py --only amlsim-groups amlsim-time --pairs \
        --seeds 1 2 3 4 5 6 7 8                                     # with the pair stage
    python benchmarks/monitoring_detection.py --only amlsim-time --threads 1 --model-seed 3
                                        # one LightGBM thread (busy machine), another seed

Writes benchmarks/results/monitoring_detection.json (``--json``), keeping the rows of the
scenarios not run this time; rows say whether the pair stage was used (``pair_stage``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from openfiu.monitoring.engines.duckdb import DuckDBEngine
from openfiu.monitoring.evaluate import Labels, evaluate_scores, load_labels
from openfiu.monitoring.features import account_features
from openfiu.monitoring.loaders import prepare_transactions
from openfiu.monitoring.model import score_accounts, train_model
from openfiu.monitoring.pairs import account_relationships

ROOT = Path(__file__).resolve().parents[1]
AMLSIM = ROOT.parent / "shared" / "data" / "amlsim" / "dev"
RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS = ("amlsim-groups", "amlsim-time", "synth")
HALF_DAY = 17167 + 360  # AMLSim day 0 is 2017-01-01 = day 17167 since 1970
console = Console(width=150)
TIMINGS: list[dict[str, float]] = []  # feature computation: transactions, accounts, seconds
USE_PAIRS = False  # train with the pair stage (``--pairs``)
THREADS = 2  # LightGBM threads (``--threads``; 1 is faster on a busy 2-core machine)
MODEL_SEED = 7  # the learned score's seed (``--model-seed``; the CLI's default is 7)


def run_rules_safely(engine: DuckDBEngine) -> tuple[pa.Table | None, list[str]]:
    """The whole rule pack, one rule at a time; a rule that fails is skipped and named."""
    try:
        from openfiu.monitoring.rules import select_rules
        from openfiu.monitoring.run import run_rules
    except ImportError:
        return None, ["(no rule pack)"]
    tables, failed = [], []
    for rule in select_rules():
        try:
            tables.append(run_rules(engine, [rule]))
        except Exception as exc:  # a broken rule must not hide the others' numbers
            failed.append(f"{rule.name}: {str(exc).splitlines()[0][:80]}")
    return (pa.concat_tables(tables) if tables else None), failed


def rules_as_scores(alerts: pa.Table | None, accounts: pa.Array) -> pa.Table:
    """Rules alone as a scorer: an account is flagged when any alert names it."""
    alerted: dict[str, float] = {}
    if alerts is not None:
        for names, score in zip(
            alerts.column("accounts").to_pylist(), alerts.column("score").to_pylist(), strict=True
        ):
            for name in names:
                alerted[name] = max(alerted.get(name, 0.0), score)
    ids = accounts.to_pylist()
    return pa.table(
        {
            "account_id": ids,
            "score": [alerted.get(i, 0.0) for i in ids],
            "flagged": [i in alerted for i in ids],
        }
    )


def subset(table: pa.Table, ids: set[str]) -> pa.Table:
    return table.filter(pa.array([i in ids for i in table.column("account_id").to_pylist()]))


Part = tuple[pa.Table, pa.Table | None, pa.Table, pa.Table | None, pa.Table]
"""(features, features with rule features or None, account labels, rule alerts or None,
relationships for the pair stage)."""


def experiment(
    name: str, train: Part, test: Part, moved: pa.Table | None = None
) -> list[dict[str, Any]]:
    """(a) rules alone, (b) learned on features, (c) learned on features + rules.

    The test labels decide which accounts count; labelled accounts without features (no
    transactions) are unscored, hence misses when laundering. ``moved``, when given, holds
    second labels of the test accounts (``has_laundering_tx``) reported as ``f1_moved``.
    """
    (f_train, fr_train, y_train, _, rel_train) = train
    (f_test, fr_test, y_test, alerts_test, rel_test) = test
    if not USE_PAIRS:
        rel_train = rel_test = None
    labels = Labels(y_test, None, name)
    rows = []

    def add(method: str, scored: pa.Table) -> dict[str, Any]:
        row = summarise(name, method, evaluate_scores(scored, labels))
        if moved is not None:
            other = evaluate_scores(scored, Labels(moved, None, name)).level("account")
            row["f1_moved"] = other.overall.f1
        rows.append(row)
        return row

    if alerts_test is not None:
        add("rules alone", rules_as_scores(alerts_test, y_test.column("account_id")))
    train_labels = subset(y_train, set(f_train.column("account_id").to_pylist()))
    for method, tr, te in (
        ("learned: features", f_train, f_test),
        ("learned: features + rules", fr_train, fr_test),
    ):
        if tr is None or te is None:
            continue
        started = time.perf_counter()
        model = train_model(
            tr, train_labels, relationships=rel_train, threads=THREADS, seed=MODEL_SEED
        )
        chosen = subset(te, set(y_test.column("account_id").to_pylist()))
        scored = score_accounts(model, chosen, rel_test)
        row = add(method, scored)
        row["train_seconds"] = round(time.perf_counter() - started, 1)
        row["threshold"] = round(model.threshold, 3)
        row["oof_f1"] = round(model.summary["oof_f1"], 4)
        row["candidate"] = model.candidate
        row["pair_stage"] = model.pairs is not None
        row["bags"] = len(model.boosters)
    return rows


def summarise(scenario: str, method: str, report: Any) -> dict[str, Any]:
    level = report.level("account")
    o = level.overall
    return {
        "scenario": scenario,
        "method": method,
        "precision": o.precision,
        "recall": o.recall,
        "f1": o.f1,
        "flagged": o.alerted,
        "laundering": o.labelled,
        "average_precision": report.extra.get("average_precision"),
        "recall_by_typology": {m.name: m.recall for m in level.typologies},
    }


def amlsim_groups(work: Path, seeds: list[int]) -> list[dict[str, Any]]:
    """Ring-grouped halves, once per seed; features and rules are computed once."""
    engine = prepared_engine(AMLSIM / "transactions.parquet", work)
    alerts, failed = run_rules_safely(engine)
    note_failed(failed)
    plain, with_rules = features_pair(engine, alerts)
    relationships = account_relationships(engine)
    labels = load_labels(AMLSIM).accounts
    truth = pq.read_table(AMLSIM / "accounts.parquet")
    moved = labels.set_column(1, "is_laundering", truth.column("has_laundering_tx"))
    rows = []
    for seed in seeds:
        train_ids, test_ids = ring_split(labels, seed)
        name = f"amlsim-groups seed {seed}"
        part = experiment(
            name,
            (
                subset(plain, train_ids),
                _maybe(with_rules, train_ids),
                subset(labels, train_ids),
                None,
                relationships,
            ),
            (
                subset(plain, test_ids),
                _maybe(with_rules, test_ids),
                subset(labels, test_ids),
                alerts,
                relationships,
            ),
            moved=subset(moved, test_ids),
        )
        ceiling = oracle_f1(truth, test_ids)
        for row in part:
            row["ceiling"] = ceiling
        rows += part
    return rows


def ring_split(labels: pa.Table, seed: int) -> tuple[set[str], set[str]]:
    """Half of the alert rings (by ``pattern_id``) and half of the other accounts, at random."""
    rng = np.random.default_rng(seed)
    ids = labels.column("account_id").to_pylist()
    pattern_of = labels.column("pattern_id").to_pylist()
    patterns = sorted({p for p in pattern_of if p})
    test_patterns = set(rng.permutation(patterns)[: len(patterns) // 2].tolist())
    coin = rng.random(len(ids)) < 0.5
    test_ids = {
        a for a, p, c in zip(ids, pattern_of, coin, strict=True) if (p in test_patterns if p else c)
    }
    return set(ids) - test_ids, test_ids


def oracle_f1(truth: pa.Table, ids: set[str]) -> float:
    """F1 on ``is_sar_account`` of flagging ``has_laundering_tx or false_alert_member``."""
    rows = [r for r in truth.select(COLUMNS).to_pylist() if r["account_id"] in ids]
    flagged = [r["has_laundering_tx"] or r["false_alert_member"] for r in rows]
    sar = [bool(r["is_sar_account"]) for r in rows]
    hits = sum(f and s for f, s in zip(flagged, sar, strict=True))
    return float(2 * hits / max(sum(flagged) + sum(sar), 1))


COLUMNS = ["account_id", "is_sar_account", "has_laundering_tx", "false_alert_member"]


def _maybe(table: pa.Table | None, ids: set[str]) -> pa.Table | None:
    return subset(table, ids) if table is not None else None


def amlsim_time(work: Path) -> list[dict[str, Any]]:
    """Train on the first 360 days, test on the last 360."""
    source = prepared_engine(AMLSIM / "transactions.parquet", work).sql("SELECT * FROM tx")
    day = source.column("day")
    halves: list[Part] = []
    for label, mask in (
        ("first", pc.less(day, HALF_DAY)),
        ("second", pc.greater_equal(day, HALF_DAY)),
    ):
        part = work / f"{label}.parquet"
        pq.write_table(source.filter(mask).drop_columns(["t", "day"]), part)
        engine = DuckDBEngine()
        engine.use_transactions([part])
        alerts, failed = run_rules_safely(engine)
        note_failed(failed)
        plain, with_rules = features_pair(engine, alerts)
        relationships = account_relationships(engine)
        halves.append((plain, with_rules, load_labels(part).accounts, alerts, relationships))
    return experiment("amlsim-time", halves[0], halves[1])


def synth(work: Path, accounts: int, days: int) -> list[dict[str, Any]]:
    try:
        from openfiu.synth.transactions import generate_transactions
    except ImportError:
        console.print("synth: openfiu.synth.transactions.generate_transactions not available")
        return []
    parts: list[Part] = []
    for seed in (1, 2):
        out = work / f"synth{seed}"
        generate_transactions(accounts, days, seed, out)
        engine = DuckDBEngine()
        engine.use_transactions([out / "transactions"])
        alerts, failed = run_rules_safely(engine)
        note_failed(failed)
        plain, with_rules = features_pair(engine, alerts)
        relationships = account_relationships(engine)
        parts.append((plain, with_rules, load_labels(out).accounts, alerts, relationships))
    return experiment("synth seed 1 → 2", parts[0], parts[1])


def prepared_engine(source: Path, work: Path) -> DuckDBEngine:
    prepared = prepare_transactions(source, work_dir=work / "prepared")
    engine = DuckDBEngine()
    engine.use_transactions(prepared.paths)
    return engine


def features_pair(
    engine: DuckDBEngine, alerts: pa.Table | None
) -> tuple[pa.Table, pa.Table | None]:
    started = time.perf_counter()
    plain = account_features(engine)
    seconds = time.perf_counter() - started
    transactions = engine.sql("SELECT count(*) AS n FROM tx").column("n")[0].as_py()
    TIMINGS.append({"transactions": transactions, "accounts": plain.num_rows, "seconds": seconds})
    console.print(
        f"features: {transactions:,} transactions, {plain.num_rows:,} accounts in {seconds:.1f} s"
    )
    return plain, (account_features(engine, alerts) if alerts is not None else None)


def note_failed(failed: list[str]) -> None:
    for line in failed:
        console.print(f"[yellow]rule skipped[/]: {line}")


def show(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Account-level detection on held-out data", title_justify="left")
    columns = ("scenario", "method", "precision", "recall", "F1", "F1 moved", "ceiling", "AP")
    for column in (*columns, "OOF F1", "flagged", "laundering"):
        table.add_column(column, justify="left" if column in ("scenario", "method") else "right")
    for r in rows:
        cells = [r["precision"], r["recall"], r["f1"], r.get("f1_moved"), r.get("ceiling")]
        cells += [r["average_precision"], r.get("oof_f1")]
        table.add_row(
            r["scenario"],
            r["method"],
            *[_pct(c) for c in cells],
            f"{r['flagged']:,}",
            f"{r['laundering']:,}",
        )
    console.print(table)
    show_seed_summary(rows)
    for scenario in dict.fromkeys(r["scenario"] for r in rows):
        chosen = [r for r in rows if r["scenario"] == scenario]
        per = Table(title=f"{scenario}: recall per typology (accounts)", title_justify="left")
        per.add_column("typology")
        for r in chosen:
            per.add_column(r["method"], justify="right")
        for t in sorted({t for r in chosen for t in r["recall_by_typology"]}):
            per.add_row(t, *[_pct(r["recall_by_typology"].get(t)) for r in chosen])
        console.print(per)


def show_seed_summary(rows: list[dict[str, Any]]) -> None:
    """Mean and standard deviation over the AMLSim ring-split seeds, per method."""
    seeded = [r for r in rows if r["scenario"].startswith("amlsim-groups seed")]
    if not seeded:
        return
    table = Table(
        title=f"AMLSim ring split over {len({r['scenario'] for r in seeded})} seeds: mean ± sd",
        title_justify="left",
    )
    for column in ("method", "F1 (is_sar_account)", "F1 (has_laundering_tx)", "ceiling"):
        table.add_column(column, justify="left" if column == "method" else "right")
    for method in dict.fromkeys(r["method"] for r in seeded):
        chosen = [r for r in seeded if r["method"] == method]
        table.add_row(
            method, *[_spread([r.get(k) for r in chosen]) for k in ("f1", "f1_moved", "ceiling")]
        )
    console.print(table)


def _spread(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "–"
    return f"{100 * float(np.mean(known)):.1f} ± {100 * float(np.std(known)):.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5], help="AMLSim group-split seeds"
    )
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument(
        "--pairs", action="store_true", help="learned score with the pair stage (relationships)"
    )
    parser.add_argument("--threads", type=int, default=2, help="LightGBM threads per model")
    parser.add_argument(
        "--model-seed", type=int, default=7, help="seed of the learned score (how much it moves)"
    )
    parser.add_argument(
        "--json", type=Path, default=RESULTS / "monitoring_detection.json", help="results file"
    )
    args = parser.parse_args()
    global USE_PAIRS, THREADS, MODEL_SEED
    USE_PAIRS = args.pairs
    THREADS = args.threads
    MODEL_SEED = args.model_seed
    runs: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
        "amlsim-groups": lambda w: amlsim_groups(w, args.seeds),
        "amlsim-time": amlsim_time,
        "synth": lambda w: synth(w, args.accounts, args.days),
    }
    rows: list[dict[str, Any]] = []
    for name in args.only:
        if name.startswith("amlsim") and not AMLSIM.is_dir():
            console.print(f"{name}: {AMLSIM} not present, skipped")
            continue
        with tempfile.TemporaryDirectory(prefix=f"openfiu-{name}-") as work:
            rows += runs[name](Path(work))
    show(rows)
    for timing in TIMINGS:
        rate = timing["transactions"] / timing["seconds"]
        console.print(
            f"features: {timing['transactions']:,.0f} transactions in {timing['seconds']:.1f} s "
            f"({rate:,.0f} transactions/s)"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    rows += kept_rows(args.json, args.only)
    document = {"rows": rows, "feature_timings": TIMINGS}
    args.json.write_text(json.dumps(document, indent=1))


def kept_rows(path: Path, ran: list[str]) -> list[dict[str, Any]]:
    """Rows of the scenarios not run this time, kept from the existing results file."""
    if not path.is_file():
        return []
    old = json.loads(path.read_text()).get("rows", [])
    return [r for r in old if r["scenario"].split()[0] not in ran]


if __name__ == "__main__":
    main()
