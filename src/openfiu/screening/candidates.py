"""Candidate generation: which list names are worth scoring in full, for many names at once.

For each analysed query name (a "unit") and each list name, an upper bound of the name score
of :func:`openfiu.names.compare_analysed` is computed from which query tokens the list name
may contain (their similarities come from :meth:`NameIndex.resolve`):

* each aligned query token adds ``w·f(sim)`` to the score's numerator and ``w`` to its divisor;
* an unaligned query token adds at least its missing cost (:func:`missing_costs`: a middle
  name 0.2 of its capped weight, the first or last token 0.5, an optional token 0.15) — or
  its whole weight when the list name also keeps tokens no query token covers, since the
  score then charges unmatched tokens in full;
* the list name's own tokens that no aligned query token covers add at least their middle
  cost (their weight capped at 0.5).

The bound is an upper bound of the score but for token pairs under the retrieval similarity
(0.62) that the score may still align; the screener's candidate margin covers those (tests
score every list name in full to check it).

Only list names whose bound reaches ``min_bound`` are returned, best bound first. The rarest
query tokens are expanded into their posting arrays (prefix filtering: every name that could
reach the bound contains one of them); the other tokens are only looked up for the names the
prefix produced. Of the prefix, a frequent token after the rare ones brings in only the names
it could cover alone (:func:`_narrow_cut`). Everything after choosing the prefix is a
handful of numpy operations over the whole batch, which is what makes
:meth:`Screener.screen_many` fast. Rare query tokens not seen before are resolved lazily
(:mod:`openfiu.screening.lazy`): an optimistic pass first, then only the neighbours its
candidates hold are scored, and the candidates are generated again — the same ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from openfiu.model import EntityKind
from openfiu.names import AnalysedName, NameToken
from openfiu.names.compare import (
    BOUND_HEADS,
    HEAD_MISSING_COST,
    MIDDLE_COST,
    MISSING_COST,
    OPTIONAL_COST,
    UNMATCHED_COST,
)
from openfiu.names.parts import title_typo
from openfiu.screening import lazy
from openfiu.screening.index import KIND_CODES, NameIndex, pair_weight
from openfiu.screening.lazy import Optimistic, optimistic, prefix_cut

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NameArray = npt.NDArray[np.int32]


MISSING_WEIGHT_CAP = 0.5
"""The name score charges a missing token at most about what the aligned ones weigh, and
never less than this share of it (``cap = max(0.5, heaviest aligned pair)``)."""


def missing_costs(analysis: AnalysedName) -> list[float]:
    """The least the name score charges for each query token (in order) left unaligned.

    :func:`openfiu.names.compare_analysed` charges an unaligned token ``min(w, cap)``
    times a rate, where ``cap`` is at least 0.5 and at least the pair weight of an aligned
    query token — so at least the lightest of the others. The rate is 0.15 for an
    optional token; 0.2 for a middle name missing between two aligned ones, which the first
    and the last token never are (the first only when a shared leading title anchors it);
    at least 0.5 otherwise (an Abd/Abu head costs 0.45 flat). A first token that may be a
    mistyped title (VSheikh) costs nothing: the score reads it as the list name's title.

    Charging the end tokens their own rate is what keeps the list's one-token names out of
    the candidates of a two-token query: "Rustam Karimov" against the alias "Rustam" scores
    at most 1 / (1 + 0.5).
    """
    tokens = analysis.tokens
    n = len(tokens)
    items = [pair_weight(t) for t in tokens]
    out: list[float] = []
    for k, token in enumerate(tokens):
        others = [w for i, w in enumerate(items) if i != k]
        others += [pair_weight(t) for i, t in enumerate(analysis.joined) if i != k and i + 1 != k]
        cap = max(MISSING_WEIGHT_CAP, min(others)) if others else MISSING_WEIGHT_CAP
        weight = min(token.weight, cap)
        if k == 0 and token.script == "latin" and title_typo(token.text) is not None:
            out.append(0.0)
        elif token.optional:
            out.append(weight * OPTIONAL_COST)
        elif 0 < k < n - 1 or (k == 0 and analysis.lead and n > 1):
            out.append(weight * MIDDLE_COST)
        elif k == 0 and token.latin in BOUND_HEADS:  # Abd/Abu before an aligned token
            out.append(min(weight * MISSING_COST, HEAD_MISSING_COST))
        else:
            out.append(weight * MISSING_COST)
    return out


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
        self,
        unit: int,
        names: NameArray,
        effect: FloatArray,
        tokens: Sequence[NameToken],
        costs: Sequence[float],
    ) -> None:
        """``costs``: the tokens' missing costs (:func:`missing_costs`)."""
        weight = sum(pair_weight(t) for t in tokens)
        self.arrays.append(names)
        self.effects.append(effect)
        self.units.append(unit)
        self.weights.append(weight)
        self.spans.append(weight - sum(costs))
        self.cores.append(sum(t.weight for t in tokens if not t.optional))

    def add_keys(self, unit: int, names: NameArray) -> None:
        """Names that become candidates without adding to their bound (the token's share
        is looked up with the suffix)."""
        self.arrays.append(names)
        self.effects.append(np.zeros(len(names)))
        self.units.append(unit)
        self.weights.append(0.0)
        self.spans.append(0.0)
        self.cores.append(0.0)

    def expand(self) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
        sizes = np.fromiter((len(a) for a in self.arrays), dtype=np.int64, count=len(self.arrays))
        names = np.concatenate(self.arrays).astype(np.int64)
        units = np.repeat(np.asarray(self.units, dtype=np.int64), sizes)
        gain = np.concatenate(self.effects) * np.repeat(np.asarray(self.weights), sizes)
        span = np.repeat(np.asarray(self.spans), sizes)
        core = np.repeat(np.asarray(self.cores), sizes)
        return units, names, gain, span, core


