"""Comparison of two analysed names: token alignment, weighting and an explanation in words.

Algorithm (NAMES.md §6.1 items 4 and 7):

1. Score every query token against every candidate token, and also each pair of adjacent
   tokens joined into one (Abdul Rahman ~ Abdulrahman, Juma Khan ~ Jumakhon) against single
   tokens of the other side.
2. Greedy one-to-one assignment, best similarity first (pairs under ``PAIR_MIN`` are not
   aligned).
3. Score = Σ w·f(sim) / (Σ w + unmatched costs). ``w`` is the larger token weight of a pair
   (Muhammad ≈ 0.3, rare tokens 1.0; optional tokens count a third); ``f`` keeps a similarity
   ≥ 0.8 as it is and pushes weaker ones down fast. An unmatched optional token (patronymic,
   father's name, soft title) costs 0.15 of its weight; an unmatched core token costs 0.5
   when the other side is fully matched (a missing middle name) and 1.0 otherwise.

Example::

    >>> compare_names("Ivan Petrov", "Ivan Petrov Sergeevich") >= 0.9
    True
    >>> compare_names("Ivan Petrov", "Ivan Sidorov") < 0.7
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from openfiu.names.analysis import AnalysedName, NameToken, analyse_name
from openfiu.names.explain import describe
from openfiu.names.similarity import memo_row, similarity_and_how

PAIR_MIN = 0.55
"""Token pairs scoring below this are not aligned."""
JOINED_MIN = 0.8
"""Two tokens read as one (Juma Khan ~ Jumakhon) must match the other side this well."""
INITIALS_ONLY_FACTOR = 0.5
"""Names aligned only through initials score at most half."""
OPTIONAL_COST = 0.15
MISSING_COST = 0.5
"""An unmatched core token of the query when the list name is fully aligned."""
LIST_MISSING_COST = 0.33
"""An unmatched core token of the list name when the query is fully aligned: a query that
gives part of a listed name (Kawa Panga ~ Kawa Panga Mandro) is the usual case, a query
that adds a name to a short listed one (Ahmad Shah Hotak ~ Haji Ahmad Shah) much less so."""
UNMATCHED_COST = 1.0
OPTIONAL_PAIR_WEIGHT = 0.35
MISMATCH_WEIGHT = 0.7
MIDDLE_COST = 0.2
"""A core token missing between two aligned ones, when the other name is fully aligned."""
MIDDLE_MIN_SIMILARITY = 0.85
HEAD_MISSING_COST = 0.45
"""An unmatched Abd/Abu costs this much: it changes the name (Abd al-Karim ≠ Karim)."""
_BOUND_HEADS = frozenset({"abd", "abu"})
_LOOSE = ("same surname stem", "one typing error")
"""Ways of matching too loose for two tokens read as one (Roya Ahmadi ≠ Rahmat)."""


@dataclass(frozen=True, slots=True)
class TokenPair:
    """Two aligned tokens (their original, normalised text) and how they match."""

    query: str
    candidate: str
    similarity: float
    how: str


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The result of comparing two names, with its evidence in words."""

    score: float
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]
    explanation: str


def _effective(sim: float) -> float:
    if sim >= 0.8:
        return sim
    return max(0.0, sim - 1.5 * (0.8 - sim))


def _pair_weight(token: NameToken) -> float:
    return token.weight * OPTIONAL_PAIR_WEIGHT if token.optional else token.weight


_Match = tuple[float, int, int, str, NameToken, NameToken]


def _singles(qt: tuple[NameToken, ...], ct: tuple[NameToken, ...]) -> list[_Match]:
    cands: list[_Match] = []
    for i, a in enumerate(qt):
        row = memo_row(a.sig)
        sig_a = a.sig
        for j, b in enumerate(ct):
            if b.sig == sig_a:
                how = "exact" if a.text == b.text else "same after transliteration"
                # equal tokens at nearer positions first (Abd … Abdel: each with its own)
                cands.append((1.0 - 1e-7 * abs(i - j), 1 << i, 1 << j, how, a, b))
                continue
            found = row.get(b.sig)
            if found is None:
                found = similarity_and_how(a, b)
            if found[0] >= PAIR_MIN:
                cands.append((found[0], 1 << i, 1 << j, found[1], a, b))
    return cands


def _align(q: AnalysedName, c: AnalysedName) -> list[_Match]:
    qt, ct = q.tokens, c.tokens
    cands = _singles(qt, ct)
    if len(qt) != len(ct) or len(cands) < len(qt):
        for i, a in enumerate(q.joined):
            head = a.skeleton[:2]
            for j, b in enumerate(ct):
                if b.skeleton[:2] != head:  # a joined token must at least start alike
                    continue
                sim, how = similarity_and_how(a, b)
                if sim >= JOINED_MIN and not how.startswith(_LOOSE):
                    cands.append((sim - 1e-6, 3 << i, 1 << j, "joined tokens: " + how, a, b))
        for j, b in enumerate(c.joined):
            head = b.skeleton[:2]
            for i, a in enumerate(qt):
                if a.skeleton[:2] != head:
                    continue
                sim, how = similarity_and_how(a, b)
                if sim >= JOINED_MIN and not how.startswith(_LOOSE):
                    cands.append((sim - 1e-6, 1 << i, 3 << j, "joined tokens: " + how, a, b))
    if len(cands) > 1:
        cands.sort(key=_first, reverse=True)
    used_q = used_c = 0
    chosen: list[_Match] = []
    for match in cands:
        if match[1] & used_q or match[2] & used_c:
            continue
        used_q |= match[1]
        used_c |= match[2]
        chosen.append(match)
    return chosen


