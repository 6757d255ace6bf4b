"""The relationship stage of the learned score: a model that scores *pairs* of accounts.

A laundering ring is a set of relationships, not only a set of accounts. The member of a
fan-out ring can be a busy, ordinary-looking customer whose only link to the ring is one
payment from the hub; what gives it away is that payment: a one-off relationship with an
account that pays many one-off payees. So a first model scores every distinct
``sender → receiver`` relationship (:func:`account_relationships`) from

* the relationship itself: transactions, mean amount, how long it lasted (in days and as a
  share of each side's active span, so that a relationship seen at the start of the data
  is not "new" just because the data starts there), whether money also flows back;
* one-off relationships around it: how many one-transaction payees the sender has, and
  one-transaction payers the receiver has (counts and shares);
* every account feature of both sides (``src_<feature>``, ``dst_<feature>``).

It learns from the account labels: a relationship is laundering when both accounts are
laundering and not known to belong to two different rings (``pattern_id``). Its scores
are then summed up per account (:data:`PAIR_SCORE_FEATURES`: the highest score of the
account's payee and payer relationships, their sum, and how many reach 0.5) and become
features of the account model. On the training accounts these scores are out-of-fold
(cross-validation grouped by ring, as for the account model), so the account model learns
from scores as good as the ones it will see on new data, never from scores of a pair
model that saw the same ring.

Only relationships between accounts of the same feature table are used: when training,
the training accounts; when scoring, the scored accounts.

The stage is opt-in (``relationships=`` of :func:`~openfiu.monitoring.model.train_model`,
``openfiu monitor train --pairs``): on AMLSim it adds about a point of F1 when rings are split
between training and test, but trained on one year and applied to the next its scores of
normal relationships drift up and F1 falls from 0.75 to 0.52
(``docs/monitoring-learned-score.md``). Memory grows with relationships × account features
(all relationships are scored; only the training sample is capped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.model_selection import StratifiedGroupKFold

from openfiu.errors import LearnedScoreError
from openfiu.monitoring.boosting import PARAMS, load_booster
from openfiu.monitoring.engines.base import Engine

#: One row per distinct ``src → dst`` relationship (self-payments left out), in the SQL
#: dialect DuckDB and Spark share.
RELATIONSHIPS_SQL: Final = """
SELECT from_account AS src, to_account AS dst,
    CAST(count(*) AS DOUBLE) AS n,
    CAST(sum(amount_base) AS DOUBLE) AS amount,
    CAST(min(day) AS DOUBLE) AS first_day,
    CAST(max(day) AS DOUBLE) AS last_day
FROM tx
WHERE from_account IS NOT NULL AND to_account IS NOT NULL AND from_account <> to_account
GROUP BY from_account, to_account
"""
RELATIONSHIP_COLUMNS: Final = ("src", "dst", "n", "amount", "first_day", "last_day")
#: Columns of the relationship itself (the pair model also reads both sides' features).
PAIR_OWN: Final = (
    "pair_n",
    "pair_amount_mean",
    "pair_span_days",
    "pair_span_share_src",
    "pair_span_share_dst",
    "pair_reverse_n",
    "pair_src_one_off_out",
    "pair_src_one_off_out_share",
    "pair_src_one_off_in",
    "pair_dst_one_off_in",
    "pair_dst_one_off_in_share",
    "pair_dst_one_off_out",
)
#: Account features made from the pair scores (sentences in
#: :data:`openfiu.monitoring.features.PAIR_FEATURES`).
PAIR_SCORE_FEATURES: Final = (
    "pair_out_max",
    "pair_out_sum",
    "pair_out_high",
    "pair_in_max",
    "pair_in_sum",
    "pair_in_high",
)
HIGH_PAIR_SCORE: Final = 0.5
PAIR_ROUNDS: Final = 200
#: The account model's settings with a small tree and half the features per tree.
PAIR_PARAMS: Final[dict[str, Any]] = {**PARAMS, "num_leaves": 15, "feature_fraction": 0.5}
#: Normal relationships kept for training (a random sample, weighted up) on large data.
MAX_NORMAL_PAIRS: Final = 200_000

Matrix = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]


def account_relationships(engine: Engine) -> pa.Table:
    """``src, dst, n, amount, first_day, last_day`` per distinct relationship of the
    engine's ``tx`` view, sorted (the input of the pair stage).

    Example::

        relationships = account_relationships(engine)
        model = train_model(account_features(engine), labels, relationships=relationships)
    """
    table = engine.sql(RELATIONSHIPS_SQL).select(list(RELATIONSHIP_COLUMNS))
    return table.sort_by([("src", "ascending"), ("dst", "ascending")])


@dataclass
class PairStage:
    """The trained pair model and the pair feature columns it reads, in order."""

    booster: lgb.Booster
    features: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"features": self.features, "lightgbm": self.booster.model_to_string()}

    @classmethod
    def from_json(cls, document: object, where: str) -> PairStage:
        """Read :meth:`to_json`'s output; ``where`` names the file in errors."""
        if not isinstance(document, dict):
            raise LearnedScoreError(f"{where}: 'pairs' must be an object")
        features = document.get("features")
        if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
            raise LearnedScoreError(f"{where}: 'pairs.features' must be a list of names")
        return cls(load_booster(document.get("lightgbm"), features, f"{where}: the pair"), features)


