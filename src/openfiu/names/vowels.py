"""Vowel slots: a name token as its consonant skeleton plus the vowels after each consonant,
and how well two tokens' vowels agree once their skeletons are equal (NAMES.md §6.1).

Muhammad and Mahmud share the skeleton m-h-m-d; their vowel slots (u, a, a, -) and (a, -, u,
-) tell them apart. Against Arabic script only the long vowels (ا و ی) are written, so
:func:`arabic_agreement` asks only that those agree.
"""

from __future__ import annotations

from functools import lru_cache

from openfiu.names.analysis import skeleton_of
from openfiu.names.normalize import Script
from openfiu.names.translit import VOWELS

_COMPAT = {
    ("a", "e"): 0.8,
    ("a", "o"): 0.8,
    ("e", "i"): 0.8,
    ("o", "u"): 0.9,
    ("a", "u"): 0.4,
    ("e", "o"): 0.3,
    ("e", "u"): 0.4,
    ("a", "i"): 0.3,
    ("i", "y"): 0.9,
    ("e", "y"): 0.6,
}
_GAP_VOWEL = {"v": "u"}


def _compat(x: str, y: str) -> float:
    if x == y:
        return 1.0
    return _COMPAT.get((x, y)) or _COMPAT.get((y, x)) or 0.0


@lru_cache(maxsize=65_536)
def slots(form: str, script: Script) -> tuple[str, tuple[str, ...]]:
    """Skeleton of a matching form and, per skeleton letter, the vowels after it.

    The ``*`` slot (initial vowel) carries the initial vowel itself; y and v count as the
    vowels i and u.

    Example::

        >>> slots("muhamad", "latin")
        ('mhmd', ('u', 'a', 'a', ''))
        >>> slots("ibrahim", "latin")
        ('*brhm', ('i', '', 'a', 'i', ''))
    """
    skeleton = skeleton_of(form, script)
    if not skeleton:
        return "", ()
    if len(form) > 2 and form[-1] == "h" and (script == "arabic" or form[-2] in VOWELS):
        form = form[:-1]
    gaps: list[str] = []
    current: list[str] = []
    started = False
    if skeleton[0] == "*":
        started = True
        k = 0
        while k < len(form) and form[k] in VOWELS:
            current.append(form[k])
            k += 1
        rest = form[k:]
    else:
        rest = form
    last = "*" if skeleton[0] == "*" else ""
    for index, ch in enumerate(rest):
        if ch in VOWELS or (index > 0 and ch in "yv") or (started and ch in "yv"):
            current.append(_GAP_VOWEL.get(ch, ch))
            continue
        mapped = {"C": "j", "g": "k", "q": "k"}.get(ch, ch)
        if mapped == last:
            continue
        if started:
            gaps.append("".join(current))
        current = []
        started = True
        last = mapped
    gaps.append("".join(current))
    if len(gaps) != len(skeleton):  # defensive: shapes must agree
        return skeleton, tuple("" for _ in skeleton)
    return skeleton, tuple(gaps)


def latin_agreement(ga: tuple[str, ...], gb: tuple[str, ...]) -> float:
    """How well the vowels between equal skeleton letters agree (0..1); a vowel against no
    vowel (Muhammad vs Mahmud) is strong disagreement, a/o or e/i weak."""
    if len(ga) > 1 and not ga[-1] and not gb[-1]:
        ga, gb = ga[:-1], gb[:-1]
    total = 0.0
    for x, y in zip(ga, gb, strict=False):
        if x == y:
            total += 1.0
        elif not x or not y:
            total += 0.3
        else:
            score = 0.5 * _compat(x[0], y[0]) + 0.5 * _compat(x[-1], y[-1])
            if (len(x) > 1) != (len(y) > 1):  # diphthong vs single vowel: Husayn vs Hasan
                score *= 0.6
            if ("y" in x) != ("y" in y):  # consonantal y: Sayyid vs Saeed
                score *= 0.6
            total += score
    return total / max(len(ga), 1)


def arabic_agreement(arabic: tuple[str, ...], latin: tuple[str, ...], skeleton_star: bool) -> float:
    """How well the long vowels written in Arabic agree with the Latin vowels (0..1)."""
    scores: list[float] = []
    for index, (x, y) in enumerate(zip(arabic, latin, strict=False)):
        if index == 0 and skeleton_star:
            continue  # initial alif/ain stands for any vowel
        if not x:
            if len(y) >= 2 and index > 0 and index < len(latin) - 1:
                scores.append(0.5)
            continue
        if not y:
            scores.append(0.5)
            continue
        if index == len(latin) - 1 and x == "i" and y[-1] in "ao":
            scores.append(0.9)  # final ی/ى as alif maqsura: Musa, Mustafa, Isa
            continue
        scores.append(max(max(_compat(a, b) for b in y) for a in x[:1]))
    if not scores:
        return 1.0
    return min(scores)
