"""Micro-benchmark of openfiu.names: names/s for analyse_name, pairs/s for comparison.

Run: ``python benchmarks/names_speed.py``. Names are synthetic: three spellings drawn from the
name-class test set (generic given names), so token vocabularies repeat as in real screening.
Prints one table; "cold" means caches cleared first, "warm" means the same pairs again.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from openfiu.names import analyse_name, compare_analysed, score_analysed
from openfiu.names import similarity as _similarity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "names"))
from name_classes import NAME_CLASSES  # type: ignore[import-not-found]


def _best_of(repeats: int, run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(n_names: int = 2_000, n_pairs: int = 50_000, seed: int = 7) -> None:
    rng = random.Random(seed)
    spellings = [s for values in NAME_CLASSES.values() for s in values]
    names = [" ".join(rng.sample(spellings, 3)) for _ in range(n_names)]

    analyse_name.cache_clear()
    start = time.perf_counter()
    analysed = [analyse_name(n) for n in names]
    cold_analyse = time.perf_counter() - start

    def run_analyse() -> None:
        for name in names:
            analyse_name(name)

    warm_analyse = _best_of(3, run_analyse)

    fresh = [" ".join(rng.sample(spellings, 3)) for _ in range(n_names)]
    start = time.perf_counter()
    for name in fresh:
        analyse_name(name)
    new_names = time.perf_counter() - start

    pairs = [(rng.choice(analysed), rng.choice(analysed)) for _ in range(n_pairs)]
    _similarity._MEMO.clear()
    start = time.perf_counter()
    for q, c in pairs:
        score_analysed(q, c)
    cold_score = time.perf_counter() - start

    def run_score() -> None:
        for q, c in pairs:
            score_analysed(q, c)

    def run_compare() -> None:
        for q, c in pairs:
            compare_analysed(q, c)

    warm_score = _best_of(3, run_score)
    warm_compare = _best_of(3, run_compare)

    rows = [
        ("analyse_name, cold (3-token names)", n_names / cold_analyse, "names/s"),
        ("analyse_name, new names, known tokens", n_names / new_names, "names/s"),
        ("analyse_name, memoised", n_names / warm_analyse, "names/s"),
        ("score_analysed, cold token memo", n_pairs / cold_score, "pairs/s"),
        ("score_analysed, warm (3x3 tokens)", n_pairs / warm_score, "pairs/s"),
        ("compare_analysed, warm (with explanation)", n_pairs / warm_compare, "pairs/s"),
    ]
    print(f"{'operation':45} {'rate':>12}  unit    µs each")
    for label, rate, unit in rows:
        print(f"{label:45} {rate:12,.0f}  {unit:7} {1e6 / rate:7.1f}")


if __name__ == "__main__":
    main()
