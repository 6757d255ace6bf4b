"""Explanations of name comparisons in words (one or two sentences).

Example::

    >>> from openfiu.names.compare import explain_names
    >>> print(explain_names("Джумахон Халимов", "JUMAKHON HALIMOV").explanation)
    query "Джумахон Халимов" matched "JUMAKHON HALIMOV" (score 1.00): джумахон = jumakhon (same after transliteration), халимов = halimov (same after transliteration).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openfiu.names.analysis import AnalysedName
    from openfiu.names.compare import TokenPair

_QUOTE_MAX = 80


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1] + "…"
    return f'"{text}"'


def _verdict(score: float) -> str:
    if score >= 0.85:
        return "matched"
    if score >= 0.7:
        return "partly matched"
    return "did not match"


def describe(
    q: AnalysedName,
    c: AnalysedName,
    score: float,
    pairs: tuple[TokenPair, ...],
    unmatched_query: tuple[str, ...],
    unmatched_candidate: tuple[str, ...],
    order_differs: bool,
) -> str:
    """Build the explanation sentence(s) of a comparison.

    Example::

        >>> from openfiu.names.analysis import analyse_name
        >>> describe(analyse_name("A"), analyse_name("B"), 0.0, (), ("a",), ("b",), False)
        'query "A" did not match "B" (score 0.00): no name parts in common; not in the candidate: a; not in the query: b.'
    """
    head = f"query {_quote(q.original)} {_verdict(score)} {_quote(c.original)} (score {score:.2f})"
    if pairs:
        body = ", ".join(f"{p.query} = {p.candidate} ({p.how})" for p in pairs)
    else:
        body = "no name parts in common"
    extras: list[str] = []
    if unmatched_query:
        extras.append("not in the candidate: " + ", ".join(unmatched_query))
    if unmatched_candidate:
        extras.append("not in the query: " + ", ".join(unmatched_candidate))
    if order_differs and len(pairs) > 1:
        extras.append("name order differs")
    titles = tuple(dict.fromkeys(q.titles + c.titles))
    if titles:
        extras.append("titles ignored: " + ", ".join(titles))
    if q.legal_form or c.legal_form:
        forms = " / ".join(f for f in (q.legal_form, c.legal_form) if f)
        extras.append(f"legal form ignored: {forms}")
    text = f"{head}: {body}"
    if extras:
        text += "; " + "; ".join(extras)
    return text + "."
