"""Resolving a rare query token only as far as its candidates need.

Resolving a query token (:meth:`NameIndex.resolve`) scores it against every vocabulary token
sharing a retrieval key with it — about a hundred against a list of a million names, each a
full token comparison. For a frequent token that is done once and cached; a customer's rare
surname is seen once, and its hundred comparisons were most of the time of a query.

Most of those comparisons cannot matter: a list name that holds only the surname's
neighbour and none of the query's other tokens stays below the candidate bound whatever the
two tokens' similarity. So a rare token is first taken to be *every* neighbour, each with
similarity 1.0 (an optimistic pass of :func:`openfiu.screening.candidates.batch_candidates`);
only the neighbours found in a list name that passes that optimistic bound are then scored,
and the candidates are generated again with those similarities. A name's optimistic bound
is never below its true one, and every neighbour in a name that passes is scored, so the
candidates are exactly those of scoring all neighbours.

The order in which a query's tokens are expanded depends on how many names each one has;
a query is resolved lazily only when that order cannot change which tokens are expanded
(:func:`order_free`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openfiu.names import NameToken
from openfiu.screening.index import NameIndex, pair_weight

LAZY_MAX_POSTINGS = 20_000
"""A query token is resolved lazily only when its neighbours hold at most this many names
(a rare token); a frequent one is resolved in full once and cached."""

LAZY_MIN_NAMES = 100_000
"""Lists with fewer names are never resolved lazily: their tokens have few neighbours, and
planning the optimistic pass would cost more than it saves (the UN list has 4,200 names)."""

LAZY_MIN_NEIGHBOURS = 40
"""Tokens with fewer neighbours (all tokens of a list of thousands) are resolved in full:
the optimistic pass would cost more than it saves."""

NameArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Optimistic:
    """Every name holding a neighbour of a query token, and which neighbour each entry of
    the concatenated postings (``entries``) belongs to; ``neighbours`` in the order
    :meth:`NameIndex.resolve` scores them."""

    names: NameArray
    entries: NameArray
    owners: NameArray
    neighbours: list[int]

    def neighbours_in(self, wanted: NameArray) -> set[int]:
        """The neighbours found in any of ``wanted`` (sorted names)."""
        if not len(wanted) or not len(self.entries):
            return set()
        return set(self.owners[np.isin(self.entries, wanted)].tolist())


def optimistic(index: NameIndex, found: set[int]) -> Optimistic | None:
    """The optimistic reading of a rare query token with many neighbours (``found``);
    None for a frequent token or one with few neighbours (resolved in full: cheap, and
    cached)."""
    if len(found) < LAZY_MIN_NEIGHBOURS:
        return None
    ids = list(found)
    sizes = np.fromiter(
        (index.posting_offsets[t + 1] - index.posting_offsets[t] for t in ids),
        dtype=np.int64,
        count=len(ids),
    )
    if int(sizes.sum()) > LAZY_MAX_POSTINGS:
        return None
    entries = np.concatenate([index.postings(t) for t in ids])
    owners = np.repeat(np.asarray(ids, dtype=np.int32), sizes)
    return Optimistic(np.unique(entries), entries, owners, ids)


def prefix_cut(weights: Sequence[float], missing_total: float, min_bound: float) -> int:
    """How many of the tokens (heaviest first) a list name must share one of to reach
    ``min_bound`` (prefix filtering; see :mod:`openfiu.screening.candidates`)."""
    remaining, cut = sum(weights), 0
    while cut < len(weights) and remaining / (remaining + missing_total) >= min_bound:
        remaining -= weights[cut]
        cut += 1
    return cut


def order_free(tokens: Sequence[NameToken], min_bound: float, costs: Sequence[float]) -> bool:
    """Whether the tokens expanded for this query name are the same whatever the order of
    tokens of equal weight (which is decided by how many names each has): tokens of equal
    weight are alike in being optional, and the prefix cut does not split them."""
    order = sorted(range(len(tokens)), key=lambda k: -tokens[k].weight)
    ranked = [tokens[k] for k in order]
    for a, b in itertools.pairwise(ranked):
        if a.weight == b.weight and a.optional != b.optional:
            return False
    cut = prefix_cut([pair_weight(t) for t in ranked], sum(costs[k] for k in order), min_bound)
    return cut in (0, len(ranked)) or ranked[cut - 1].weight != ranked[cut].weight