def train_pair_stage(
    features: pa.Table,
    y: npt.NDArray[np.int64],
    groups: npt.NDArray[np.int64],
    relationships: pa.Table,
    *,
    seed: int,
    threads: int,
    folds: int,
) -> tuple[PairStage, dict[str, Matrix]]:
    """Train the pair model on the relationships among ``features``' accounts.

    ``y`` and ``groups`` are the account labels and fold groups in ``features``' row
    order (groups ≥ 0 are rings, negative ones single accounts). Returns the stage and the
    :data:`PAIR_SCORE_FEATURES` of every account from out-of-fold pair scores.
    """
    src, dst, x, names = pair_matrix(features, relationships)
    py = y[src] * y[dst] * _same_or_unknown_ring(groups[src], groups[dst])
    if py.sum() < 2 or py.sum() == len(py):
        raise LearnedScoreError(
            "the pair stage needs at least 2 relationships between laundering accounts of "
            "one ring and some normal ones; train without relationships"
        )
    keep, weight = _sample_normal(py, seed)
    pair_groups = np.where(groups[src] >= 0, groups[src], groups[dst])
    params = {**PAIR_PARAMS, "seed": seed, "num_threads": threads}
    params["scale_pos_weight"] = float(weight[keep][py[keep] == 0].sum()) / float(py.sum())
    oof = np.zeros(len(py))
    splits = min(folds, int(py.sum()))
    kfold = StratifiedGroupKFold(n_splits=splits, shuffle=True, random_state=seed)
    for train, test in kfold.split(x, py, pair_groups):
        fit = train[keep[train]]
        data = lgb.Dataset(x[fit], py[fit], weight=weight[fit], feature_name=names)
        booster = lgb.train(params, data, num_boost_round=PAIR_ROUNDS)
        oof[test] = np.asarray(booster.predict(x[test]), dtype=np.float64)
    data = lgb.Dataset(x[keep], py[keep], weight=weight[keep], feature_name=names)
    booster = lgb.train(params, data, num_boost_round=PAIR_ROUNDS)
    return PairStage(booster, names), _aggregate(features.num_rows, src, dst, oof)


def pair_score_features(
    stage: PairStage, features: pa.Table, relationships: pa.Table
) -> dict[str, Matrix]:
    """The :data:`PAIR_SCORE_FEATURES` of every account of ``features`` (row order)."""
    src, dst, x, names = pair_matrix(features, relationships)
    if names != stage.features:
        raise LearnedScoreError(
            "the accounts' features differ from those the pair model was trained on; "
            "compute features with the same openfiu version and the same rule alerts"
        )
    scores = np.asarray(stage.booster.predict(x), dtype=np.float64) if len(x) else np.zeros(0)
    return _aggregate(features.num_rows, src, dst, scores)


