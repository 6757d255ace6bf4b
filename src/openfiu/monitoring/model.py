"""The learned score: a gradient-boosted model over account features, explained in words.

Train on labelled accounts, save as one JSON text file (the LightGBM model text plus the
feature list, threshold and version; no pickle), load, and score::

    model = train_model(features, labels)          # labels: account_id, is_laundering
    model.save(Path("monitor-model.json"))
    model = load_model(Path("monitor-model.json"))
    scored = score_accounts(model, features)      # account_id, score, flagged, explanation

Training is deterministic (fixed seed, one thread count, LightGBM's deterministic mode).
Laundering accounts are rare, so positives are weighted by the class ratio, and the
threshold that turns a score into a flag is the one with the best out-of-fold F1 on the
training accounts (cross-validation grouped by ``pattern_id`` when the labels have it, so
the members of one laundering ring never sit on both sides of a fold).

The model is chosen the same way, never on test data: each of :data:`CANDIDATES` (two
tree sizes, each with randomised and with exact split thresholds) is cross-validated on
the training accounts and the one with the best out-of-fold F1 is trained on all of them.
Small labelled sets (a few thousand accounts, like half of AMLSim) mostly favour a
randomised one (LightGBM's ``extra_trees``: split thresholds drawn at random, which
overfits the training rings less); large, varied ones (the synthetic data's 20,000
accounts and 13 typologies) the exact wide one.

Every candidate is a *bag* of :data:`BAGS` boosters that differ only in their seed, and
the score is their mean. On a few thousand labelled accounts one booster's flags move by
several accounts with the seed alone; the mean of a bag moves less, out of fold (where
the candidate and the threshold are chosen) and on new data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.metrics import precision_recall_curve
from sklearn.model_selection import StratifiedGroupKFold

from openfiu.errors import LearnedScoreError
from openfiu.monitoring.boosting import PARAMS, load_booster
from openfiu.monitoring.features import RULE_PREFIX, describe
from openfiu.monitoring.pairs import PairStage, pair_score_features, train_pair_stage

FORMAT: Final = "openfiu-monitoring-model"
#: Version 2 adds the optional pair stage (``"pairs"``); version 1 files still load.
#: Version 3 adds the other members of a bag of boosters (``"bag"``); a model without a bag
#: is still written as version 2, and version 1 and 2 files still load.
VERSION: Final = 3
READABLE_VERSIONS: Final = (1, 2, 3)
TOP_REASONS: Final = 3
#: Boosters per model, each with its own seed (``seed + BAG_SEED_STEP * member``); the
#: score is their mean. Chosen by out-of-fold F1 on the AMLSim training halves
#: (docs/monitoring-learned-score.md); 8 members were no better out of fold than 5.
BAGS: Final = 5
BAG_SEED_STEP: Final = 1000


@dataclass(frozen=True, slots=True)
class Candidate:
    """One model size tried by :func:`train_model`: leaves per tree, the share of features
    each tree sees, the number of boosting rounds, and whether split thresholds are drawn
    at random (extremely randomised trees, LightGBM's ``extra_trees``: on AMLSim's few
    thousand training accounts they overfit the training rings less; the measurements are
    in docs/monitoring-learned-score.md)."""

    name: str
    num_leaves: int
    feature_fraction: float
    rounds: int
    extra_trees: bool = False


#: Models compared by out-of-fold F1 on the training accounts (first wins a tie): two sizes,
#: each with randomised and with exact split thresholds. On AMLSim's few thousand training
#: accounts the randomised ones win most splits; on the synthetic data's 20,000 the exact
#: wide one does (out-of-fold F1 0.767 against 0.743 for the randomised wide one).
CANDIDATES: Final = (
    Candidate("compact_random", num_leaves=7, feature_fraction=0.5, rounds=150, extra_trees=True),
    Candidate("wide_random", num_leaves=15, feature_fraction=0.8, rounds=300, extra_trees=True),
    Candidate("compact", num_leaves=7, feature_fraction=0.5, rounds=150),
    Candidate("wide", num_leaves=15, feature_fraction=0.8, rounds=300),
)

Matrix = npt.NDArray[np.float64]


@dataclass
class TrainedModel:
    """A trained booster with what is needed to use it safely: the feature columns in
    order, the flag threshold, and a summary of how it was trained (counts and the
    out-of-fold precision, recall and F1 at the threshold). ``bag`` holds the other
    boosters of the bag (same features, other seeds); the score is the mean of all."""

    booster: lgb.Booster
    features: list[str]
    threshold: float
    summary: dict[str, float] = field(default_factory=dict)
    candidate: str = ""  # the name of the :class:`Candidate` chosen by training
    pairs: PairStage | None = None  # the relationship stage, when trained with one
    bag: list[lgb.Booster] = field(default_factory=list)  # the bag's other boosters

    @property
    def boosters(self) -> list[lgb.Booster]:
        """Every booster of the bag, the first one first."""
        return [self.booster, *self.bag]

    def save(self, path: Path) -> None:
        """Write the model as one JSON text file (see :func:`load_model`)."""
        document = {
            "format": FORMAT,
            "version": VERSION if self.bag else 2,
            "features": self.features,
            "threshold": self.threshold,
            "summary": self.summary,
            "candidate": self.candidate,
            "lightgbm": self.booster.model_to_string(),
        }
        if self.pairs is not None:
            document["pairs"] = self.pairs.to_json()
        if self.bag:
            document["bag"] = [b.model_to_string() for b in self.bag]
        path.write_text(json.dumps(document, indent=1), encoding="utf-8")


def train_model(
    features: pa.Table,
    labels: pa.Table,
    *,
    seed: int = 7,
    threads: int = 2,
    folds: int = 5,
    rounds: int | None = None,
    candidates: Sequence[Candidate] = CANDIDATES,
    relationships: pa.Table | None = None,
    bags: int = BAGS,
) -> TrainedModel:
    """Train the learned score on the accounts of ``features`` labelled in ``labels``.

    ``labels`` needs ``account_id`` and ``is_laundering``; an optional ``pattern_id``
    groups the cross-validation folds. Every account of ``features`` must be labelled
    (an unlabelled one is an error, not a silent negative); labelled accounts without
    features (no transactions) cannot be learned from and are not used. ``rounds``, when
    given, replaces every candidate's number of rounds (quick runs, tests). ``bags`` boosters
    with seeds ``seed``, ``seed + 1000``, … are averaged, out of fold and in the model.

    ``relationships`` (:func:`~openfiu.monitoring.pairs.account_relationships`), when
    given, adds the pair stage of :mod:`openfiu.monitoring.pairs`: a model of laundering
    relationships whose out-of-fold scores become account features; scoring then needs
    the relationships of the scored data too.

    Example::

        model = train_model(account_features(engine), load_labels(path).accounts)
        model.candidate, model.summary["oof_f1"]     # ('compact', 0.82)
    """
    if not candidates:
        raise LearnedScoreError("no model candidates to train; pass at least one Candidate")
    if bags < 1:
        raise LearnedScoreError(f"bags must be at least 1, not {bags}")
    y, groups = _aligned_labels(features, labels)
    if y.sum() == 0 or y.sum() == len(y):
        raise LearnedScoreError("labels hold only one class; need laundering and normal accounts")
    pairs = None
    if relationships is not None:
        pairs, columns = train_pair_stage(
            features, y, groups, relationships, seed=seed, threads=threads, folds=folds
        )
        features = _append(features, columns)
    names = [c for c in features.column_names if c != "account_id"]
    x = _matrix(features, names)
    summary = {"accounts": float(len(y)), "laundering": float(y.sum())}
    best: tuple[float, Candidate, float, float, float] | None = None
    for candidate in candidates:
        params = _params(y, seed, threads, candidate)
        steps = rounds if rounds is not None else candidate.rounds
        oof = _out_of_fold(x, y, groups, names, params, folds, seed, steps, bags)
        threshold, precision, recall, f1 = best_f1_threshold(y, oof)
        summary[f"oof_f1_{candidate.name}"] = f1
        if best is None or f1 > best[0]:
            best = (f1, candidate, threshold, precision, recall)
    assert best is not None
    f1, chosen, threshold, precision, recall = best
    steps = rounds if rounds is not None else chosen.rounds
    data = lgb.Dataset(x, y, feature_name=names)
    params = _params(y, seed, threads, chosen)
    members = [lgb.train(p, data, num_boost_round=steps) for p in _bag(params, bags)]
    summary.update({"oof_precision": precision, "oof_recall": recall, "oof_f1": f1})
    summary["bags"] = float(bags)
    return TrainedModel(members[0], names, threshold, summary, chosen.name, pairs, members[1:])


def _bag(params: dict[str, Any], bags: int) -> list[dict[str, Any]]:
    """The settings of each member of a bag: the same but for the seed."""
    return [{**params, "seed": params["seed"] + BAG_SEED_STEP * b} for b in range(bags)]


def _append(features: pa.Table, columns: dict[str, Matrix]) -> pa.Table:
    for name, values in columns.items():
        features = features.append_column(name, pa.array(values, pa.float64()))
    return features


def _params(
    y: npt.NDArray[np.int64], seed: int, threads: int, candidate: Candidate
) -> dict[str, Any]:
    positives = int(y.sum())
    return {
        **PARAMS,
        "num_leaves": candidate.num_leaves,
        "feature_fraction": candidate.feature_fraction,
        "extra_trees": candidate.extra_trees,
        "seed": seed,
        "num_threads": threads,
        "scale_pos_weight": (len(y) - positives) / positives,
    }


def _out_of_fold(
    x: Matrix,
    y: npt.NDArray[np.int64],
    groups: npt.NDArray[np.int64],
    names: list[str],
    params: dict[str, Any],
    folds: int,
    seed: int,
    rounds: int,
    bags: int = 1,
) -> Matrix:
    """Scores of each account by a bag of models that did not see its ring (grouped k-fold)."""
    splits = min(folds, int(y.sum()), int(len(y) - y.sum()))
    if splits < 2:
        raise LearnedScoreError("need at least 2 laundering and 2 normal accounts to train")
    oof = np.zeros(len(y))
    kfold = StratifiedGroupKFold(n_splits=splits, shuffle=True, random_state=seed)
    for train, test in kfold.split(x, y, groups):
        data = lgb.Dataset(x[train], y[train], feature_name=names)
        for member in _bag(params, bags):
            booster = lgb.train(member, data, num_boost_round=rounds)
            oof[test] += np.asarray(booster.predict(x[test]), dtype=np.float64) / bags
    return oof


def best_f1_threshold(
    y: npt.NDArray[np.int64], scores: Matrix
) -> tuple[float, float, float, float]:
    """The score threshold with the highest F1, and its precision, recall and F1.

    Example::

        >>> best_f1_threshold(np.array([0, 0, 1, 1]), np.array([0.1, 0.6, 0.7, 0.9]))[0]
        0.7
    """
    precision, recall, thresholds = precision_recall_curve(y, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1]))
    return float(thresholds[best]), float(precision[best]), float(recall[best]), float(f1[best])


def load_model(path: Path) -> TrainedModel:
    """Read a model written by :meth:`TrainedModel.save`; refuse any other file.

    Raises :class:`LearnedScoreError` naming the file and the problem: not JSON, not an
    openfiu monitoring model, a newer version, or a feature list that does not match the
    LightGBM model inside.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LearnedScoreError(f"{path}: not an openfiu monitoring model (not JSON)") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LearnedScoreError(
            f"{path}: not an openfiu monitoring model (no 'format': {FORMAT!r}); "
            "train one with `openfiu monitor train`"
        )
    if document.get("version") not in READABLE_VERSIONS:
        raise LearnedScoreError(
            f"{path}: model version {document.get('version')!r} is not supported "
            f"(this openfiu reads version {VERSION}); retrain the model"
        )
    features = document.get("features")
    threshold = document.get("threshold")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise LearnedScoreError(f"{path}: 'features' must be a list of feature names")
    if not isinstance(threshold, int | float) or not 0.0 <= threshold <= 1.0:
        raise LearnedScoreError(f"{path}: 'threshold' must be a number in [0, 1]")
    booster = load_booster(document.get("lightgbm"), features, f"{path}: the LightGBM")
    summary = document.get("summary") or {}
    candidate = str(document.get("candidate") or "")
    pairs = document.get("pairs")
    stage = PairStage.from_json(pairs, str(path)) if pairs is not None else None
    texts = document.get("bag") or []
    if not isinstance(texts, list):
        raise LearnedScoreError(f"{path}: 'bag' must be a list of LightGBM model texts")
    bag = [load_booster(t, features, f"{path}: a bagged LightGBM") for t in texts]
    return TrainedModel(booster, features, float(threshold), dict(summary), candidate, stage, bag)


