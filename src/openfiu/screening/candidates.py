"""Candidate generation: which list names are worth scoring in full, for many names at once.

For each analysed query name (a "unit") and each list name, an upper bound of the name score
of :func:`openfiu.names.compare_analysed` is computed from which query tokens the list name
may contain (their similarities come from :meth:`NameIndex.resolve`):

* each aligned query token adds ``w·f(sim)`` to the score's numerator and ``w`` to its divisor;
* an unaligned query token adds at least its missing cost (a missing middle name: 0.2 of its
  weight; an optional token: 0.15) — or its whole weight when the list name also keeps
  tokens no query token covers, since the score then charges unmatched tokens in full;
* the list name's own tokens that no aligned query token covers add their missing cost.

Only list names whose bound reaches ``min_bound`` are returned, best bound first. The rarest
query tokens are expanded into their posting arrays (prefix filtering: every name that could
reach the bound contains one of them); the other tokens are only looked up for the names the
prefix produced. Everything after choosing the prefix is a handful of numpy operations over
the whole batch, which is what makes :meth:`Screener.screen_many` fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from openfiu.model import EntityKind
from openfiu.names import AnalysedName, NameToken
from openfiu.names.compare import MIDDLE_COST, OPTIONAL_COST, UNMATCHED_COST
from openfiu.screening.index import KIND_CODES, NameIndex, pair_weight

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NameArray = npt.NDArray[np.int32]


MISSING_WEIGHT_CAP = 0.5
"""The name score charges a missing token at most about what the aligned ones weigh, and
never less than this share of it (``cap = max(0.5, heaviest aligned pair)``)."""


def missing_cost(token: NameToken) -> float:
    """The least a name score charges for this query token when it is not aligned."""
    weight = min(token.weight, MISSING_WEIGHT_CAP)
    return weight * (OPTIONAL_COST if token.optional else MIDDLE_COST)


@dataclass(slots=True)
class _Parts:
    """Posting arrays of (unit, token) pairs, with what an alignment of each adds."""

    arrays: list[NameArray] = field(default_factory=list)
    effects: list[FloatArray] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)  # pair weight: numerator scale
    spans: list[float] = field(default_factory=list)  # divisor: weight instead of missing cost
    cores: list[float] = field(default_factory=list)  # core (non-optional) weight aligned

    def add(
        self, unit: int, names: NameArray, effect: FloatArray, tokens: Sequence[NameToken]
    ) -> None:
        weight = sum(pair_weight(t) for t in tokens)
        self.arrays.append(names)
        self.effects.append(effect)
        self.units.append(unit)
        self.weights.append(weight)
        self.spans.append(weight - sum(missing_cost(t) for t in tokens))
        self.cores.append(sum(t.weight for t in tokens if not t.optional))

    def expand(self) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
        sizes = np.fromiter((len(a) for a in self.arrays), dtype=np.int64, count=len(self.arrays))
        names = np.concatenate(self.arrays).astype(np.int64)
        units = np.repeat(np.asarray(self.units, dtype=np.int64), sizes)
        gain = np.concatenate(self.effects) * np.repeat(np.asarray(self.weights), sizes)
        span = np.repeat(np.asarray(self.spans), sizes)
        core = np.repeat(np.asarray(self.cores), sizes)
        return units, names, gain, span, core


def batch_candidates(
    index: NameIndex,
    units: Sequence[tuple[AnalysedName, EntityKind | None]],
    min_bound: float,
    limit: int,
) -> list[NameArray]:
    """For each (analysed name, kind), the list names that could reach ``min_bound``,
    best bound first, at most ``limit`` of them."""
    stride = len(index) + 1
    prefix, suffix = _Parts(), _Parts()
    missing_totals = np.zeros(len(units))
    core_totals = np.zeros(len(units))
    # names in Arabic script are segmented differently from their Latin forms (joined
    # words, nisbas, compounds), so their unaligned tokens are not assumed to cost in full
    segmented_alike = np.fromiter(
        (analysis.script != "arabic" for analysis, _ in units), dtype=bool, count=len(units)
    )
    unit_kinds = np.full(len(units), -1, dtype=np.int8)
    for u, (analysis, kind) in enumerate(units):
        if kind is not None:
            unit_kinds[u] = KIND_CODES[kind]
        if analysis.tokens:
            missing_totals[u], core_totals[u] = _plan_unit(
                index, u, analysis, min_bound, prefix, suffix
            )
    out: list[NameArray] = [np.empty(0, dtype=np.int32) for _ in units]
    if not prefix.arrays:
        return out
    p_units, p_names, p_gain, p_span, p_core = prefix.expand()
    keys, inverse = np.unique(p_units * stride + p_names, return_inverse=True)
    gain = np.bincount(inverse, weights=p_gain, minlength=len(keys)).astype(np.float64)
    span = np.bincount(inverse, weights=p_span, minlength=len(keys)).astype(np.float64)
    core = np.bincount(inverse, weights=p_core, minlength=len(keys)).astype(np.float64)
    cand_units = keys // stride
    cand_names = keys % stride
    if suffix.arrays:
        _add_suffix(suffix, cand_units, cand_names, (gain, span, core), stride, len(units))
    bound = _bound(
        index,
        cand_units,
        cand_names,
        (gain, span, core),
        missing_totals,
        core_totals,
        segmented_alike,
    )
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


def _plan_unit(
    index: NameIndex,
    unit: int,
    analysis: AnalysedName,
    min_bound: float,
    prefix: _Parts,
    suffix: _Parts,
) -> tuple[float, float]:
    """Choose the prefix tokens of one query name; returns its total missing cost and
    core weight."""
    resolved = []
    for token in analysis.tokens:
        names, effect = index.token_names(token, index.resolve(token))
        resolved.append((token, names, effect))
    resolved.sort(key=lambda item: (-item[0].weight, len(item[1])))
    weights = [pair_weight(t) for t, _, _ in resolved]
    missing_total = sum(missing_cost(t) for t, _, _ in resolved)
    remaining, cut = sum(weights), 0
    while cut < len(resolved) and remaining / (remaining + missing_total) >= min_bound:
        remaining -= weights[cut]
        cut += 1
    for k, (token, names, effect) in enumerate(resolved):
        if len(names):
            (prefix if k < cut else suffix).add(unit, names, effect, (token,))
    # two adjacent query tokens written as one in the list ("Juma Khan" ~ "Jumakhon")
    tokens = analysis.tokens
    for i, joined in enumerate(analysis.joined):
        matches = index.resolve(joined, fuzzy=False)
        if matches:
            names, effect = index.token_names(joined, matches)
            prefix.add(unit, names, effect, tokens[i : i + 2])
    core_total = sum(t.weight for t in tokens if not t.optional)
    return missing_total, core_total


def _bound(
    index: NameIndex,
    cand_units: IntArray,
    cand_names: IntArray,
    aligned: tuple[FloatArray, FloatArray, FloatArray],
    missing_totals: FloatArray,
    core_totals: FloatArray,
    segmented_alike: npt.NDArray[np.bool_],
) -> FloatArray:
    """The upper bound of the name score of each (unit, list name) pair (module docstring)."""
    gain, span, core = aligned
    divisor = missing_totals[cand_units] + span
    uncovered = np.maximum(index.name_core_weight[cand_names] - core, 0.0)
    unaligned_query = np.maximum(core_totals[cand_units] - core, 0.0)
    both_short = (uncovered > 1e-9) & (unaligned_query > 1e-9) & segmented_alike[cand_units]
    # neither side fully aligned: unmatched core tokens cost their whole weight
    divisor += np.where(
        both_short,
        uncovered * UNMATCHED_COST + unaligned_query * (UNMATCHED_COST - MIDDLE_COST),
        uncovered * MIDDLE_COST,
    )
    return np.divide(gain, divisor, out=np.zeros_like(gain), where=divisor > 0)


def _add_suffix(
    suffix: _Parts,
    cand_units: IntArray,
    cand_names: IntArray,
    totals: tuple[FloatArray, FloatArray, FloatArray],
    stride: int,
    n_units: int,
) -> None:
    """Look the non-prefix tokens up for the candidates of their own unit only."""
    _, e_names, e_gain, e_span, e_core = suffix.expand()
    entry = np.arange(len(suffix.arrays), dtype=np.int64)
    sizes = np.fromiter((len(a) for a in suffix.arrays), dtype=np.int64, count=len(entry))
    entry_keys = np.repeat(entry, sizes) * stride + e_names
    # candidates of each unit are contiguous (keys are sorted by unit)
    unit_start = np.searchsorted(cand_units, np.arange(n_units + 1))
    s_units = np.asarray(suffix.units, dtype=np.int64)
    counts = unit_start[s_units + 1] - unit_start[s_units]
    total = int(counts.sum())
    if total == 0:
        return
    offsets = np.repeat(unit_start[s_units] - np.cumsum(counts) + counts, counts)
    positions = np.arange(total, dtype=np.int64) + offsets
    lookup = np.repeat(entry, counts) * stride + cand_names[positions]
    found = np.searchsorted(entry_keys, lookup)
    np.minimum(found, len(entry_keys) - 1, out=found)
    hit = entry_keys[found] == lookup
    where, source = positions[hit], found[hit]
    for target, values in zip(totals, (e_gain, e_span, e_core), strict=True):
        np.add.at(target, where, values[source])
