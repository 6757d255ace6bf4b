"""How well alerts or learned scores find the labelled laundering, per typology and rule.

Definitions (the same at the account and at the transaction level):

* an account (transaction) is *alerted* when any alert lists it; *laundering* when its
  label says so;
* overall precision = laundering share of all alerted ones, recall = alerted share of all
  laundering ones, F1 their harmonic mean;
* recall per typology = share of that typology's laundering accounts (transactions) that
  appear in any alert, whatever the rule;
* precision per rule = laundering share of the accounts (transactions) the rule alerted;
  the rule's recall = share of all laundering ones it alerted by itself.

Alerted ids absent from the labels count as not laundering and are reported as
``unlabelled``. Example::

    labels = load_labels(Path("../shared/data/amlsim/dev"))
    report = evaluate_alerts(pq.read_table("alerts.parquet"), labels)
    for table in report.tables():
        console.print(table)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
from rich.table import Table
from sklearn.metrics import average_precision_score

from openfiu.errors import LearnedScoreError

__all__ = ["EvaluationReport", "Labels", "evaluate_alerts", "evaluate_scores", "load_labels"]


@dataclass(frozen=True)
class Metrics:
    """Counts and rates of one slice: overall, one typology or one rule."""

    name: str
    labelled: int  # laundering ids in the slice (typology) or overall
    alerted: int  # ids alerted (overall, per rule); detected ones for a typology
    hits: int  # alerted and laundering
    precision: float | None
    recall: float | None
    f1: float | None
    alerts: int | None = None  # alerts raised (per rule)


@dataclass
class LevelReport:
    """Metrics at one level (``account`` or ``transaction``)."""

    level: str
    overall: Metrics
    typologies: list[Metrics]
    rules: list[Metrics]
    unlabelled: int


@dataclass
class EvaluationReport:
    """Precision, recall and F1 overall, per typology and per rule, per level."""

    levels: list[LevelReport] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)

    def level(self, name: str) -> LevelReport:
        """The report of level ``name`` (``account`` or ``transaction``)."""
        for report in self.levels:
            if report.level == name:
                return report
        raise KeyError(f"no {name!r} level in this report")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dump of every number."""
        return {"levels": [asdict(r) for r in self.levels], **self.extra}

    def tables(self) -> list[Table]:
        """Rich tables: per level, the overall line, the typologies and the rules."""
        return [_render(report) for report in self.levels]


@dataclass
class Labels:
    """Ground truth: per account (``account_id, is_laundering, typology, pattern_id``) and,
    when known, per transaction (``tx_id, is_laundering, typology, pattern_id``). Ids are
    strings; ``typology`` and ``pattern_id`` are null for normal ones."""

    accounts: pa.Table
    transactions: pa.Table | None
    source: str


def load_labels(path: Path) -> Labels:
    """Read labels from a transactions file, an accounts file or a folder with both.

    * a transactions file (Parquet, a folder of Parquet or CSV) with ``tx_id``,
      ``from_account``, ``to_account``, ``is_laundering`` and optionally ``typology``,
      ``pattern_id`` (or AMLSim's ``alert_id``): an account is laundering when it sends or
      receives a laundering transaction, with that transaction's typology;
    * an accounts file with ``account_id, is_laundering`` (``typology``, ``pattern_id``) or
      AMLSim's ``account_id, is_sar_account`` (``alert_typology``, ``alert_id``);
    * a folder holding ``accounts.parquet`` and ``transactions.parquet`` (or a
      ``transactions/`` folder), like the AMLSim data and ``openfiu synth transactions``
      output: account truth from the accounts file, transaction truth from the other.

    Example::

        labels = load_labels(Path("../shared/data/amlsim/dev"))
        labels.accounts.num_rows   # 12,043
    """
    if path.is_dir() and (path / "accounts.parquet").is_file():
        accounts = _account_labels(_read(path / "accounts.parquet"), path / "accounts.parquet")
        tx_path = next(
            (p for p in (path / "transactions.parquet", path / "transactions") if p.exists()), None
        )
        transactions = _tx_labels(_read(tx_path), tx_path) if tx_path else None
        return Labels(accounts, transactions, str(path))
    table = _read(path)
    if "account_id" in table.column_names:
        return Labels(_account_labels(table, path), None, str(path))
    if "tx_id" in table.column_names:
        transactions = _tx_labels(table, path)
        return Labels(_accounts_from_tx(table, transactions, path), transactions, str(path))
    raise LearnedScoreError(
        f"{path}: no labels found: expected an accounts file (account_id, is_laundering or "
        "is_sar_account) or a transactions file (tx_id, is_laundering)"
    )


def _read(path: Path) -> pa.Table:
    if not path.exists():
        raise LearnedScoreError(f"{path}: labels file not found; check the path")
    try:
        if path.suffix.lower() == ".csv":
            return pacsv.read_csv(path)
        return ds.dataset(path, format="parquet").to_table()
    except (pa.ArrowInvalid, OSError) as exc:
        raise LearnedScoreError(f"{path}: cannot read labels: {exc}") from exc