def score_accounts(
    model: TrainedModel, features: pa.Table, relationships: pa.Table | None = None
) -> pa.Table:
    """Score every account of ``features``: ``account_id, score, flagged, explanation``.

    A rule feature the model knows but ``features`` lacks (that rule raised no alert on
    this data) is 0; any other missing feature is an error. The explanation names the
    features that pushed the score up most, in words. A model with a pair stage needs the
    ``relationships`` of the scored data (:func:`~openfiu.monitoring.pairs.account_relationships`).

    Example::

        >>> scored = score_accounts(model, features)          # doctest: +SKIP
        >>> scored.column("explanation")[0].as_py()           # doctest: +SKIP
        'flagged (score 0.97 ≥ 0.41): sent to 9 distinct accounts within 7 days; …'
    """
    if model.pairs is not None:
        if relationships is None:
            raise LearnedScoreError(
                "this model has a pair stage: pass the relationships of the scored data "
                "(account_relationships(engine))"
            )
        account_names = [n[4:] for n in model.pairs.features if n.startswith("src_")]
        base = _with_absent_rule_features(features, account_names).select(
            ["account_id", *account_names]
        )
        features = _append(features, pair_score_features(model.pairs, base, relationships))
    table = _with_absent_rule_features(features, model.features)
    x = _matrix(table, model.features)
    if not len(x):
        empty = {"score": pa.float64(), "flagged": pa.bool_(), "explanation": pa.string()}
        return pa.table(
            {
                "account_id": table.column("account_id"),
                **{k: pa.array([], t) for k, t in empty.items()},
            }
        )
    boosters = model.boosters
    scores = np.mean([np.asarray(b.predict(x), dtype=np.float64) for b in boosters], axis=0)
    contrib = np.mean(
        [np.asarray(b.predict(x, pred_contrib=True), dtype=np.float64) for b in boosters], axis=0
    )
    flagged = scores >= model.threshold
    explanations = [
        _explain(model, x[i], contrib[i, :-1], float(scores[i]), bool(flagged[i]))
        for i in range(len(scores))
    ]
    return pa.table(
        {
            "account_id": table.column("account_id"),
            "score": pa.array(scores, pa.float64()),
            "flagged": pa.array(flagged, pa.bool_()),
            "explanation": pa.array(explanations, pa.string()),
        }
    )


