"""The benchmark query-set builder (benchmarks/quality_set.py), on a synthetic UN list."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from openfiu.synth.customers import name_token_set
from openfiu.synth.lists import synthetic_un_list

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    pytest.importorskip("openfiu.lists")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import quality_set
    finally:
        sys.path.remove(str(BENCHMARKS))
    path = synthetic_un_list(tmp_path_factory.mktemp("qs") / "syn.xml", 150, 20, seed=5)
    return quality_set, path


def test_query_set_kinds_labels_and_folds(built: tuple[object, Path]) -> None:
    quality_set, path = built
    from openfiu.lists import load_list

    queries, folds = quality_set.build_set(path, seed=1, negatives=100)  # type: ignore[attr-defined]
    again, _ = quality_set.build_set(path, seed=1, negatives=100)  # type: ignore[attr-defined]
    assert queries == again
    counts = Counter(q["kind"] for q in queries)
    assert set(counts) == set(quality_set.KINDS)  # type: ignore[attr-defined]
    assert counts["negative"] == 100
    entities = load_list(path).entities
    refs = {e.reference for e in entities}
    taken = {name_token_set(n.full) for e in entities for n in e.names}
    for q in queries:
        if q["kind"] == "negative":
            assert q["expected_reference"] is None
            assert name_token_set(str(q["name"])) not in taken
        else:
            assert q["expected_reference"] in refs
    # held-out queries: the index they run against no longer has the query's name
    for q in queries:
        if q["kind"] in ("good_alias", "original_script"):
            index = quality_set.entities_for_index(entities, folds[q["index"]])  # type: ignore[attr-defined]
            target = next(e for e in index if e.reference == q["expected_reference"])
            assert q["name"] not in {n.full for n in target.names}
            assert target.names and target.primary_name