class _Lookup:
    """The names each query token may be in, with their effective similarities: resolved
    in full (and cached by the index), or, for a rare token of a query that allows it,
    optimistically and then only as far as the candidates need (:mod:`lazy`)."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.optimistic: dict[NameToken, Optimistic] = {}
        self.narrowed: dict[NameToken, tuple[NameArray, FloatArray]] = {}
        self.lazy_units: set[int] = set()
        self.units_of: dict[NameToken, list[int]] = {}

    def __call__(self, unit: int, token: NameToken) -> tuple[NameArray, FloatArray, bool]:
        """(names, effects, whether they are all the token's names)."""
        if unit in self.lazy_units:
            found = self.narrowed.get(token)
            if found is not None:
                return found[0], found[1], False
            opt = self.optimistic.get(token)
            if opt is not None:
                return opt.names, np.ones(len(opt.names)), False
        names, effect = self.index.token_names(token, self.index.resolve(token))
        return names, effect, True

    def order_names(self, unit: int, token: NameToken, names: NameArray) -> NameArray:
        """The names a token brings as far as ordering a query's tokens and choosing its
        cut go: for a lazily read token its optimistic names, the same in both passes, so
        that both expand the same prefix and every candidate of the second was scored in
        the first."""
        if unit in self.lazy_units:
            opt = self.optimistic.get(token)
            if opt is not None:
                return opt.names
        return names

    def plan_lazy(self, units: Sequence[tuple[AnalysedName, EntityKind | None]]) -> None:
        """Choose the rare, not yet resolved query tokens and read them optimistically
        (both passes order and cut their queries alike: :meth:`order_names`)."""
        if len(self.index) < lazy.LAZY_MIN_NAMES:
            return
        wanted: dict[NameToken, list[int]] = {}
        for u, (analysis, _) in enumerate(units):
            for token in analysis.tokens:
                if not self.index.is_resolved(token):
                    wanted.setdefault(token, []).append(u)
        for token, token_units in wanted.items():
            found = self.index.neighbours(token)
            opt = optimistic(self.index, found)
            if opt is None:  # resolved in full now, with the neighbours just found
                self.index.resolve(token, ids=found)
            else:
                self.optimistic[token] = opt
                self.lazy_units.update(token_units)
        self.units_of = wanted

    def narrow(self, cand_units: IntArray, cand_names: IntArray, n_units: int) -> None:
        """Score each optimistic token against the neighbours found in the candidates of
        its queries only."""
        starts = np.searchsorted(cand_units, np.arange(n_units + 1)).tolist()
        for token, opt in self.optimistic.items():
            parts = [cand_names[starts[u] : starts[u + 1]] for u in self.units_of[token]]
            wanted = np.unique(np.concatenate(parts)).astype(np.int32)
            needed = opt.neighbours_in(wanted)
            matches = self.index.resolve_among(token, opt.neighbours, needed)
            self.narrowed[token] = self.index.names_of(matches)


def batch_candidates(
    index: NameIndex,
    units: Sequence[tuple[AnalysedName, EntityKind | None]],
    min_bound: float,
    limit: int,
) -> list[NameArray]:
    """For each (analysed name, kind), the list names that could reach ``min_bound``,
    best bound first, at most ``limit`` of them."""
    lookup = _Lookup(index)
    lookup.plan_lazy(units)
    if lookup.optimistic:
        # the optimistic pass needs only the queries with an optimistic token
        lazy_ids = sorted(lookup.lazy_units)
        first_units, first_names, _ = _generate(
            index, [units[u] for u in lazy_ids], min_bound, lookup, lazy_ids
        )
        batch_units = np.asarray(lazy_ids, dtype=np.int64)[first_units]
        lookup.narrow(batch_units, first_names, len(units))
    cand_units, cand_names, bound = _generate(index, units, min_bound, lookup)
    out: list[NameArray] = [np.empty(0, dtype=np.int32) for _ in units]
    order = np.lexsort((-bound, cand_units))
    cand_units, cand_names = cand_units[order], cand_names[order]
    starts = np.searchsorted(cand_units, np.arange(len(units) + 1))
    for u in range(len(units)):
        s, e = starts[u], starts[u + 1]
        if e > s:
            out[u] = cand_names[s : min(e, s + limit)].astype(np.int32)
    return out


def _generate(
    index: NameIndex,
    units: Sequence[tuple[AnalysedName, EntityKind | None]],
    min_bound: float,
    lookup: _Lookup,
    unit_ids: Sequence[int] | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """(unit, list name, bound) of every pair whose bound reaches ``min_bound`` (and whose
    kinds agree), sorted by unit and name. ``unit_ids`` are the units' numbers for
    ``lookup`` when ``units`` are some of the batch's."""
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
                index,
                (u, u if unit_ids is None else unit_ids[u]),
                analysis,
                (min_bound, bool(segmented_alike[u])),
                lookup,
                (prefix, suffix),
            )
    if not prefix.arrays:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    p_units, p_names, p_gain, p_span, p_core = prefix.expand()
    keys, inverse = np.unique(p_units * stride + p_names, return_inverse=True)
    gain = np.bincount(inverse, weights=p_gain, minlength=len(keys)).astype(np.float64)
    span = np.bincount(inverse, weights=p_span, minlength=len(keys)).astype(np.float64)
    core = np.bincount(inverse, weights=p_core, minlength=len(keys)).astype(np.float64)
    cand_units = keys // stride
    cand_names = keys % stride
    if suffix.arrays:
        _add_suffix(suffix, cand_units, cand_names, (gain, span, core), len(units))
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
    return cand_units[keep], cand_names[keep], bound[keep]


def _plan_unit(
    index: NameIndex,
    units: tuple[int, int],
    analysis: AnalysedName,
    bound: tuple[float, bool],
    lookup: _Lookup,
    parts: tuple[_Parts, _Parts],
) -> tuple[float, float]:
    """Choose the prefix tokens of one query name; returns its total missing cost and
    core weight. ``units`` are its number in this pass and in the batch, ``bound`` the
    least bound and whether the name is segmented like Latin-script names.

    The prefix is cut where the tokens after it could no longer reach ``min_bound`` even at
    the least missing cost of the others. Of the prefix, only the first ``strong`` tokens
    are expanded in full (:func:`_narrow_cut`); a later prefix token (typically a frequent
    given name) only brings in the list names it could cover alone, and is looked up like
    a suffix token for the rest.
    """
    min_bound, segmented_alike = bound
    prefix, suffix = parts
    unit, batch_unit = units  # its number here and in the batch
    tokens = analysis.tokens
    token_costs = missing_costs(analysis)
    found = [lookup(batch_unit, token) for token in tokens]
    stable = [lookup.order_names(batch_unit, t, f[0]) for t, f in zip(tokens, found, strict=True)]
    order = sorted(range(len(tokens)), key=lambda k: (-tokens[k].weight, len(stable[k])))
    resolved = [(tokens[k], *found[k]) for k in order]
    weights = [pair_weight(tokens[k]) for k in order]
    costs = [token_costs[k] for k in order]
    cores = [0.0 if tokens[k].optional else tokens[k].weight for k in order]
    missing_total = sum(costs)
    cut = prefix_cut(weights, costs, min_bound)
    strong, max_core = _narrow_cut(
        index,
        resolved,
        [stable[k] for k in order],
        (weights, costs, cores),
        (cut, min_bound, segmented_alike),
    )
    for k, (token, names, effect, complete) in enumerate(resolved):
        if not len(names):
            continue
        if k < strong:
            prefix.add(unit, names, effect, (token,), costs[k : k + 1])
            continue
        if k < cut:
            within = index.names_within(token, names, max_core, cache=complete)
            prefix.add_keys(unit, within)
        suffix.add(unit, names, effect, (token,), costs[k : k + 1])
    # two adjacent query tokens written as one in the list ("Juma Khan" ~ "Jumakhon")
    for i, joined in enumerate(analysis.joined):
        matches = index.resolve(joined, fuzzy=False)
        if matches:
            names, effect = index.token_names(joined, matches)
            prefix.add(unit, names, effect, tokens[i : i + 2], token_costs[i : i + 2])
    core_total = sum(t.weight for t in tokens if not t.optional)
    return missing_total, core_total


UNALIGNED_EXTRA = UNMATCHED_COST - MISSING_COST
"""What :func:`_bound` adds per unit of unaligned query core weight when neither side is
fully aligned: the score then charges such a token its whole weight, and its missing cost
(:func:`missing_costs`) is at most half of it."""


def _narrow_cut(
    index: NameIndex,
    resolved: Sequence[tuple[NameToken, NameArray, FloatArray, bool]],
    stable: Sequence[NameArray],
    shares: tuple[Sequence[float], Sequence[float], Sequence[float]],
    limits: tuple[int, float, bool],
) -> tuple[int, float]:
    """How many of the ``cut`` prefix tokens to expand in full, and the most core weight a
    list name brought in by a later prefix token may have.

    A list name that holds none of the first ``k`` tokens leaves their core weight
    unaligned, and keeps uncovered whatever core weight of its own the other query tokens
    cannot cover (at least its core weight less theirs). Its bound (:func:`_bound`) is then
    at most ``rest / (rest + missing + extra)``, where ``rest`` is the pair weight of the
    other tokens, ``missing`` the missing costs of the first ``k``, and ``extra`` what the
    uncovered weight ``u`` adds:

    * names segmented alike (Latin, Cyrillic): once ``u`` > 0, both names keep tokens over,
      and the score charges them in full: ``extra = 0.5 · core + u``, ``core`` the core
      weight of the first ``k``;
    * a name in Arabic script, segmented unlike its Latin forms: only ``0.2 · min(u, 0.5)``.

    So such a name passes ``min_bound`` only when its core weight exceeds what the other
    tokens cover by at most a slack, and the later prefix tokens need only bring in those
    names: for "Given Surname" the surname's names plus the one-token names among the
    thousands with the given name; for "محمد + surname" the names made of محمد and light
    tokens, not its hundred thousand postings. Of the possible ``k``, the one that brings in
    the fewest postings is chosen, counted on ``stable`` (:meth:`_Lookup.order_names`) so
    that both passes of a lazily read query choose alike.
    """
    weights, costs, cores = shares
    cut, min_bound, segmented_alike = limits
    best, best_core = cut, 0.0
    if min_bound <= 0.0:  # every name passes: nothing to narrow
        return best, best_core
    best_size = sum(len(names) for names in stable[:cut])
    expanded = 0
    for k in range(1, cut):
        expanded += len(stable[k - 1])
        if expanded >= best_size:
            break
        lost_core = sum(cores[:k])
        if lost_core < 0.01:
            continue
        rest = sum(weights[k:])
        room = rest / min_bound - rest - sum(costs[:k])  # what the extra may be at most
        if segmented_alike:
            slack = (room - UNALIGNED_EXTRA * lost_core) / UNMATCHED_COST
        else:
            slack = room / MIDDLE_COST
            if slack >= MISSING_WEIGHT_CAP:  # the capped charge excludes no name
                continue
        max_core = sum(cores[k:]) + max(0.0, slack) + 1e-6
        size = expanded
        for j in range(k, cut):
            if size >= best_size:
                break
            token, _, _, complete = resolved[j]
            size += len(index.names_within(token, stable[j], max_core, cache=complete))
        if size < best_size:
            best, best_core, best_size = k, max_core, size
    return best, best_core


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
    # neither side fully aligned: unmatched core tokens cost their whole weight; else an
    # uncovered list token costs at least the middle rate of its weight capped at 0.5
    divisor += np.where(
        both_short,
        uncovered * UNMATCHED_COST + unaligned_query * UNALIGNED_EXTRA,
        np.minimum(uncovered, MISSING_WEIGHT_CAP) * MIDDLE_COST,
    )
    return np.divide(gain, divisor, out=np.zeros_like(gain), where=divisor > 0)


def _add_suffix(
    suffix: _Parts,
    cand_units: IntArray,
    cand_names: IntArray,
    totals: tuple[FloatArray, FloatArray, FloatArray],
    n_units: int,
) -> None:
    """Look the non-prefix tokens up for the candidates of their own unit only: a binary
    search of each unit's candidates in the token's (sorted) posting array, so that a
    frequent token costs in proportion to the candidates, not to its postings."""
    gain, span, core = totals
    # candidates of each unit are contiguous (keys are sorted by unit)
    unit_start = np.searchsorted(cand_units, np.arange(n_units + 1)).tolist()
    names32 = cand_names.astype(np.int32)
    for names, effect, unit, weight, spans, cores in zip(
        suffix.arrays,
        suffix.effects,
        suffix.units,
        suffix.weights,
        suffix.spans,
        suffix.cores,
        strict=True,
    ):
        start, end = unit_start[unit], unit_start[unit + 1]
        if end == start:
            continue
        wanted = names32[start:end]
        found = np.searchsorted(names, wanted)
        np.minimum(found, len(names) - 1, out=found)
        hit = names[found] == wanted
        if not hit.any():
            continue
        where = np.flatnonzero(hit) + start
        gain[where] += effect[found[hit]] * weight
        span[where] += spans
        core[where] += cores