def _explain(
    model: TrainedModel, values: Matrix, contrib: Matrix, score: float, flagged: bool
) -> str:
    order = np.argsort(-contrib, kind="stable")
    reasons = [
        describe(model.features[i], float(values[i]))
        for i in order
        if contrib[i] > 0 and not math.isnan(values[i])
    ][:TOP_REASONS]
    verdict = (
        f"flagged (score {score:.2f} ≥ {model.threshold:.2f})"
        if flagged
        else f"not flagged (score {score:.2f} < {model.threshold:.2f})"
    )
    if not reasons:
        return f"{verdict}: no feature points to laundering"
    return f"{verdict}: " + "; ".join(reasons)


def _with_absent_rule_features(features: pa.Table, names: list[str]) -> pa.Table:
    if "account_id" not in features.column_names:
        raise LearnedScoreError("feature table has no 'account_id' column")
    present = set(features.column_names)
    missing = [n for n in names if n not in present and not n.startswith(RULE_PREFIX)]
    if missing:
        raise LearnedScoreError(
            f"feature table lacks {len(missing)} feature(s) the model needs: "
            f"{', '.join(missing[:5])}; compute features with the same openfiu version"
        )
    for name in names:
        if name not in present:
            features = features.append_column(name, pa.array(np.zeros(features.num_rows)))
    return features


