"""The quality target on the 65 name classes of NAMES.md §5.6 (583 spellings).

Within a class, ≥ 95 % of spelling pairs must score ≥ 0.80; across classes, pairs must
mostly score < 0.70 (known vowel-less collisions such as Muhammad/Mahmud allowed).
Measured when written: 100.0 % within classes (2,482 pairs), 0.09 % of 167,171 cross-class
pairs ≥ 0.70, all of them known collisions. After the benchmark tuning (Abd/Abu as tokens of
their own, typo floor, nisba -i): 99.88 % within classes (failures: Eisa ~ Iso/Исо/Ӣсо),
0.045 % cross-class ≥ 0.70, two of them not known collisions (Gasan/Гасан ~ Ghasem, 0.71).
"""

from __future__ import annotations

import itertools

from openfiu.names import compare_names

from .name_classes import KNOWN_COLLISIONS, NAME_CLASSES


def test_sixty_five_classes() -> None:
    assert len(NAME_CLASSES) == 65
    assert sum(len(v) for v in NAME_CLASSES.values()) == 583


def test_within_class_pairs_match() -> None:
    total = 0
    failures: list[tuple[str, str, str, float]] = []
    for label, spellings in NAME_CLASSES.items():
        for a, b in itertools.combinations(spellings, 2):
            total += 1
            score = compare_names(a, b)
            if score < 0.8:
                failures.append((label, a, b, score))
    rate = 1 - len(failures) / total
    assert rate >= 0.95, f"{rate:.3%} of {total} pairs ≥ 0.80; failures: {failures[:20]}"


def test_cross_class_pairs_stay_low() -> None:
    spellings = [(label, s) for label, values in NAME_CLASSES.items() for s in values]
    total = 0
    false_pairs: list[tuple[str, str, str, str, float]] = []
    for (la, a), (lb, b) in itertools.combinations(spellings, 2):
        if la == lb:
            continue
        total += 1
        score = compare_names(a, b)
        if score >= 0.7:
            false_pairs.append((la, lb, a, b, score))
    unexplained = [p for p in false_pairs if frozenset(p[:2]) not in KNOWN_COLLISIONS]
    assert len(false_pairs) / total < 0.005, f"{len(false_pairs)} of {total}"
    assert len(unexplained) / total < 0.0005, unexplained[:20]
