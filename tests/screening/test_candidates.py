"""Candidate generation: the narrowed prefix finds exactly what the full prefix finds."""

import pytest

from openfiu.names import analyse_name
from openfiu.names.compare import score_analysed
from openfiu.screening import Screener, candidates, lazy
from openfiu.screening.candidates import _narrow_cut, batch_candidates
from openfiu.screening.screener import MAX_EVIDENCE_BONUS
from openfiu.synth.customers import synthetic_customers
from openfiu.synth.lists import synthetic_entities


def _screened(
    entities: int, customers: int, seed: int, hit_rate: float
) -> tuple[Screener, list[dict[str, object]]]:
    """A generated list and customers of whom ``hit_rate`` are variants of listed persons."""
    listed = list(synthetic_entities(entities, seed=seed))
    persons = [e for e in listed if e.kind == "person"]
    queries = synthetic_customers(customers, seed=seed + 1, listed=persons, hit_rate=hit_rate)
    return Screener.from_entities(listed), list(queries)


@pytest.fixture(scope="module")
def generated() -> tuple[Screener, list[dict[str, object]]]:
    return _screened(4_000, 600, seed=3, hit_rate=0.3)


def test_narrowed_prefix_yields_the_same_candidates(
    generated: tuple[Screener, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    screener, customers = generated
    units = [(analyse_name(str(c["name"]), "person"), "person") for c in customers]
    units += [(analyse_name(str(c["name"]), "organization"), None) for c in customers[:100]]
    arabic = sum(analysis.script == "arabic" for analysis, _ in units)
    assert arabic >= 20  # names in Arabic script take the other cut
    bound = screener._candidate_bound()
    cuts: list[tuple[int, int, bool]] = []

    def spy(*args: object) -> tuple[int, float]:
        strong, max_core = _narrow_cut(*args)  # type: ignore[arg-type]
        cut, _, segmented = args[4]  # type: ignore[misc]
        cuts.append((strong, cut, segmented))
        return strong, max_core

    monkeypatch.setattr(candidates, "_narrow_cut", spy)
    narrowed = batch_candidates(screener.index, units, bound, 48)  # type: ignore[arg-type]
    # narrowed often, Latin and Arabic script alike
    assert sum(strong < cut and seg for strong, cut, seg in cuts) > len(customers) // 10
    assert sum(strong < cut and not seg for strong, cut, seg in cuts) >= 3
    monkeypatch.setattr(candidates, "_narrow_cut", lambda i, r, z, s, lim: (lim[0], 0.0))
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


@pytest.fixture(scope="module")
def small() -> tuple[Screener, list[dict[str, object]]]:
    return _screened(1_200, 150, seed=5, hit_rate=0.4)


def test_every_name_that_could_alert_is_a_candidate(
    small: tuple[Screener, list[dict[str, object]]],
) -> None:
    # the bound is an upper bound of the name score (but for token pairs under the
    # retrieval similarity, which the candidate margin covers): scoring every list name
    # in full finds no name that could alert and is not a candidate (the first and last
    # query tokens charged their own missing cost, the Arabic-script cut, titles read
    # through a typing error)
    screener, customers = small
    index = screener.index
    bound = screener.threshold - MAX_EVIDENCE_BONUS
    units = [(analyse_name(str(c["name"]), "person"), "person") for c in customers]
    units += [(analyse_name(str(c["name"]).split()[0], "person"), "person") for c in customers]
    found = batch_candidates(index, units, screener._candidate_bound(), len(index))  # type: ignore[arg-type]
    persons = {j for j in range(len(index)) if index.name_kind[j] == 0}
    reached = missed = 0
    for (analysis, _), names in zip(units, found, strict=True):
        have = set(names.tolist())
        # the names retrieval can reach (what it cannot reach is another question)
        reachable: set[int] = set()
        for token in analysis.tokens:
            reachable.update(index.names_of(index.resolve(token))[0].tolist())
        for joined in analysis.joined:
            reachable.update(index.names_of(index.resolve(joined, fuzzy=False))[0].tolist())
        for j in sorted(reachable & persons):
            if score_analysed(analysis, index.name_analysis(j)) >= bound:
                reached += 1
                if j not in have:
                    missed += 1
                    print(analysis.original, "~", index.name_text[j])
    assert reached > len(customers) // 2  # the check has substance
    assert missed == 0


def test_a_large_list_resolves_its_frequent_tokens_when_built(
    small: tuple[Screener, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from openfiu.screening import index as index_module

    entities = small[0].entities
    cold = Screener.from_entities(entities).index
    monkeypatch.setattr(index_module, "WARM_MIN_NAMES", 0)
    monkeypatch.setattr(index_module, "WARM_TOKENS", 5)
    warm = Screener.from_entities(entities).index
    sizes = [len(warm.postings(t)) for t in range(len(warm.vocab))]
    frequent = max(range(len(sizes)), key=sizes.__getitem__)
    assert warm.is_resolved(warm.vocab[frequent]) and not cold.is_resolved(cold.vocab[frequent])
    assert sum(warm.is_resolved(t) for t in warm.vocab) == 5