def _matrix(table: pa.Table, names: list[str]) -> Matrix:
    if not names:
        raise LearnedScoreError("feature table has no feature columns")
    columns = []
    for name in names:
        try:
            column = pc.cast(table.column(name), pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise LearnedScoreError(f"feature {name!r} is not numeric: {exc}") from exc
        columns.append(column.to_numpy(zero_copy_only=False).astype(np.float64))
    return np.column_stack(columns) if table.num_rows else np.empty((0, len(names)))


def _aligned_labels(
    features: pa.Table, labels: pa.Table
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Labels (0/1) and fold groups in the row order of ``features``."""
    for column in ("account_id", "is_laundering"):
        if column not in labels.column_names:
            raise LearnedScoreError(f"labels have no {column!r} column")
    ids = pc.cast(labels.column("account_id"), pa.string())
    index = pc.index_in(features.column("account_id"), value_set=ids)
    unlabelled = pc.sum(pc.is_null(index)).as_py() or 0
    if unlabelled:
        first = features.column("account_id").filter(pc.is_null(index))[0].as_py()
        raise LearnedScoreError(
            f"{unlabelled} account(s) with features have no label (first: {first!r}); "
            "pass labels that cover every account"
        )
    flags = pc.take(labels.column("is_laundering"), index)
    if flags.null_count:
        raise LearnedScoreError(
            f"{flags.null_count} account label(s) are null; label every account"
        )
    flags = flags.to_numpy(zero_copy_only=False)
    y = np.asarray(flags, dtype=np.int64)
    if "pattern_id" in labels.column_names:
        patterns = pc.take(pc.cast(labels.column("pattern_id"), pa.string()), index).to_pylist()
    else:
        patterns = [None] * len(y)
    group_of: dict[str, int] = {}
    groups = [
        group_of.setdefault(p, len(group_of)) if p else -(i + 1) for i, p in enumerate(patterns)
    ]
    return y, np.asarray(groups, dtype=np.int64)
