"""The learned score on a small synthetic feature table where laundering is learnable."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from openfiu.errors import LearnedScoreError
from openfiu.monitoring.model import (
    CANDIDATES,
    Candidate,
    TrainedModel,
    best_f1_threshold,
    load_model,
    score_accounts,
    train_model,
)


def dataset(seed: int, n: int = 300) -> tuple[pa.Table, pa.Table]:
    """Accounts in rings of 4 (every 5th ring launders): launderers fan out to many
    accounts within 7 days and forward most of their inflow; the rest is noise."""
    rng = np.random.default_rng(seed)
    ring = np.arange(n) // 4
    laundering = ring % 5 == 0
    fan = np.where(laundering, rng.integers(6, 15, n), rng.integers(0, 7, n)).astype(float)
    passing = np.where(laundering, rng.uniform(0.6, 1.0, n), rng.uniform(0.0, 0.7, n))
    ids = [f"ACC{seed}-{i:04d}" for i in range(n)]
    features = pa.table(
        {
            "account_id": ids,
            "fan_out_7d": fan,
            "pass_through_2d": passing,
            "amount_mean": rng.lognormal(6, 1, n),
            "in_out_gap_mean": np.where(rng.random(n) < 0.1, np.nan, rng.uniform(0, 9, n)),
            "rule_any_alerts": np.where(laundering & (rng.random(n) < 0.5), 1.0, 0.0),
        }
    )
    labels = pa.table(
        {
            "account_id": ids,
            "is_laundering": laundering,
            "pattern_id": [f"ring{r}" for r in ring],
        }
    )
    return features, labels


@pytest.fixture(scope="module")
def trained() -> TrainedModel:
    features, labels = dataset(1)
    return train_model(features, labels, rounds=60, folds=3, threads=1)


def test_learns_and_generalises_to_other_data(trained: TrainedModel) -> None:
    features, labels = dataset(2)
    scored = score_accounts(trained, features)
    truth = np.asarray(labels.column("is_laundering").to_pylist())
    flagged = np.asarray(scored.column("flagged").to_pylist())
    tp = int((flagged & truth).sum())
    f1 = 2 * tp / (flagged.sum() + truth.sum())
    assert f1 > 0.8
    assert scored.column_names == ["account_id", "score", "flagged", "explanation"]
    assert 0.0 < trained.threshold < 1.0
    assert trained.summary["oof_f1"] > 0.7


def test_explanations_name_features_in_words(trained: TrainedModel) -> None:
    features, _ = dataset(2)
    scored = score_accounts(trained, features).to_pylist()
    flagged = [r for r in scored if r["flagged"]]
    assert flagged
    text = flagged[0]["explanation"]
    assert text.startswith("flagged (score ")
    assert "distinct accounts within 7 days" in text or "forwarded within 2 days" in text
    assert any(r["explanation"].startswith("not flagged") for r in scored)


def test_training_is_deterministic() -> None:
    features, labels = dataset(3)
    one = train_model(features, labels, rounds=30, folds=3, threads=1)
    two = train_model(features, labels, rounds=30, folds=3, threads=1)
    assert one.booster.model_to_string() == two.booster.model_to_string()
    assert one.threshold == two.threshold


def test_save_and_load_round_trip(trained: TrainedModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    trained.save(path)
    loaded = load_model(path)
    features, _ = dataset(4)
    before = score_accounts(trained, features)
    after = score_accounts(loaded, features)
    assert before.equals(after)
    assert loaded.features == trained.features
    assert loaded.candidate == trained.candidate != ""
    assert b"pickle" not in path.read_bytes()


def test_model_size_is_chosen_by_out_of_fold_f1(trained: TrainedModel) -> None:
    scores = {c.name: trained.summary[f"oof_f1_{c.name}"] for c in CANDIDATES}
    assert trained.candidate == max(scores, key=lambda name: scores[name])  # first wins a tie
    assert trained.summary["oof_f1"] == scores[trained.candidate]
    features, labels = dataset(1)
    tiny = Candidate("stump", num_leaves=2, feature_fraction=1.0, rounds=3)
    only = train_model(features, labels, folds=3, threads=1, candidates=[tiny])
    assert only.candidate == "stump"
    assert only.booster.num_trees() == 3
    with pytest.raises(LearnedScoreError, match="no model candidates"):
        train_model(features, labels, candidates=[])


def test_absent_rule_features_count_as_zero(trained: TrainedModel) -> None:
    features, _ = dataset(5)
    without = features.drop_columns(["rule_any_alerts"])
    zeroed = features.set_column(
        features.schema.get_field_index("rule_any_alerts"),
        "rule_any_alerts",
        pa.array(np.zeros(features.num_rows)),
    )
    scored_without = score_accounts(trained, without)
    assert scored_without.column("score").equals(score_accounts(trained, zeroed).column("score"))


def test_missing_feature_is_an_error(trained: TrainedModel) -> None:
    features, _ = dataset(5)
    with pytest.raises(LearnedScoreError, match="fan_out_7d"):
        score_accounts(trained, features.drop_columns(["fan_out_7d"]))


def test_load_refuses_files_that_are_not_ours(trained: TrainedModel, tmp_path: Path) -> None:
    native = tmp_path / "native.txt"
    native.write_text(trained.booster.model_to_string())
    with pytest.raises(LearnedScoreError, match="not JSON"):
        load_model(native)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(LearnedScoreError, match="not an openfiu monitoring model"):
        load_model(other)
    saved = tmp_path / "model.json"
    trained.save(saved)
    document = json.loads(saved.read_text())
    document["features"] = list(reversed(document["features"]))
    saved.write_text(json.dumps(document))
    with pytest.raises(LearnedScoreError, match="does not match"):
        load_model(saved)
    document["version"] = 99
    saved.write_text(json.dumps(document))
    with pytest.raises(LearnedScoreError, match="version 99"):
        load_model(saved)


def test_unlabelled_accounts_and_single_class_are_errors() -> None:
    features, labels = dataset(6, n=40)
    with pytest.raises(LearnedScoreError, match="no label"):
        train_model(features, labels.slice(0, 30), rounds=5)
    flat = labels.set_column(1, "is_laundering", pa.array([False] * labels.num_rows))
    with pytest.raises(LearnedScoreError, match="one class"):
        train_model(features, flat, rounds=5)


def test_best_f1_threshold() -> None:
    y = np.array([0, 0, 1, 1, 0])
    threshold, precision, recall, f1 = best_f1_threshold(y, np.array([0.1, 0.6, 0.7, 0.9, 0.2]))
    assert (threshold, precision, recall, f1) == (0.7, 1.0, 1.0, 1.0)


def test_empty_and_non_numeric_features(trained: TrainedModel) -> None:
    features, _ = dataset(7, n=8)
    empty = score_accounts(trained, features.slice(0, 0))
    assert empty.num_rows == 0 and empty.column_names[-1] == "explanation"
    text = features.set_column(1, "fan_out_7d", pa.array(["many"] * features.num_rows))
    with pytest.raises(LearnedScoreError, match="'fan_out_7d' is not numeric"):
        score_accounts(trained, text)


def test_a_bag_averages_boosters_of_different_seeds(tmp_path: Path) -> None:
    features, labels = dataset(8)
    bagged = train_model(features, labels, rounds=30, folds=3, threads=1, bags=3)
    assert len(bagged.boosters) == 3 and bagged.summary["bags"] == 3.0
    texts = {b.model_to_string() for b in bagged.boosters}
    assert len(texts) == 3  # other seeds, other randomised trees
    test, _ = dataset(9)
    scored = score_accounts(bagged, test)
    x = np.column_stack([np.asarray(test.column(n).to_pylist(), float) for n in bagged.features])
    mean = np.mean([b.predict(x) for b in bagged.boosters], axis=0)
    assert np.allclose(scored.column("score").to_numpy(), mean)
    path = tmp_path / "bag.json"
    bagged.save(path)
    document = json.loads(path.read_text())
    assert document["version"] == 3 and len(document["bag"]) == 2
    assert score_accounts(load_model(path), test).equals(scored)
    document["bag"][0] = "not a model"
    path.write_text(json.dumps(document))
    with pytest.raises(LearnedScoreError, match="bagged LightGBM model text is damaged"):
        load_model(path)


def test_a_single_booster_model_is_written_as_version_2(tmp_path: Path) -> None:
    features, labels = dataset(8)
    single = train_model(features, labels, rounds=20, folds=3, threads=1, bags=1)
    assert single.bag == [] and len(single.boosters) == 1
    single.save(tmp_path / "one.json")
    document = json.loads((tmp_path / "one.json").read_text())
    assert document["version"] == 2 and "bag" not in document
    assert load_model(tmp_path / "one.json").bag == []
    with pytest.raises(LearnedScoreError, match="bags must be at least 1"):
        train_model(features, labels, rounds=5, bags=0)


def test_candidates_with_randomised_and_exact_trees() -> None:
    assert {c.extra_trees for c in CANDIDATES} == {True, False}
    assert CANDIDATES[0].extra_trees  # randomised first: they win ties on small data
    features, labels = dataset(8)
    plain = Candidate("plain", num_leaves=7, feature_fraction=0.5, rounds=10)
    model = train_model(features, labels, folds=3, threads=1, candidates=[plain], bags=1)
    assert "extra_trees: 0" in model.booster.model_to_string()
    random = Candidate("random", num_leaves=7, feature_fraction=0.5, rounds=10, extra_trees=True)
    randomised = train_model(features, labels, folds=3, threads=1, candidates=[random], bags=1)
    assert "extra_trees: 1" in randomised.booster.model_to_string()
