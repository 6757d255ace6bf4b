"""The injected typologies, one family per module, and the planner that places them.

=================  ===========================================================
module             typologies
=================  ===========================================================
``cash``           structuring, smurfing, cash_to_high_risk
``network``        fan_in, fan_out, scatter_gather, gather_scatter, cycle
``flow``           pass_through, layering_chain
``terrorism``      conflict_cashout, npo_diversion
``crypto``         crypto_offramp
=================  ===========================================================

Each typology's docstring states its parameters (amounts, counts, windows); the same
text is in ``docs/synthetic-transactions.md``.
"""

from __future__ import annotations

import numpy as np

from openfiu.errors import SynthParameterError
from openfiu.synth.transactions.population import Population
from openfiu.synth.transactions.reference import TYPOLOGIES as NAMES
from openfiu.synth.transactions.typologies import cash, crypto, flow, network, terrorism
from openfiu.synth.transactions.typologies._base import (
    POOL_CAP,
    ROLES,
    Patterns,
    PoolExhausted,
    Typology,
)

_ALL = {t.name: t for m in (cash, network, flow, terrorism, crypto) for t in m.TYPOLOGIES}
#: Every typology, in the order of ``reference.TYPOLOGIES``.
ALL: tuple[Typology, ...] = tuple(_ALL[name] for name in NAMES)


def plan_patterns(
    pop: Population, rng: np.random.Generator, days: int, start_us: int, budget_rows: float
) -> Patterns:
    """Build and place the patterns of a run: about ``budget_rows`` laundering rows split
    evenly across the typologies, and at least one pattern of each (every pattern
    recurring ``Patterns.replays`` times).

    Typologies take turns, one pattern at a time, so that when a pool of accounts runs
    out (see ``POOL_CAP``) every typology has had its share. Raises
    :class:`SynthParameterError` when a typology cannot get even one pattern.
    """
    patterns = Patterns(pop, rng, days, start_us)
    share = budget_rows / len(ALL)
    wanted = {t.name: max(1, round(share / (t.rows * patterns.replays))) for t in ALL}
    active = list(ALL)
    while active:
        for typology in list(active):
            if patterns.per_typology[typology.name] >= wanted[typology.name]:
                active.remove(typology)
                continue
            try:
                patterns.add(typology)
            except PoolExhausted as exc:
                if patterns.per_typology[typology.name] == 0:
                    raise SynthParameterError(
                        f"typology {typology.name}: not enough free accounts in pool "
                        f"{exc.pool!r} (at most {POOL_CAP:.0%} of a pool joins patterns); "
                        "generate more accounts"
                    ) from None
                active.remove(typology)
    return patterns


__all__ = ["ALL", "ROLES", "Patterns", "Typology", "plan_patterns"]
