"""Similarity of two name tokens across scripts (NAMES.md §6.1 items 2–8).

* Same matching Latin → 1.0.
* Both sides Latin/Cyrillic: Jaro-Winkler on matching Latin; equal consonant skeletons
  add evidence scaled by how well the vowels agree (so Muhammad/Mahmud and Hasan/Husayn, which
  share a skeleton, stay below true variants); different skeletons are penalised.
* One side Arabic script (no short vowels): equal skeletons ≈ 0.95 when the long vowels
  written in Arabic (ا و ی) agree with the Latin vowels, lower when they contradict
  (Muhammad vs محمود); else Levenshtein on skeletons, scaled down.
* Russian г for Arabic h (Магомед, Ибрагим) as a variant reading, surname stems
  (Karimov ~ Karimzoda = 0.85), optional given-name suffixes (Akbarjon ~ Akbar = 0.82),
  initials (M ~ Muhammad = 0.9, but initials weigh little).

Results are memoised per (token signature, token signature): comparison in a batch costs
two dictionary look-ups per token pair. A typing error is judged on the spellings as
written (MAMOOD ~ MAHMOOD is one, MAMOOD ~ MAHMOUD two, with the same signatures), so pairs
it could raise keep their signature-only similarity apart and add the typo per spelling.

Example::

    >>> from openfiu.names.analysis import analyse_name
    >>> a = analyse_name("Jumakhon").tokens[0]
    >>> b = analyse_name("Джумахон").tokens[0]
    >>> token_similarity(a, b)
    1.0
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from openfiu.names import parts
from openfiu.names.analysis import NameToken, skeleton_of
from openfiu.names.normalize import Script
from openfiu.names.translit import VOWELS, fold_cyrillic, fold_latin
from openfiu.names.vowels import arabic_agreement, latin_agreement, slots

_MEMO: dict[str, dict[str, tuple[float, str]]] = {}
_MEMO_MAX = 200_000


def _form(token: NameToken) -> str:
    return token.sig.split(":", 1)[1] if token.sig else token.latin


NISBA_SIM = 0.7
"""Ahmadi ~ Ahmad, Sultani ~ Sultan: a family name made from a given name is another name."""


def _nisba(x: str, y: str) -> bool:
    return len(x) > 3 and x[-1] == "i" and x[-2] not in VOWELS and y[-1] not in VOWELS


def _latin_pair(fa: str, fb: str, sa: Script, sb: Script) -> tuple[float, str]:
    la, lb = fa, fb
    jw = JaroWinkler.similarity(la, lb)
    ska, gaps_a = slots(fa, sa)
    skb, gaps_b = slots(fb, sb)
    # a one-consonant skeleton ("j" of Chachaji, "Choe Wi") says too little on its own
    if ska == skb and len(ska.lstrip("*")) >= 2:
        if _nisba(fa, fb) or _nisba(fb, fa):
            return NISBA_SIM, "the same name with a family-name ending -i"
        agree = latin_agreement(gaps_a, gaps_b)
        score = max(0.5 + 0.5 * agree, jw - 0.08)
        if score >= 0.8:
            return score, "same consonant skeleton"
        return score, f"similar spelling (Jaro-Winkler {jw:.2f})"
    if ska == skb and max(len(fa), len(fb)) <= 4:  # Isa ~ Iso: one consonant, vowels agree
        agree = latin_agreement(gaps_a, gaps_b)
        if agree >= 0.85:
            return 0.45 + 0.45 * agree, "same consonant, similar vowels"
    if _near_skeletons(ska, skb):
        factor = 0.94
    else:  # the more consonants differ, the less a shared ending (-imov) counts
        factor = 0.55 + 0.35 * Levenshtein.normalized_similarity(ska, skb)
    return jw * factor, f"spelling variant (Jaro-Winkler {jw:.2f})"


STEM_SAME = 0.85
"""Karimov ~ Karimzoda: the same stem with two surname suffixes."""
STEM_SLAVIC = 0.82
"""Rahmonov ~ Rahmon: a Slavic surname suffix on one side only."""
STEM_ONE_SIDED = 0.72
"""Ahmadzai, Ahmadpour ~ Ahmad: a family name built on a given name is not that name."""
_SLAVIC_TAIL = re.compile(r"(?:ov|ova|ev|eva|yev|yeva|in|ina)$")

_NEAR_CONSONANTS = frozenset(
    frozenset(p) for p in ("td", "bp", "fp", "sz", "jz", "jS", "Ss", "kh", "nm", "lr")
)


def _drop_inner_h(skeleton: str) -> str:
    return skeleton[:1] + skeleton[1:].replace("h", "")


def _near_skeletons(a: str, b: str) -> bool:
    """Skeletons one edit apart where the edit is plausible spelling noise: a similar
    consonant (t/d, b/p, s/z …) or a silent h."""
    if min(len(a), len(b)) < 3:
        return False
    if _drop_inner_h(a) == _drop_inner_h(b):
        return True
    if len(a) != len(b):
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and frozenset(diffs[0]) in _NEAR_CONSONANTS


_ARABIC_READINGS = frozenset({("z", "d"), ("z", "s"), ("j", "k"), ("s", "S"), ("t", "s")})
"""(Arabic-script skeleton letter, Latin skeleton letter) pairs of one Arabic letter read two
ways: ض ظ ذ as d or th (Fadil, Kathim), ج as Egyptian g (Ragab), ص as sh (Shalah), ث as t."""


def _arabic_pair(fa: str, fb: str, sa: Script, sb: Script) -> tuple[float, str]:
    ska, gaps_a = slots(fa, sa)
    skb, gaps_b = slots(fb, sb)
    if ska == skb:
        if sa == "arabic" and sb == "arabic":
            agree = latin_agreement(gaps_a, gaps_b)
            return 0.6 + 0.35 * agree, "same consonant skeleton"
        star = ska[0] == "*"
        if sa == "arabic":
            agree = arabic_agreement(gaps_a, gaps_b, star)
        else:
            agree = arabic_agreement(gaps_b, gaps_a, star)
        return 0.7 + 0.25 * agree, "same consonant skeleton (cross-script)"
    if len(ska) > 2 and len(skb) > 2 and _drop_inner_h(ska) == _drop_inner_h(skb):
        return 0.85, f"same consonant skeleton but for a silent h ({ska} ~ {skb})"
    if len(ska) == len(skb) and len(ska) >= 3:
        arabic, latin = (ska, skb) if sa == "arabic" else (skb, ska)
        diffs = [(x, y) for x, y in zip(arabic, latin, strict=True) if x != y]
        if len(diffs) == 1 and diffs[0] in _ARABIC_READINGS:
            x, y = diffs[0]
            return 0.88, f"same consonant skeleton, Arabic {x} read as {y.replace('S', 'sh')}"
    ratio = Levenshtein.normalized_similarity(ska, skb)
    return 0.85 * ratio, f"similar consonant skeleton ({ska} ~ {skb})"


def _pair(fa: str, fb: str, sa: Script, sb: Script) -> tuple[float, str]:
    pair = _arabic_pair if sa == "arabic" or sb == "arabic" else _latin_pair
    head = fa[:3]
    # compare what follows Abd-/Abu- on its own
    if head in _HEADS and fb[:3] == head and len(fa) > 4 and len(fb) > 4:
        rest = pair(fa[3:].lstrip("aeiouvy"), fb[3:].lstrip("aeiouvy"), sa, sb)
        whole = pair(fa, fb, sa, sb)
        return min(rest[0], whole[0]), whole[1]
    return pair(fa, fb, sa, sb)


QUICK_JARO_WINKLER = 0.55
QUICK_SKELETON = 0.4


def _may_match(a: NameToken, b: NameToken) -> bool:
    """A cheap test that lets clearly different tokens skip the full comparison.

    Measured on 300,000 random token pairs of the UN list and synthetic names plus all
    same-class pairs of the 65 name classes: no pair failing it scores 0.55 (the least
    similarity that can align two tokens) in full. Russian g (read as h) is always
    compared in full.
    """
    if "g" in a.latin or "g" in b.latin:
        return True
    return (
        JaroWinkler.similarity(a.latin, b.latin) >= QUICK_JARO_WINKLER
        or Indel.normalized_similarity(a.skeleton, b.skeleton) >= QUICK_SKELETON
    )


def _compute(a: NameToken, b: NameToken) -> tuple[float, str]:
    """The similarity of two tokens from their matching forms alone (what the memo keeps
    per pair of signatures); a typing error, which needs the spellings as written, is
    added by :func:`similarity_and_how`."""
    fa, fb = _form(a), _form(b)
    if a.latin == b.latin:
        return 1.0, ("exact" if a.text == b.text else "same after transliteration")
    if fa in _HEADS or fb in _HEADS:  # Abd, Abu only ever match themselves
        return 0.0, "different"
    if len(fa) == 1 or len(fb) == 1:
        short, long_ = (a, b) if len(fa) == 1 else (b, a)
        if len(long_.latin) > 1 and long_.latin[0] == short.latin[0]:
            return 0.9, "initial"
        if long_.text[:1] == short.text[:1]:
            return 0.9, "initial"
        return 0.0, "different initial"
    if not _may_match(a, b):
        return 0.0, "different"
    best = _pair(fa, fb, a.script, b.script)
    for va, vb, how in [*_variants(fa, fb, a.script, b.script), *_cross_script_variants(a, b)]:
        score = _pair(va, vb, a.script, b.script)[0] * 0.97
        if score > best[0]:
            best = (score, how)
    if best[0] < STEM_SAME:
        stem_a = parts.surname_stem(fa)
        stem_b = parts.surname_stem(fb)
        if stem_a or stem_b:
            base_a, base_b = stem_a or fa, stem_b or fb
            if len(skeleton_of(base_a, a.script).lstrip("*")) >= 2:
                stems = _pair(base_a, base_b, a.script, b.script)[0]
                if stems >= 0.9:
                    if stem_a and stem_b:
                        score = STEM_SAME
                    elif _SLAVIC_TAIL.search(fa if stem_a else fb):
                        score = STEM_SLAVIC  # Rahmonov ~ Rahmon (the 2007 Tajik reform)
                    else:
                        score = STEM_ONE_SIDED  # Ahmadpour, Ahmadzai ≠ Ahmad
                    if score > best[0]:
                        best = (
                            score * min(1.0, stems + 0.05),
                            "same surname stem, different suffix",
                        )
        if best[0] < 0.82:
            given_a = parts.given_stem(fa)
            given_b = parts.given_stem(fb)
            if (given_a and given_a == fb) or (given_b and given_b == fa):
                best = (0.82, "same name without the suffix -jon/-bek/-khon")
    return best


_HEADS = frozenset({"abd", "abu"})
TYPO_MAX = 0.87
"""The most a one-letter typing error can score (long tokens); short tokens score less."""


def _letters(text: str) -> str:
    if text.isalpha():  # the usual case: nothing to drop
        return text
    return "".join(ch for ch in text if ch.isalpha())


def typo_similarity(x: str, y: str) -> float:
    """Similarity of two Latin spellings one typing error apart (0.0 when they are not).

    A letter swapped, dropped or added counts from four letters on; a different letter only
    from five, as short names one letter apart are mostly different names (Amir, Amin).

    Example::

        >>> typo_similarity("mbarushimana", "mbarusfhimana"), typo_similarity("amir", "amin")
        (0.87, 0.0)
    """
    x, y = _letters(x), _letters(y)
    short = min(len(x), len(y))
    if short < 3 or OSA.distance(x, y, score_cutoff=1) > 1:
        return 0.0
    if len(x) == len(y):
        if sorted(x) == sorted(y):  # transposition
            return min(TYPO_MAX, 0.72 + 0.02 * short)
        if short < 5:
            return 0.0
        return min(TYPO_MAX, 0.74 + 0.02 * short)
    if short < 3 or max(len(x), len(y)) < 4:
        return 0.0
    return min(TYPO_MAX, 0.72 + 0.02 * short)


SHORT_TYPO_SIM = 0.8
SHORT_TYPO_HOW = "one typing error (a consonant typed for a vowel)"
"""How a short token with a vowel/consonant slip matches; :mod:`openfiu.names.compare`
counts it only when everything else in both names is the same (Rfge in Ali Mohamed Rfge)."""


def short_slip(x: str, y: str) -> bool:
    """Whether two spellings of three or four letters differ in one letter that is a vowel
    on one side and a consonant on the other (Rage ~ Rfge, Azim ~ Nzim, Ture ~ Turm).

    Short names one letter apart are mostly different names, but those differ in a
    consonant (Amir, Amin; Hani, Hadi) or in a vowel (Omar, Umar); a consonant where the
    other has a vowel makes a cluster no name has, so it is a typing error
    (:func:`openfiu.names.parts.vowel_slip`).

    Example::

        >>> short_slip("rfge", "rage"), short_slip("amin", "amir"), short_slip("ilya", "ilia")
        (True, False, False)
    """
    x, y = _letters(x), _letters(y)
    return 3 <= len(x) <= 4 and parts.vowel_slip(x, y)


def without_typo(a: NameToken, b: NameToken) -> tuple[float, str]:
    """The similarity of two tokens without a typing error in their spelling (for a short
    slip that its context does not confirm)."""
    found = _TYPO_OPEN.get((a.sig, b.sig))
    return found if found is not None else similarity_and_how(a, b)


def _variants(fa: str, fb: str, sa: Script, sb: Script) -> list[tuple[str, str, str]]:
    """Alternative readings: Russian г for Arabic h, French ch for sh, German j for y."""
    out: list[tuple[str, str, str]] = []
    ga = fa.replace("g", "h") if sa != "arabic" else fa
    gb = fb.replace("g", "h") if sb != "arabic" else fb
    if (ga, gb) != (fa, fb):
        out.append((ga, gb, "same with Russian g read as h"))
    if "C" in fa and sa == "latin":
        out.append((fa.replace("C", "S"), fb, "same with French ch read as sh"))
    if "C" in fb and sb == "latin":
        out.append((fa, fb.replace("C", "S"), "same with French ch read as sh"))
    if sa == "arabic" and "S" in fb:  # Latin sh may be س + ح (Ishaq, Eshaq)
        out.append((fa, fb.replace("S", "sh"), "same with sh read as s-h"))
    if sb == "arabic" and "S" in fa:
        out.append((fa.replace("S", "sh"), fb, "same with sh read as s-h"))
    if sa == "arabic" and "j" in fb and sb == "latin":  # Latin zh may be ز + ه (Azhar)
        out.append((fa, fb.replace("j", "zh"), "same with zh read as z-h"))
    if sb == "arabic" and "j" in fa and sa == "latin":
        out.append((fa.replace("j", "zh"), fb, "same with zh read as z-h"))
    if fa[:2] == "yo" and fb[:1] == "e":  # Ё printed as Е: Ёлкин = Elkin
        out.append(("e" + fa[2:], fb, "same with yo read as e"))
    if fb[:2] == "yo" and fa[:1] == "e":
        out.append((fa, "e" + fb[2:], "same with yo read as e"))
    if fa[:1] == "j" and fb[:1] == "y" and sa == "latin":
        out.append(("y" + fa[1:], fb, "same with j read as y"))
    if fb[:1] == "j" and fa[:1] == "y" and sb == "latin":
        out.append((fa, "y" + fb[1:], "same with j read as y"))
    return out


_ASSIMILATED_ARTICLE = re.compile(r"^[ae](?:(sh|th|dh|[tdsrzn])-?(?=\1)|l-?(?=[tdsrzn]))")
"""Latin spellings of al- before a "sun letter", which Arabic writes ال: Es-Sabar, Essaadi,
Ettounsi, Ar-Rashid, El-Sseid."""

_LATIN_READINGS = (
    ("kh", "kh", "same with kh read as k-h"),  # لكحل Lakhal: ك + ح, not خ
    ("ci", "si", "same with French c read as s"),  # لونيسي Lounici
    ("ce", "se", "same with French c read as s"),
    ("ch", "h", "same with German ch read as kh"),  # بريخ Barich
)


def _fold_around(text: str, old: str, new: str, fold: Callable[[str], str] = fold_latin) -> str:
    """Fold the spelling piece by piece around ``old`` and put ``new`` between: the
    matching form with one letter pair read another way."""
    return new.join(fold(piece) for piece in text.split(old))


@lru_cache(maxsize=65_536)
def arabic_readings(text: str) -> tuple[tuple[str, str], ...]:
    """Matching forms of a Latin spelling as it may stand for an Arabic-script name, beyond
    its plain matching form, each with how it was read: without an assimilated article
    (Essabar = الصبار), kh as two letters (Lakhal = لكحل), French c as s (Lounici = لونيسي),
    German ch as kh (Barich = بريخ). The index keys them too, so such names are found."""
    text = text.lower()
    readings: list[tuple[str, str]] = []
    article = _ASSIMILATED_ARTICLE.match(text)
    if article and len(text) - article.end() >= 3:
        rest = text[article.end() :].lstrip("-")
        readings.append((fold_latin(rest), "same without the assimilated article al-"))
    for old, new, how in _LATIN_READINGS:
        if old in text:
            readings.append((_fold_around(text, old, new), how))
    return tuple((form, how) for form, how in readings if form)


_CYRILLIC_PAIRS = (("дх", "dh"), ("дҳ", "dh"), ("тх", "th"), ("тҳ", "th"))


@lru_cache(maxsize=65_536)
def cyrillic_readings(text: str) -> tuple[tuple[str, str], ...]:
    """Other matching forms of a Cyrillic spelling: дх and тх, read as Latin dh and th
    (Кадхафи = Qadhafi) by :func:`~openfiu.names.translit.fold_cyrillic`, may also be two
    letters (Шахидхел = Shahid-khel)."""
    text = text.lower()
    return tuple(
        (_fold_around(text, old, new, fold_cyrillic), "same with д-х read apart")
        for old, new in _CYRILLIC_PAIRS
        if old in text
    )


def _cross_script_variants(a: NameToken, b: NameToken) -> list[tuple[str, str, str]]:
    """Pairs of forms to compare for readings the matching form loses: a Latin token
    against an Arabic-script one, Cyrillic дх/тх as two letters."""
    out: list[tuple[str, str, str]] = []
    if a.script == "arabic" and b.script == "latin":
        out += [(_form(a), form, how) for form, how in arabic_readings(b.text)]
    elif b.script == "arabic" and a.script == "latin":
        out += [(form, _form(b), how) for form, how in arabic_readings(a.text)]
    if a.script == "cyrillic":
        out += [(form, _form(b), how) for form, how in cyrillic_readings(a.text)]
    if b.script == "cyrillic":
        out += [(_form(a), form, how) for form, how in cyrillic_readings(b.text)]
    return out


def memo_row(sig: str) -> dict[str, tuple[float, str]]:
    """The memo of all similarities computed for one token signature (created on demand)."""
    row = _MEMO.get(sig)
    if row is None:
        if len(_MEMO) > _MEMO_MAX:
            _MEMO.clear()
        row = _MEMO[sig] = {}
    return row


_TYPO_OPEN: dict[tuple[str, str], tuple[float, str]] = {}
"""Pairs of signatures whose similarity a typing error in the spelling as written may
raise: their similarity without it. They are kept out of :data:`_MEMO`, which is keyed by
signature only, so that the result does not depend on which spellings of the two forms
were compared first (MAMOOD ~ MAHMOOD is one typing error, MAMOOD ~ MAHMOUD two)."""


_TYPO_SPELLED: dict[tuple[str, str, str, str], tuple[float, str]] = {}
"""The similarity of those pairs per pair of spellings (signature and text of each)."""


def _nisba_pair(a: NameToken, b: NameToken) -> bool:
    """A family name with the ending -i and the name it is made from (Ahmadi ~ Ahmad,
    Hashmi ~ Hashim): one letter apart, yet other names. Only where the consonant skeletons
    agree, as in :func:`_latin_pair` (Shafen ~ Shafee is a typing error)."""
    fa, fb = _form(a), _form(b)
    return a.skeleton == b.skeleton and (_nisba(fa, fb) or _nisba(fb, fa))


def _typo_possible(a: NameToken, b: NameToken, best: float) -> bool:
    """Whether a typing error could raise this pair's similarity: decided from the
    signatures alone (both Latin, not already close, not a nisba, alike enough to be
    compared at all), so that the memo holds for every spelling of the two forms."""
    return (
        a.script == "latin"
        and b.script == "latin"
        and best < TYPO_MAX
        and _form(a) not in _HEADS  # Abd, Abu only ever match themselves
        and _form(b) not in _HEADS
        and not _nisba_pair(a, b)
        and _may_match(a, b)
    )


def _with_typo(a: NameToken, b: NameToken, base: tuple[float, str]) -> tuple[float, str]:
    typo = typo_similarity(a.text, b.text)
    if typo > base[0]:
        return typo, "one typing error"
    if base[0] < SHORT_TYPO_SIM and short_slip(a.text, b.text):
        return SHORT_TYPO_SIM, SHORT_TYPO_HOW
    return base


_HEAD_SPELLINGS = parts.ABD_TOKENS | parts.ABU_TOKENS


@lru_cache(maxsize=65_536)
def _abd_slip(text: str) -> bool:
    return parts.fused_abd_typo(fold_latin(_letters(text.lower()))) is not None


def same_form_how(a: NameToken, b: NameToken) -> str:
    """How two tokens of the same matching form match: exactly, after transliteration, or
    as Abd/Abu where one side was read as a mistyped Abd/Abu (Abdlu, Aub, Bu) or a
    mistyped fused Abd- name (GAbdelmajid)."""
    if a.text == b.text:
        return "exact"
    for token in (a, b):
        if token.script == "latin" and _abd_slip(token.text):
            if token.text.lower().startswith("cabd"):  # Somali writes the ayn of Abd as c
                return f"{token.text} read as Abd- (Somali c for ayn)"
            return f"{token.text} read as a mistyped Abd- name"
    if a.latin in _HEADS:
        for token in (a, b):
            if token.script != "latin":
                continue
            letters = fold_latin(_letters(token.text.lower()))
            fused = parts.split_abd(parts.canonical_compound(letters)) is not None
            if letters not in _HEAD_SPELLINGS and not fused:  # Abdelrahman: Abd spelled right
                head = "Abd" if a.latin == "abd" else "Abu"
                if letters == "bu":
                    return f"{token.text} read as {head}"
                return f"{token.text} read as a mistyped {head}"
    return "same after transliteration"


def similarity_and_how(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Token similarity in [0, 1] with a short description of how the tokens match."""
    if a.sig == b.sig:
        return 1.0, same_form_how(a, b)
    inner = _MEMO.get(a.sig)
    if inner is None:
        if len(_MEMO) > _MEMO_MAX:
            _MEMO.clear()
        inner = _MEMO[a.sig] = {}
    found = inner.get(b.sig)
    if found is not None:
        return found
    spelled = (a.sig, a.text, b.sig, b.text)
    found = _TYPO_SPELLED.get(spelled)
    if found is not None:
        return found
    key = (a.sig, b.sig)
    base = _TYPO_OPEN.get(key)
    if base is None:
        base = _compute(a, b)
        if not _typo_possible(a, b, base[0]):
            inner[b.sig] = base
            return base
        if len(_TYPO_OPEN) > _MEMO_MAX:
            _TYPO_OPEN.clear()
        _TYPO_OPEN[key] = base
    if len(_TYPO_SPELLED) > _MEMO_MAX:
        _TYPO_SPELLED.clear()
    found = _TYPO_SPELLED[spelled] = _with_typo(a, b, base)
    return found


def token_similarity(a: NameToken, b: NameToken) -> float:
    """Similarity of two tokens in [0, 1]; memoised.

    Example::

        >>> from openfiu.names.analysis import analyse_name
        >>> t = lambda s: analyse_name(s).tokens[0]
        >>> token_similarity(t("Haqqani"), t("حقانی")) >= 0.9
        True
        >>> token_similarity(t("Muhammad"), t("Mahmud")) < 0.8
        True
    """
    return similarity_and_how(a, b)[0]
