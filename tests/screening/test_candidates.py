"""Candidate generation: the narrowed prefix finds exactly what the full prefix finds."""

import pytest

from openfiu.names import analyse_name
from openfiu.screening import Screener, candidates, lazy
from openfiu.screening.candidates import _strong_cut, batch_candidates
from openfiu.synth.customers import synthetic_customers
from openfiu.synth.lists import synthetic_entities


def test_strong_cut_expands_only_the_rare_surname_of_a_two_token_name() -> None:
    # "Given Surname", both weight 1: without the surname a list name keeps core weight of
    # its own uncovered, so the given name alone can only reach one-token names
    assert _strong_cut([1.0, 1.0], [0.1, 0.1], [1.0, 1.0], 2, 0.65) == 1
    # an optional first token leaves no core weight unaligned: no narrowing
    assert _strong_cut([0.35, 1.0], [0.015, 0.1], [0.0, 1.0], 2, 0.65) == 2
    # a low bound keeps the whole prefix
    assert _strong_cut([1.0, 1.0, 1.0], [0.1] * 3, [1.0] * 3, 3, 0.3) == 3


@pytest.fixture(scope="module")
def generated() -> tuple[Screener, list[dict[str, object]]]:
    entities = list(synthetic_entities(4_000, seed=3))
    persons = [e for e in entities if e.kind == "person"]
    customers = list(synthetic_customers(600, seed=4, listed=persons, hit_rate=0.3))
    return Screener.from_entities(entities), customers


def test_narrowed_prefix_yields_the_same_candidates(
    generated: tuple[Screener, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    screener, customers = generated
    units = [(analyse_name(str(c["name"]), "person"), "person") for c in customers]
    units += [(analyse_name(str(c["name"]), "organization"), None) for c in customers[:100]]
    bound = screener._candidate_bound()
    cuts: list[tuple[int, int]] = []

    def spy(*args: object) -> int:
        strong = _strong_cut(*args)  # type: ignore[arg-type]
        cuts.append((strong, args[3]))  # type: ignore[arg-type]
        return strong

    monkeypatch.setattr(candidates, "_strong_cut", spy)
    narrowed = batch_candidates(screener.index, units, bound, 48)  # type: ignore[arg-type]
    assert sum(strong < cut for strong, cut in cuts) > len(customers) // 2  # narrowed often
    monkeypatch.setattr(candidates, "_strong_cut", lambda w, c, k, cut, b: cut)
    full = batch_candidates(screener.index, units, bound, 48)  # type: ignore[arg-type]
    assert sum(len(n) for n in full) > len(units)  # the comparison has substance
    for got, want in zip(narrowed, full, strict=True):
        assert got.tolist() == want.tolist()


def test_lazy_resolution_yields_the_same_candidates(
    generated: tuple[Screener, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    entities, customers = generated[0].entities, generated[1]
    screener = Screener.from_entities(entities)
    monkeypatch.setattr(lazy, "LAZY_MIN_NAMES", 0)  # a small list, read lazily all the same
    units = [(analyse_name(str(c["name"]), "person"), "person") for c in customers]
    bound = screener._candidate_bound()
    scored: list[int] = []
    resolve_among = screener.index.resolve_among

    def spy(token: object, ids: list[int], needed: set[int]) -> list[tuple[int, float]]:
        scored.append(len(needed))
        return resolve_among(token, ids, needed)  # type: ignore[arg-type]

    monkeypatch.setattr(screener.index, "resolve_among", spy)
    lazily = batch_candidates(screener.index, units, bound, 48)  # type: ignore[arg-type]
    neighbours = sum(len(screener.index.neighbours(t)) for t in lookup_tokens(units, screener))
    assert 0 < sum(scored) < neighbours  # lazily resolved tokens, and fewer comparisons
    monkeypatch.setattr(candidates, "optimistic", lambda index, token: None)
    full = batch_candidates(screener.index, units, bound, 48)  # type: ignore[arg-type]
    assert sum(len(n) for n in full) > len(units)
    for got, want in zip(lazily, full, strict=True):
        assert got.tolist() == want.tolist()


def lookup_tokens(units: list[tuple[object, str]], screener: Screener) -> set[object]:
    """Query tokens that were not resolved in full (the lazily read ones)."""
    return {
        t
        for analysis, _ in units
        for t in analysis.tokens  # type: ignore[attr-defined]
        if not screener.index.is_resolved(t)
    }
