"""LightGBM settings and model loading shared by the account model and the pair stage.

Both models are stored as LightGBM's own model text inside a JSON document with the list of
feature names beside it (no pickle); :func:`load_booster` reads one back and checks that the
two agree.
"""

from __future__ import annotations

from typing import Any, Final

import lightgbm as lgb

from openfiu.errors import LearnedScoreError

#: Settings of every model here; ``scale_pos_weight``, the seed, threads and tree size are
#: set per model and run.
PARAMS: Final[dict[str, Any]] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "min_data_in_leaf": 10,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_col_wise": True,
    "verbosity": -1,
}


def load_booster(text: object, features: list[str], what: str) -> lgb.Booster:
    """A LightGBM model from its JSON-stored text, checked against the feature list stored
    beside it; ``what`` starts the error ("model.json: the pair")."""
    try:
        booster = lgb.Booster(model_str=str(text or ""))
    except lgb.basic.LightGBMError as exc:
        raise LearnedScoreError(f"{what} model text is damaged: {exc}") from exc
    if booster.feature_name() != features:
        raise LearnedScoreError(
            f"{what} feature list does not match the model inside; "
            "the file was edited or damaged, retrain the model"
        )
    return booster


__all__ = ["PARAMS", "load_booster"]