def _first(match: _Match) -> float:
    return match[0]


def _score(q: AnalysedName, c: AnalysedName, chosen: list[_Match]) -> tuple[float, int, int]:
    num = den = 0.0
    used_q = used_c = 0
    top = 0.0
    initials_only = True
    worst = 1.0
    for sim, mq, mc, how, a, b in chosen:
        if sim < worst:
            worst = sim
        used_q |= mq
        used_c |= mc
        if initials_only and not how.startswith("initial"):
            initials_only = False
        w = max(_pair_weight(a), _pair_weight(b))
        if w > top:
            top = w
        eff = _effective(min(sim, 1.0))
        if sim < 0.8 and w < MISMATCH_WEIGHT:  # a wrong given name counts even if common
            w = MISMATCH_WEIGHT
        num += w * eff
        den += w
    cap = max(0.5, top)  # a missing token costs at most about what the matched ones weigh
    full_q = used_q == (1 << len(q.tokens)) - 1
    full_c = used_c == (1 << len(c.tokens)) - 1
    anchored = bool(q.lead) and q.lead == c.lead  # Haji Barakzai ~ Haji Satar Barakzai
    for tokens, used, other_full, missing_cost in (
        (q.tokens, used_q, full_c, MISSING_COST),
        (c.tokens, used_c, full_q, LIST_MISSING_COST),
    ):
        core_cost = missing_cost if other_full else UNMATCHED_COST
        # a middle name missing between names that match well (A C ~ A B C) costs least
        low = high = -1
        if other_full and worst >= MIDDLE_MIN_SIMILARITY and len(chosen) >= 2 - anchored:
            low, high = (used & -used).bit_length() - 1, used.bit_length() - 1
            if anchored:  # the shared leading title stands for an aligned token before all
                low = -1
        for k, token in enumerate(tokens):
            if not used >> k & 1:
                if token.latin in _BOUND_HEADS and used >> (k + 1) & 1:
                    den += HEAD_MISSING_COST  # Abd al-Karim is not Karim
                elif token.optional:
                    den += min(token.weight, cap) * OPTIONAL_COST
                elif low < k < high:
                    den += min(token.weight, cap) * MIDDLE_COST
                elif other_full:
                    den += min(token.weight, cap) * core_cost
                else:
                    den += token.weight * core_cost
    if den <= 0.0:
        return 0.0, used_q, used_c
    if initials_only:  # initials alone ("AA", "M. K.") never make a name match
        return INITIALS_ONLY_FACTOR * num / den, used_q, used_c
    return num / den, used_q, used_c


def compare_analysed(q: AnalysedName, c: AnalysedName) -> NameComparison:
    """Compare two analysed names; score in [0, 1] with aligned pairs and an explanation.

    Example::

        >>> r = compare_analysed(analyse_name("Джумахон Халимов"), analyse_name("HALIMOV, Jumakhon"))
        >>> r.score >= 0.9, [p.how for p in r.pairs]
        (True, ['same after transliteration', 'same after transliteration'])
    """
    if not q.tokens or not c.tokens:
        return NameComparison(0.0, (), _texts(q.tokens), _texts(c.tokens), _empty_text(q, c))
    chosen = _align(q, c)
    score, used_q, used_c = _score(q, c, chosen)
    score = round(min(1.0, max(0.0, score)), 4)
    pairs = tuple(
        TokenPair(a.text, b.text, round(min(sim, 1.0), 4), how)
        for sim, _mq, _mc, how, a, b in chosen
    )
    unmatched_q = tuple(t.text for k, t in enumerate(q.tokens) if not used_q >> k & 1)
    unmatched_c = tuple(t.text for k, t in enumerate(c.tokens) if not used_c >> k & 1)
    text = describe(q, c, score, pairs, unmatched_q, unmatched_c, _order_differs(chosen))
    return NameComparison(score, pairs, unmatched_q, unmatched_c, text)


def _texts(tokens: tuple[NameToken, ...]) -> tuple[str, ...]:
    return tuple(t.text for t in tokens)


def _empty_text(q: AnalysedName, c: AnalysedName) -> str:
    side = "query" if not q.tokens else "candidate"
    return f'no comparison: the {side} name has no name parts ("{(q if side == "query" else c).original[:60]}").'


def _order_differs(chosen: list[_Match]) -> bool:
    order = sorted((m[1].bit_length(), m[2].bit_length()) for m in chosen)
    cand = [pos for _, pos in order]
    return cand != sorted(cand)


def score_analysed(q: AnalysedName, c: AnalysedName) -> float:
    """The score of :func:`compare_analysed` without building the explanation (hot loops).

    Example::

        >>> score_analysed(analyse_name("Ahmad Shah"), analyse_name("Ahmed Shah")) >= 0.95
        True
    """
    if not q.tokens or not c.tokens:
        return 0.0
    score = _score(q, c, _align(q, c))[0]
    return round(min(1.0, max(0.0, score)), 4)


def compare_names(a: str, b: str, kind: str = "person") -> float:
    """Similarity of two names in [0, 1] (both analysed with the same ``kind``).

    Example::

        >>> compare_names("Sirajuddin Haqqani", "سراج الدين حقاني") >= 0.85
        True
    """
    return score_analysed(analyse_name(a, kind), analyse_name(b, kind))


def explain_names(a: str, b: str, kind: str = "person") -> NameComparison:
    """Compare two names and explain the result in words.

    Example::

        >>> r = explain_names("Abdul Rahman", "عبد الرحمن")
        >>> r.score >= 0.9
        True
    """
    return compare_analysed(analyse_name(a, kind), analyse_name(b, kind))
