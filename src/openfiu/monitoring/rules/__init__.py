"""The rule pack: every typology as a :class:`Rule` with named parameters.

Public API::

    from openfiu.monitoring.rules import RULES, select_rules
    for rule in select_rules(["structuring", "cycle"]):
        print(rule.name, rule.typology, dict(rule.params))

Families, one module each: :mod:`~openfiu.monitoring.rules.account` (one account within a
window), :mod:`~openfiu.monitoring.rules.financing` (money collected one way and moved out
another: terrorist financing, cash-outs, crypto off-ramps) and
:mod:`~openfiu.monitoring.rules.network` (cycles, scatter-gather, gather-scatter, chains).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from openfiu.monitoring.rules import account, financing, network
from openfiu.monitoring.rules.base import DIALECTS, Dialect, ParamValue, Rule, RuleError

#: Every rule, in the order they run and are reported.
RULES: Final[tuple[Rule, ...]] = (*account.RULES, *financing.RULES, *network.RULES)
RULES_BY_NAME: Final = {rule.name: rule for rule in RULES}


def select_rules(names: Iterable[str] | None = None) -> list[Rule]:
    """The rules called ``names`` (all of them for ``None``), in pack order.

    Raises :class:`RuleError` naming the unknown names and listing the known ones.
    """
    if names is None:
        return list(RULES)
    wanted = [n.strip() for n in names if n.strip()]
    unknown = [n for n in wanted if n not in RULES_BY_NAME]
    if unknown:
        raise RuleError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(RULES_BY_NAME)}")
    return [rule for rule in RULES if rule.name in wanted]


__all__ = [
    "DIALECTS",
    "RULES",
    "RULES_BY_NAME",
    "Dialect",
    "ParamValue",
    "Rule",
    "RuleError",
    "select_rules",
]