def pair_matrix(
    features: pa.Table, relationships: pa.Table
) -> tuple[Index, Index, Matrix, list[str]]:
    """Row indices (into ``features``) of each relationship's sides and its feature matrix;
    relationships with a side outside ``features`` are left out."""
    missing = [c for c in RELATIONSHIP_COLUMNS if c not in relationships.column_names]
    if missing:
        raise LearnedScoreError(f"relationships lack column(s) {', '.join(missing)}")
    ids = pc.cast(features.column("account_id"), pa.string())
    src_at = pc.index_in(pc.cast(relationships.column("src"), pa.string()), value_set=ids)
    dst_at = pc.index_in(pc.cast(relationships.column("dst"), pa.string()), value_set=ids)
    known = pc.and_(pc.is_valid(src_at), pc.is_valid(dst_at))
    rel = relationships.filter(known)
    src = _ints(src_at.filter(known))
    dst = _ints(dst_at.filter(known))
    n, amount, first, last = (_floats(rel.column(c)) for c in RELATIONSHIP_COLUMNS[2:])
    accounts = features.num_rows
    one_off = (n == 1).astype(np.float64)
    out_one_off = np.bincount(src, one_off, accounts)
    in_one_off = np.bincount(dst, one_off, accounts)
    out_pairs = np.maximum(np.bincount(src, None, accounts), 1)
    in_pairs = np.maximum(np.bincount(dst, None, accounts), 1)
    account_names = [c for c in features.column_names if c != "account_id"]
    account_x = np.column_stack([_floats(features.column(c)) for c in account_names])
    span = last - first + 1
    own = [
        n,
        amount / n,
        span,
        span / np.maximum(_column(features, "span_days", account_x, account_names)[src], 1),
        span / np.maximum(_column(features, "span_days", account_x, account_names)[dst], 1),
        _reverse_counts(src, dst, n, accounts),
        out_one_off[src],
        out_one_off[src] / out_pairs[src],
        in_one_off[src],
        in_one_off[dst],
        in_one_off[dst] / in_pairs[dst],
        out_one_off[dst],
    ]
    x = (
        np.column_stack([*own, account_x[src], account_x[dst]])
        if len(src)
        else np.empty((0, len(PAIR_OWN) + 2 * len(account_names)))
    )
    names = [*PAIR_OWN, *(f"src_{c}" for c in account_names), *(f"dst_{c}" for c in account_names)]
    return src, dst, np.asarray(x, dtype=np.float64), names


def _column(features: pa.Table, name: str, x: Matrix, names: list[str]) -> Matrix:
    if name not in names:
        return np.ones(features.num_rows)
    return np.nan_to_num(x[:, names.index(name)], nan=1.0)


def _reverse_counts(src: Index, dst: Index, n: Matrix, accounts: int) -> Matrix:
    """Transactions of the opposite relationship (``dst → src``), 0 when there is none."""
    key = src * accounts + dst
    order = np.argsort(key, kind="stable")
    reverse = dst * accounts + src
    at = np.minimum(np.searchsorted(key[order], reverse), max(len(key) - 1, 0))
    found = key[order][at] == reverse if len(key) else np.zeros(0, dtype=bool)
    return np.where(found, n[order][at], 0.0)


def _aggregate(accounts: int, src: Index, dst: Index, scores: Matrix) -> dict[str, Matrix]:
    columns: dict[str, Matrix] = {}
    high = (scores >= HIGH_PAIR_SCORE).astype(np.float64)
    for side, at in (("out", src), ("in", dst)):
        best = np.zeros(accounts)
        np.maximum.at(best, at, scores)
        columns[f"pair_{side}_max"] = best
        columns[f"pair_{side}_sum"] = np.bincount(at, scores, accounts).astype(np.float64)
        columns[f"pair_{side}_high"] = np.bincount(at, high, accounts).astype(np.float64)
    return columns


def _same_or_unknown_ring(a: Index, b: Index) -> npt.NDArray[np.int64]:
    """1 unless both sides belong to known, different rings."""
    return np.asarray((a == b) | (a < 0) | (b < 0), dtype=np.int64)


def _sample_normal(y: npt.NDArray[np.int64], seed: int) -> tuple[npt.NDArray[np.bool_], Matrix]:
    """Keep every laundering relationship and at most :data:`MAX_NORMAL_PAIRS` normal ones
    (a seeded random sample), weighting the kept normal ones by how many each stands for."""
    normal = int((y == 0).sum())
    keep = np.ones(len(y), dtype=bool)
    weight = np.ones(len(y))
    if normal > MAX_NORMAL_PAIRS:
        draw = np.random.default_rng(seed).random(len(y))
        keep = (y == 1) | (draw < MAX_NORMAL_PAIRS / normal)
        weight[y == 0] = normal / max(int(((y == 0) & keep).sum()), 1)
    return keep, weight


def _ints(values: pa.ChunkedArray | pa.Array) -> Index:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)


def _floats(values: pa.ChunkedArray | pa.Array) -> Matrix:
    cast = pc.cast(values, pa.float64())
    return np.asarray(cast.to_numpy(zero_copy_only=False), dtype=np.float64)
