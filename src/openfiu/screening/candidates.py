"""Candidate generation for a whole batch of analysed names at once (vectorised).

:meth:`NameIndex.candidates` serves one name; this module does the same for thousands in a
few numpy operations, which is what makes :meth:`Screener.screen_many` fast: the per-name
work left in Python is choosing which tokens to read (a handful of comparisons).

The bound is the one documented on :meth:`NameIndex.candidates`: for each (name, list name)
pair, the aligned query tokens add ``w·f(sim)`` to the score's numerator and ``w`` instead of
their missing cost to its divisor; list-name tokens no query token can cover add their
missing cost. Prefix tokens (the rarest) are expanded into their posting arrays; the other
tokens are only looked up for the candidates the prefix produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openfiu.model import EntityKind
from openfiu.names import AnalysedName
from openfiu.names.compare import MIDDLE_COST, MISSING_COST, OPTIONAL_COST
from openfiu.screening.index import KIND_CODES, NameIndex, pair_weight

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(slots=True)
class _Parts:
    """Posting arrays to concatenate, with the unit (query name) and weights of each."""

    arrays: list[npt.NDArray[np.int32]]
    effects: list[FloatArray]
    units: list[int]
    weights: list[float]
    spans: list[float]

    def add(
        self, unit: int, names: npt.NDArray[np.int32], effect: FloatArray, w: float, span: float
    ) -> None:
        self.arrays.append(names)
        self.effects.append(effect)
        self.units.append(unit)
        self.weights.append(w)
        self.spans.append(span)


def _empty_parts() -> _Parts:
    return _Parts([], [], [], [], [])


def batch_candidates(
    index: NameIndex,
    units: Sequence[tuple[AnalysedName, EntityKind | None]],
    min_bound: float,
    limit: int,
) -> list[npt.NDArray[np.int32]]:
    """For each (analysed name, kind), the list names that could reach ``min_bound``,
    best bound first, at most ``limit`` of them."""
    stride = len(index) + 1
    prefix = _empty_parts()
    suffix = _empty_parts()
    missing_totals = np.zeros(len(units))
    unit_kinds = np.full(len(units), -1, dtype=np.int8)
    for u, (analysis, kind) in enumerate(units):
        if kind is not None:
            unit_kinds[u] = KIND_CODES[kind]
        tokens = analysis.tokens
        if not tokens:
            continue
        resolved = []
        for token in tokens:
            matches = index.resolve(token)
            names, effect = index.token_names(token, matches)
            resolved.append((token, names, effect))
        resolved.sort(key=lambda item: (-item[0].weight, len(item[1])))
        weights = [pair_weight(t) for t, _, _ in resolved]
        missing = [
            t.weight * (OPTIONAL_COST if t.optional else MIDDLE_COST) for t, _, _ in resolved
        ]
        missing_total = sum(missing)
        missing_totals[u] = missing_total
        remaining, cut = sum(weights), 0
        while cut < len(resolved) and remaining / (remaining + missing_total) >= min_bound:
            remaining -= weights[cut]
            cut += 1
        for k, (_, names, effect) in enumerate(resolved):
            if len(names):
                target = prefix if k < cut else suffix
                target.add(u, names, effect, weights[k], weights[k] - missing[k])
        for i, joined in enumerate(analysis.joined):
            matches = index.resolve(joined, fuzzy=False)
            if matches:
                pair = tokens[i : i + 2]
                w = sum(pair_weight(t) for t in pair)
                miss = sum(t.weight * (OPTIONAL_COST if t.optional else MIDDLE_COST) for t in pair)
                names, effect = index.token_names(joined, matches)
                prefix.add(u, names, effect, w, w - miss)
    out: list[npt.NDArray[np.int32]] = [np.empty(0, dtype=np.int32) for _ in units]
    if not prefix.arrays:
        return out
    # every (unit, list name) pair reached by a prefix token, with its gain and span
    sizes = np.fromiter((len(a) for a in prefix.arrays), dtype=np.int64, count=len(prefix.arrays))
    names_all = np.concatenate(prefix.arrays).astype(np.int64)
    unit_all = np.repeat(np.asarray(prefix.units, dtype=np.int64), sizes)
    gain_all = np.concatenate(prefix.effects) * np.repeat(np.asarray(prefix.weights), sizes)
    span_all = np.repeat(np.asarray(prefix.spans), sizes)
    keys, inverse = np.unique(unit_all * stride + names_all, return_inverse=True)
    gain = np.bincount(inverse, weights=gain_all, minlength=len(keys)).astype(np.float64)
    span = np.bincount(inverse, weights=span_all, minlength=len(keys)).astype(np.float64)
    cand_units = keys // stride
    cand_names = keys % stride
    if suffix.arrays:
        _add_suffix(suffix, cand_units, cand_names, gain, span, stride, len(units))
    core = index.name_core_weight[cand_names]
    uncovered = np.maximum(core - 2.0 * gain, 0.0) * MISSING_COST
    bound = gain / (missing_totals[cand_units] + span + uncovered)
    keep = bound >= min_bound
    kinds = unit_kinds[cand_units]
    constrained = kinds >= 0
    if constrained.any():
        compatible = index.kind_compatibility[np.maximum(kinds, 0), index.name_kind[cand_names]]
        keep &= ~constrained | compatible
    cand_units, cand_names, bound = cand_units[keep], cand_names[keep], bound[keep]
    order = np.lexsort((-bound, cand_units))
    cand_units, cand_names = cand_units[order], cand_names[order]
    starts = np.searchsorted(cand_units, np.arange(len(units) + 1))
    for u in range(len(units)):
        s, e = starts[u], starts[u + 1]
        if e > s:
            out[u] = cand_names[s : min(e, s + limit)].astype(np.int32)
    return out


def _add_suffix(
    suffix: _Parts,
    cand_units: IntArray,
    cand_names: IntArray,
    gain: FloatArray,
    span: FloatArray,
    stride: int,
    n_units: int,
) -> None:
    """Look the non-prefix tokens up for the candidates of their unit only."""
    sizes = np.fromiter((len(a) for a in suffix.arrays), dtype=np.int64, count=len(suffix.arrays))
    entry = np.arange(len(suffix.arrays), dtype=np.int64)
    entry_keys = np.repeat(entry, sizes) * stride + np.concatenate(suffix.arrays)
    entry_gain = np.concatenate(suffix.effects) * np.repeat(np.asarray(suffix.weights), sizes)
    entry_span = np.repeat(np.asarray(suffix.spans), sizes)
    # candidates of each unit are contiguous (keys are sorted by unit)
    unit_start = np.searchsorted(cand_units, np.arange(n_units + 1))
    s_units = np.asarray(suffix.units, dtype=np.int64)
    counts = unit_start[s_units + 1] - unit_start[s_units]
    total = int(counts.sum())
    if total == 0:
        return
    # positions of the candidates each suffix entry must be looked up for
    offsets = np.repeat(unit_start[s_units] - np.cumsum(counts) + counts, counts)
    positions = np.arange(total, dtype=np.int64) + offsets
    lookup = np.repeat(entry, counts) * stride + cand_names[positions]
    found = np.searchsorted(entry_keys, lookup)
    np.minimum(found, len(entry_keys) - 1, out=found)
    hit = entry_keys[found] == lookup
    np.add.at(gain, positions[hit], entry_gain[found[hit]])
    np.add.at(span, positions[hit], entry_span[found[hit]])
