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
4. Typing errors that only the context confirms: a query that starts with the candidate's
   leading title mistyped (VSheikh, eGneral) reads it as that title when the rest of both
   names then aligns in full; a short token with a consonant typed for a vowel (Rfge ~
   Rage) counts as that name only when every other token of both names is the same.

Example::

    >>> compare_names("Ivan Petrov", "Ivan Petrov Sergeevich") >= 0.9
    True
    >>> compare_names("Ivan Petrov", "Ivan Sidorov") < 0.7
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from openfiu.names.analysis import AnalysedName, NameToken, analyse_name, without_tokens
from openfiu.names.explain import describe
from openfiu.names.parts import title_typo
from openfiu.names.similarity import (
    SHORT_TYPO_HOW,
    memo_row,
    same_form_how,
    similarity_and_how,
    without_typo,
)
from openfiu.names.translit import fold_latin

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
BOUND_HEADS = frozenset({"abd", "abu"})
"""Heads of compound names (Abd al-Karim), charged as a whole when left unaligned."""
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
                how = "exact" if a.text == b.text else same_form_how(a, b)
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
                if token.latin in BOUND_HEADS and used >> (k + 1) & 1:
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


def _title_typos(q: AnalysedName, c: AnalysedName) -> tuple[int, tuple[str, ...]]:
    """The query's first token when it is the title the candidate starts with, with one
    typing error (VSheikh for Sheikh, eGneral for General): its bit, and it in words. Only
    in first place, where titles stand: elsewhere a name one letter from a title (Ali
    Mousavi ~ Moulavi Ali) is a name."""
    if not c.lead or not c.titles or len(q.tokens) < 2 or q.tokens[0].script != "latin":
        return 0, ()
    token = q.tokens[0]
    title = title_typo(token.text)
    if title is None or fold_latin(title) != fold_latin(c.titles[0]):
        return 0, ()
    return 1, (f"{token.text} (read as the title {title}: one typing error)",)


def _confirm_slips(q: AnalysedName, c: AnalysedName, chosen: list[_Match]) -> list[_Match]:
    """A short token with a vowel/consonant slip (Rfge ~ Rage) counts as that name only
    when it is the one difference: every other token of both names aligned and the same
    after transliteration. Otherwise the pair keeps its similarity without the typo (only
    ever lower, so the candidate bound still holds)."""
    slips = [k for k, m in enumerate(chosen) if m[3] == SHORT_TYPO_HOW]
    if not slips:
        return chosen
    used_q = used_c = 0
    for m in chosen:
        used_q |= m[1]
        used_c |= m[2]
    confirmed = (
        len(slips) == 1
        and len(chosen) >= 2
        and used_q == (1 << len(q.tokens)) - 1
        and used_c == (1 << len(c.tokens)) - 1
        and all(m[0] >= 1.0 - 1e-6 for k, m in enumerate(chosen) if k != slips[0])
    )
    if confirmed:
        return chosen
    out = list(chosen)
    for k in slips:
        _sim, mq, mc, _how, a, b = out[k]
        sim, how = without_typo(a, b)
        out[k] = (sim, mq, mc, how, a, b)
    return out


def _best(
    q: AnalysedName, c: AnalysedName
) -> tuple[AnalysedName, list[_Match], tuple[float, int, int]]:
    """Align and score; a query token that is one of the candidate's titles mistyped is
    read as that title when the rest of both names then aligns in full (the candidate
    bound of :mod:`openfiu.screening.candidates` lets such a token cost nothing)."""
    chosen = _confirm_slips(q, c, _align(q, c))
    result = _score(q, c, chosen)
    drop, read = _title_typos(q, c)
    if drop:
        q2 = without_tokens(q, drop, read)
        chosen2 = _confirm_slips(q2, c, _align(q2, c))
        result2 = _score(q2, c, chosen2)
        full_q = result2[1] == (1 << len(q2.tokens)) - 1
        full_c = result2[2] == (1 << len(c.tokens)) - 1
        if full_q and full_c and result2[0] > result[0]:
            return q2, chosen2, result2
    return q, chosen, result


def compare_analysed(q: AnalysedName, c: AnalysedName) -> NameComparison:
    """Compare two analysed names; score in [0, 1] with aligned pairs and an explanation.

    Example::

        >>> r = compare_analysed(analyse_name("Джумахон Халимов"), analyse_name("HALIMOV, Jumakhon"))
        >>> r.score >= 0.9, [p.how for p in r.pairs]
        (True, ['same after transliteration', 'same after transliteration'])
    """
    if not q.tokens or not c.tokens:
        return NameComparison(0.0, (), _texts(q.tokens), _texts(c.tokens), _empty_text(q, c))
    q, chosen, (score, used_q, used_c) = _best(q, c)
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
    score = _best(q, c)[2][0]
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