def _require(table: pa.Table, path: Path, *columns: str) -> None:
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise LearnedScoreError(f"{path}: labels lack column(s) {', '.join(missing)}")


def _flag(table: pa.Table, column: str, path: Path) -> pa.ChunkedArray:
    """The boolean label column; a null is an error naming its row."""
    values = pc.cast(table.column(column), pa.bool_())
    if values.null_count:
        row = pc.index(pc.is_null(values), True).as_py()
        raise LearnedScoreError(f"{path}: row {row + 1}: {column} is empty; label every row")
    return values


def _optional(table: pa.Table, column: str) -> pa.ChunkedArray | pa.Array:
    if column in table.column_names:
        return pc.cast(table.column(column), pa.string())
    return pa.nulls(table.num_rows, pa.string())


def _pattern(table: pa.Table) -> pa.ChunkedArray | pa.Array:
    if "pattern_id" in table.column_names:
        return _optional(table, "pattern_id")
    if "alert_id" in table.column_names:  # AMLSim: -1 means none
        alert = table.column("alert_id")
        return pc.if_else(pc.less(alert, 0), None, pc.cast(alert, pa.string()))
    return pa.nulls(table.num_rows, pa.string())


def _account_labels(table: pa.Table, path: Path) -> pa.Table:
    flag = "is_laundering" if "is_laundering" in table.column_names else "is_sar_account"
    _require(table, path, "account_id", flag)
    typology = "typology" if "typology" in table.column_names else "alert_typology"
    is_laundering = _flag(table, flag, path)
    return pa.table(
        {
            "account_id": pc.cast(table.column("account_id"), pa.string()),
            "is_laundering": is_laundering,
            "typology": pc.if_else(is_laundering, _optional(table, typology), None),
            "pattern_id": _pattern(table),
        }
    )


def _tx_labels(table: pa.Table, path: Path) -> pa.Table:
    _require(table, path, "tx_id", "is_laundering")
    is_laundering = _flag(table, "is_laundering", path)
    return pa.table(
        {
            "tx_id": pc.cast(table.column("tx_id"), pa.string()),
            "is_laundering": is_laundering,
            "typology": pc.if_else(is_laundering, _optional(table, "typology"), None),
            "pattern_id": _pattern(table),
        }
    )


def _accounts_from_tx(table: pa.Table, labels: pa.Table, path: Path) -> pa.Table:
    """Account truth from transactions: laundering when touching a laundering transaction
    (typology and pattern of the first such transaction, by typology name)."""
    _require(table, path, "from_account", "to_account")
    sides = []
    for side in ("from_account", "to_account"):
        sides.append(
            pa.table(
                {
                    "account_id": pc.cast(table.column(side), pa.string()),
                    "is_laundering": labels.column("is_laundering"),
                    "typology": labels.column("typology"),
                    "pattern_id": labels.column("pattern_id"),
                }
            )
        )
    legs = pa.concat_tables(sides)
    legs = legs.filter(pc.is_valid(legs.column("account_id")))
    grouped = legs.group_by("account_id").aggregate(
        [("is_laundering", "max"), ("typology", "min"), ("pattern_id", "min")]
    )
    return pa.table(
        {
            "account_id": grouped.column("account_id"),
            "is_laundering": grouped.column("is_laundering_max"),
            "typology": grouped.column("typology_min"),
            "pattern_id": grouped.column("pattern_id_min"),
        }
    ).sort_by("account_id")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _metrics(name: str, labelled: int, alerted: int, hits: int, alerts: int | None) -> Metrics:
    precision, recall = _ratio(hits, alerted), _ratio(hits, labelled)
    return Metrics(name, labelled, alerted, hits, precision, recall, _f1(precision, recall), alerts)


def _level(
    level: str,
    by_rule: dict[str, pa.Array],
    alert_counts: dict[str, int],
    truth: pa.Table,
) -> LevelReport:
    """Compare the ids each rule alerted with ``truth`` (``id, is_laundering, typology``)."""
    alerted = (
        pc.unique(pa.concat_arrays(list(by_rule.values())))
        if by_rule
        else pa.array([], pa.string())
    )
    positives = truth.filter(pc.fill_null(truth.column("is_laundering"), False))
    positive_ids = positives.column("id")
    hit = pc.is_in(positive_ids, value_set=alerted)
    hits = int(pc.sum(hit).as_py() or 0)
    overall = _metrics("all", len(positive_ids), len(alerted), hits, sum(alert_counts.values()))
    typologies = []
    typology = pc.fill_null(positives.column("typology"), "(none)")
    for name in sorted(set(typology.to_pylist())):
        mask = pc.equal(typology, name)
        found = int(pc.sum(pc.filter(hit, mask)).as_py() or 0)
        count = int(pc.sum(mask).as_py() or 0)
        recall = _ratio(found, count)
        typologies.append(Metrics(name, count, found, found, None, recall, None))
    rules = []
    for rule, ids in sorted(by_rule.items()):
        rule_hits = int(pc.sum(pc.is_in(ids, value_set=positive_ids)).as_py() or 0)
        rules.append(_metrics(rule, len(positive_ids), len(ids), rule_hits, alert_counts[rule]))
    unlabelled = len(alerted) - int(
        pc.sum(pc.is_in(alerted, value_set=truth.column("id"))).as_py() or 0
    )
    return LevelReport(level, overall, typologies, rules, unlabelled)


