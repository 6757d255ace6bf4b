"""Run a rule's ``WITH`` query stage by stage, storing the stages read more than once.

DuckDB computes a common table expression once however often the query reads it. Spark
SQL inlines every deterministic CTE into each place that reads it, so a rule whose steps
build on each other (a cycle grows paths ``p1 → p2 → …``, each read by the next step and
by the final union) recomputes the early steps again and again. For such engines the
query is cut into its CTEs: each becomes a temporary view, and those read more than once
are cached (:meth:`Dialect.keep`) before the final ``SELECT`` runs. The SQL text of every
step is unchanged, so both engines still run the same rule.

Example::

    ctes, final = split_ctes("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b")
    # ctes == [("a", "SELECT 1 AS x"), ("b", "SELECT x FROM a")]; final == "SELECT * FROM b"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from openfiu.monitoring.rules.base import Dialect, RuleError

_CTE_HEAD = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(", re.IGNORECASE)


def split_ctes(sql: str) -> tuple[list[tuple[str, str]], str]:
    """The top-level CTEs of ``sql`` as ``(name, body)`` pairs, and the final query.

    A query without ``WITH`` gives no CTEs and itself. Raises :class:`RuleError` when the
    ``WITH`` list cannot be read (unbalanced parentheses or quotes).
    """
    text = sql.strip()
    if not re.match(r"WITH\s", text, re.IGNORECASE):
        return [], text
    position = 4
    ctes: list[tuple[str, str]] = []
    while True:
        head = _CTE_HEAD.match(text, position)
        if head is None:
            raise RuleError(f"cannot read the CTE at character {position} of: {text[:200]}")
        end = _closing(text, head.end())
        ctes.append((head.group(1), text[head.end() : end].strip()))
        position = end + 1
        rest = text[position:].lstrip()
        if rest.startswith(","):
            position = len(text) - len(rest) + 1
            continue
        return ctes, rest


def _closing(text: str, start: int) -> int:
    """Index of the parenthesis closing the one opened just before ``start``."""
    depth, quoted = 1, False
    for index in range(start, len(text)):
        char = text[index]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth == 0:
                return index
    raise RuleError(f"unbalanced parentheses or quotes in: {text[start - 40 : start + 160]}")


def staged(sql: str, dialect: Dialect) -> Iterator[tuple[str, list[str]]]:
    """``(kind, statements)`` to run in order: ``("stage", …)`` creates the temporary
    view or cached table of each CTE, ``("query", [final])`` returns the rows and
    ``("cleanup", …)`` drops the stages again (run it even when the query fails)."""
    ctes, final = split_ctes(sql)
    names: list[str] = []
    for index, (name, body) in enumerate(ctes):
        later = " ".join(b for _, b in ctes[index + 1 :]) + " " + final
        uses = len(re.findall(rf"\b{re.escape(name)}\b", later))
        statements = dialect.keep(name, body) if uses > 1 else dialect.view(name, body)
        names.append(name)
        yield "stage", statements
    yield "query", [final]
    yield "cleanup", [s for name in reversed(names) for s in dialect.release(name)]
