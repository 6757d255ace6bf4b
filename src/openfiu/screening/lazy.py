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
for a lazily read token that is its optimistic count in both passes, so that both expand
the same prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openfiu.screening.index import NameIndex, gather_ranges

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
    tokens = np.fromiter(ids, dtype=np.int64, count=len(ids))
    starts = index.posting_offsets[tokens]
    sizes = index.posting_offsets[tokens + 1] - starts
    if int(sizes.sum()) > LAZY_MAX_POSTINGS:
        return None
    entries = gather_ranges(index.posting_names, starts, sizes)
    owners = np.repeat(tokens.astype(np.int32), sizes)
    return Optimistic(np.unique(entries), entries, owners, ids)


def prefix_cut(weights: Sequence[float], costs: Sequence[float], min_bound: float) -> int:
    """How many of the tokens (heaviest first) a list name must share one of to reach
    ``min_bound`` (prefix filtering; see :mod:`openfiu.screening.candidates`).

    A list name holding none of the first ``k`` tokens scores at most
    ``rest / (rest + lost)``: ``rest`` the pair weight of the other tokens, ``lost`` the
    missing costs (``costs``) of the first ``k``. Token ``k`` joins the prefix while that
    can still reach ``min_bound``.
    """
    rest, lost, cut = sum(weights), 0.0, 0
    while cut < len(weights) and rest > 0 and rest / (rest + lost) >= min_bound:
        rest -= weights[cut]
        lost += costs[cut]
        cut += 1
    return cut