def _ids_by_rule(alerts: pa.Table, column: str) -> tuple[dict[str, pa.Array], dict[str, int]]:
    if column not in alerts.column_names or "rule" not in alerts.column_names:
        raise LearnedScoreError(f"alerts table has no {column!r} or 'rule' column")
    lists = alerts.column(column).combine_chunks()
    rules = alerts.column("rule").combine_chunks()
    flat_ids = pc.cast(pc.list_flatten(lists), pa.string())
    flat_rules = pc.take(rules, pc.list_parent_indices(lists))
    by_rule, counts = {}, {}
    for rule in sorted(set(rules.to_pylist())):
        by_rule[rule] = pc.unique(flat_ids.filter(pc.equal(flat_rules, rule)))
        counts[rule] = int(pc.sum(pc.equal(rules, rule)).as_py() or 0)
    return by_rule, counts


def _truth(table: pa.Table, id_column: str) -> pa.Table:
    return pa.table(
        {
            "id": pc.cast(table.column(id_column), pa.string()),
            "is_laundering": table.column("is_laundering"),
            "typology": table.column("typology"),
        }
    )


def evaluate_alerts(alerts: pa.Table, labels: Labels) -> EvaluationReport:
    """Evaluate rule alerts (``ALERT_SCHEMA``) against labels, per account and per
    transaction (the latter only when the labels have transactions).

    Example::

        report = evaluate_alerts(alerts, load_labels(Path("data/accounts.parquet")))
        report.level("account").overall.f1
    """
    report = EvaluationReport()
    by_rule, counts = _ids_by_rule(alerts, "accounts")
    report.levels.append(_level("account", by_rule, counts, _truth(labels.accounts, "account_id")))
    if labels.transactions is not None:
        by_rule, counts = _ids_by_rule(alerts, "transactions")
        truth = _truth(labels.transactions, "tx_id")
        report.levels.append(_level("transaction", by_rule, counts, truth))
    return report


def evaluate_scores(scored: pa.Table, labels: Labels) -> EvaluationReport:
    """Evaluate :func:`openfiu.monitoring.model.score_accounts` output at the account level:
    flagged accounts act as the alerts of one rule, ``learned_score``. Also reports the
    average precision of the raw scores (labelled accounts without a score count as 0).
    """
    for column in ("account_id", "score", "flagged"):
        if column not in scored.column_names:
            raise LearnedScoreError(f"scored accounts have no {column!r} column")
    flagged = pc.cast(scored.column("account_id").filter(scored.column("flagged")), pa.string())
    by_rule = {"learned_score": pc.unique(flagged.combine_chunks())}
    truth = _truth(labels.accounts, "account_id")
    report = EvaluationReport()
    report.levels.append(_level("account", by_rule, {"learned_score": len(flagged)}, truth))
    index = pc.index_in(
        truth.column("id"), value_set=pc.cast(scored.column("account_id"), pa.string())
    )
    scores = pc.fill_null(pc.take(scored.column("score"), index), 0.0).to_numpy(
        zero_copy_only=False
    )
    y = np.asarray(
        pc.fill_null(truth.column("is_laundering"), False).to_numpy(zero_copy_only=False)
    )
    if y.any():
        report.extra["average_precision"] = float(average_precision_score(y, scores))
    return report


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _render(report: LevelReport) -> Table:
    o = report.overall
    title = (
        f"{report.level} level: precision {_pct(o.precision)}, recall {_pct(o.recall)}, "
        f"F1 {_pct(o.f1)} ({o.hits:,} of {o.alerted:,} alerted are laundering; "
        f"{o.labelled:,} laundering in all; {report.unlabelled:,} alerted unlabelled)"
    )
    table = Table(title=title, title_justify="left")
    for column in (
        "kind",
        "name",
        "alerts",
        "alerted",
        "laundering hit",
        "precision",
        "recall",
        "F1",
    ):
        table.add_column(column, justify="left" if column in ("kind", "name") else "right")
    for m in report.typologies:
        table.add_row(
            "typology", m.name, "", "", f"{m.hits:,} / {m.labelled:,}", "", _pct(m.recall), ""
        )
    for m in report.rules:
        alerts = f"{m.alerts:,}" if m.alerts is not None else ""
        table.add_row(
            "rule", m.name, alerts, f"{m.alerted:,}", f"{m.hits:,}",
            _pct(m.precision), _pct(m.recall), _pct(m.f1),
        )  # fmt: skip
    return table
