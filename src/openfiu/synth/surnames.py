"""Invented surnames in the style of each name culture: the long tail of a real surname list.

:func:`invented_surname` builds a surname from the pieces in :mod:`openfiu.synth.morphemes`:
a Tajik ``Nurqulzoda``, an Arabic ``al-Marzuqi`` (with its Arabic-script form), a Pashtun
``Darmanzai``, a Persian ``Gulbakhtpour``, a Russian ``Белошенко`` … The space of each
culture holds hundreds of thousands to millions of surnames, so a large synthetic list has
the many rare surnames that real lists have, not the same few hundred again and again.

Example::

    >>> import random
    >>> latin, script = invented_surname(random.Random(3), "arabic", "male")
    >>> latin.startswith(("al-", "Abu ")) or latin[:1].isupper(), script is not None
    (True, True)
"""

from __future__ import annotations

import random

from openfiu.synth import morphemes as m
from openfiu.synth.variants import cyrillic_to_latin

__all__ = ["invented_surname"]

_VOWELS = "aeiou"


def _central_asian_root(rng: random.Random) -> str:
    head = rng.choice(m.CA_HEADS)
    mid = rng.choice(m.CA_MIDS) if rng.random() < 0.8 else ""
    if mid and rng.random() < 0.4:
        mid += rng.choice(m.CA_MIDS)
    tail = rng.choice(m.CA_TAILS)
    if not mid and head[-1] in _VOWELS and tail[0] in _VOWELS:
        tail = tail[1:] or tail
    return head + mid + tail


def _with_ending(root: str, ending: str) -> str:
    if ending in ("ov", "ev"):
        ending = "ev" if root[-1] in _VOWELS else "ov"
    elif ending == "i" and root[-1] in _VOWELS:
        ending = "yi"
    elif ending in ("iyon", "on") and root[-1] in _VOWELS:
        ending = "yon"
    return root + ending


def _central_asian(rng: random.Random, culture: str, gender: str) -> str:
    root = _central_asian_root(rng)
    if culture == "tajik":
        endings = m.TAJIK_ENDINGS
    elif culture == "uzbek":
        endings = m.UZBEK_ENDINGS
    else:
        endings = m.KYRGYZ_KAZAKH_ENDINGS
    ending = rng.choice(endings)
    if ending == "uly" and gender == "female":
        ending = "kyzy"
    surname = _with_ending(root, ending)
    if gender == "female" and surname.endswith(("ov", "ev")):
        surname += "a"
    return surname


def _arabic(rng: random.Random) -> tuple[str, str]:
    pattern, pattern_ar = rng.choice(m.ARABIC_PATTERNS)
    latin, arabic = pattern, pattern_ar
    used: list[str] = []
    for slot in "1234":
        if slot not in latin:
            break
        letter, letter_ar = rng.choice(m.ARABIC_CONSONANTS)
        while used and letter == used[-1]:
            letter, letter_ar = rng.choice(m.ARABIC_CONSONANTS)
        used.append(letter)
        doubled = slot + slot
        if doubled in latin:
            latin = latin.replace(doubled, letter if len(letter) > 1 else letter * 2)
        latin = latin.replace(slot, letter)
        arabic = arabic.replace(slot, letter_ar)
    word = latin[:1].upper() + latin[1:]
    x = rng.random()
    if x < 0.6:
        ending, ending_ar = rng.choice(m.ARABIC_NISBA_ENDINGS)
        nisba = word[:-1] + ending if word[-1] in "aiu" else word + ending
        return f"al-{nisba}", f"ال{arabic}{ending_ar}"
    if x < 0.75:
        return f"al-{word}", f"ال{arabic}"
    if x < 0.82:
        return f"Abu {word}", f"أبو {arabic}"
    return word, arabic


def _persian_like(rng: random.Random, culture: str) -> tuple[str, str]:
    first, first_ar = rng.choice(m.PERSIAN_SYLLABLES)
    second, second_ar = rng.choice(m.PERSIAN_SECONDS)
    latin, arabic = first + second, first_ar + second_ar
    if rng.random() < 0.75:
        more, more_ar = rng.choice(m.PERSIAN_SECONDS)
        latin, arabic = latin + more, arabic + more_ar
    ending, ending_ar = rng.choice(m.AFGHAN_ENDINGS if culture == "afghan" else m.PERSIAN_ENDINGS)
    if ending.startswith(("i", "a")) and latin[-1] in _VOWELS:
        ending = "y" + ending
    if culture == "afghan" and ending in ("zai", "khel") and rng.random() < 0.15:
        return f"{latin} {ending.capitalize()}", f"{arabic} {ending_ar}"
    return latin + ending, arabic + ending_ar


def _russian(rng: random.Random, gender: str) -> str:
    stem = rng.choice(m.RUSSIAN_HEADS)
    for chance in (0.85, 0.5):
        if rng.random() < chance:
            mid = rng.choice(m.RUSSIAN_MIDS)
            stem = stem[:-1] + mid if stem.endswith("ь") else stem + mid
    ending = rng.choice(m.RUSSIAN_ENDINGS)
    if stem.endswith("ь"):
        stem = stem[:-1]
    if ending == "ов" and stem[-1] in "чшжщцй":
        ending = "ев"
    if gender == "female":
        ending = {"ов": "ова", "ев": "ева", "ин": "ина", "ский": "ская", "цев": "цева"}.get(
            ending, ending
        )
        ending = "никова" if ending == "ников" else ending
    return stem + ending


def invented_surname(rng: random.Random, culture: str, gender: str) -> tuple[str, str | None]:
    """An invented surname of ``culture`` for a person of ``gender``: (Latin form, script form).

    The script form is the Arabic-script spelling for Arabic, Afghan and Persian names, the
    Cyrillic original for Russian names (whose Latin form is its ICAO romanisation), and None
    for Central Asian names (their Cyrillic is derived from the whole Latin name).

    Example::

        >>> latin, cyr = invented_surname(random.Random(1), "russian", "female")
        >>> latin == cyrillic_to_latin(cyr or "")
        True
    """
    if culture in ("tajik", "uzbek", "kyrgyz_kazakh"):
        return _central_asian(rng, culture, gender), None
    if culture == "arabic":
        return _arabic(rng)
    if culture in ("afghan", "persian"):
        return _persian_like(rng, culture)
    if culture == "russian":
        cyrillic = _russian(rng, gender)
        return cyrillic_to_latin(cyrillic), cyrillic
    raise ValueError(f"unknown name culture {culture!r}")
