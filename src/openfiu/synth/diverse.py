"""Invented persons with realistic name diversity: frequent given names, long-tail surnames.

:func:`openfiu.synth.people.make_person` combines a few hundred common names, which is what
name-variant tests want but not what a list of a million entries looks like. Here given
names (and fathers' names) follow a Zipf-like law over the same tables — Muhammad, Ali and
Abdul… stay frequent — while the surname comes from the common tables only with
probability ``head_share`` and is otherwise invented (:mod:`openfiu.synth.surnames`), so
most surnames are rare, as in real lists and customer bases.

Example::

    >>> import random
    >>> p = make_diverse_person(random.Random(4), "tajik")
    >>> p.culture, p.full.startswith(p.given), p.cyrillic is not None
    ('tajik', True, True)
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Final

from openfiu.synth import name_tables as t
from openfiu.synth.people import (
    _CULTURE_CUM,
    _CULTURE_NAMES,
    _DAY0,
    _DAYS,
    _NAT,
    Gender,
    SynthPerson,
    _derived_surname,
    _female_surname,
    _patronymic_latin,
    _pick,
)
from openfiu.synth.surnames import invented_surname
from openfiu.synth.variants import cyrillic_to_latin, to_russian_cyrillic, to_tajik_cyrillic

__all__ = ["LIST_HEAD_SHARE", "make_diverse_person"]

LIST_HEAD_SHARE: Final = 0.12
"""Share of listed persons whose surname comes from the common-surname tables."""

_ZIPF_EXPONENT = 0.7


class _Zipf:
    """Draw from a table with weight 1/rank**s, the listed favourites ranked first."""

    def __init__(self, items: Sequence[object], first: Sequence[str] = ()) -> None:
        def key(item: object) -> str:
            return item[0] if isinstance(item, tuple) else str(item)

        head = [i for f in first for i in items if key(i) == f]
        self.items: tuple[object, ...] = (*head, *(i for i in items if i not in head))
        weights = [1 / (rank + 1) ** _ZIPF_EXPONENT for rank in range(len(self.items))]
        self.cumulative = tuple(accumulate(weights))

    def draw(self, rng: random.Random) -> object:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


_ARABIC_M = _Zipf(t.ARABIC_MALE, ("Muhammad", "Ahmad", "Ali", "Abdullah", "Mahmud"))
_ARABIC_F = _Zipf(t.ARABIC_FEMALE, ("Fatima", "Maryam", "Aisha"))
_AFGHAN_M = _Zipf(t.AFGHAN_MALE, ("Abdul Wahid", "Nur Muhammad", "Abdul Ghani"))
_AFGHAN_F = _Zipf(t.AFGHAN_FEMALE)
_PERSIAN_M = _Zipf(t.PERSIAN_MALE, ("Mohammad", "Ali", "Hossein", "Reza"))
_PERSIAN_F = _Zipf(t.PERSIAN_FEMALE, ("Fatemeh", "Zahra", "Maryam"))
_TAJIK_M = _Zipf(t.TAJIK_MALE, ("Abdulloh", "Rustam", "Firuz", "Jamshed"))
_TAJIK_F = _Zipf(t.TAJIK_FEMALE)
_UZBEK_M = _Zipf(t.UZBEK_MALE)
_UZBEK_F = _Zipf(t.UZBEK_FEMALE)
_KK_M = _Zipf(t.KYRGYZ_KAZAKH_MALE)
_KK_F = _Zipf(t.KYRGYZ_KAZAKH_FEMALE)
_RUSSIAN_M = _Zipf(t.RUSSIAN_MALE, ("Александр", "Сергей", "Дмитрий", "Андрей"))
_RUSSIAN_F = _Zipf(t.RUSSIAN_FEMALE)

_Parts = tuple[str, str, str | None, str, str | None, str | None]


def _pair(table: _Zipf, rng: random.Random) -> tuple[str, str]:
    item = table.draw(rng)
    assert isinstance(item, tuple)
    return str(item[0]), str(item[1])


def _word(table: _Zipf, rng: random.Random) -> str:
    return str(table.draw(rng))


def _arabic(rng: random.Random, gender: Gender, head: bool) -> _Parts:
    given, given_ar = _pair(_ARABIC_M if gender == "male" else _ARABIC_F, rng)
    father, father_ar = _pair(_ARABIC_M, rng)
    parts, parts_ar = [given, father], [given_ar, father_ar]
    if rng.random() < 0.3:
        grand, grand_ar = _pair(_ARABIC_M, rng)
        parts.append(grand)
        parts_ar.append(grand_ar)
    if head:
        family, family_ar = rng.choice(t.ARABIC_FAMILY)
    else:
        family, script = invented_surname(rng, "arabic", gender)
        family_ar = script or ""
    return given, family, father, " ".join([*parts, family]), None, " ".join([*parts_ar, family_ar])


def _persian_like(rng: random.Random, gender: Gender, culture: str, head: bool) -> _Parts:
    afghan = culture == "afghan"
    male, female = (_AFGHAN_M, _AFGHAN_F) if afghan else (_PERSIAN_M, _PERSIAN_F)
    given, given_ar = _pair(male if gender == "male" else female, rng)
    if not head:
        surname, script = invented_surname(rng, culture, gender)
        surname_ar = script or ""
    elif rng.random() < 0.35:
        surname, surname_ar = _derived_surname(
            rng, t.AFGHAN_MALE if afghan else t.PERSIAN_MALE, culture
        )
    else:
        surname, surname_ar = rng.choice(t.AFGHAN_FAMILY if afghan else t.PERSIAN_FAMILY)
    father = _pair(male, rng)[0] if afghan else None
    return given, surname, father, f"{given} {surname}", None, f"{given_ar} {surname_ar}"


def _central_asian(rng: random.Random, gender: Gender, culture: str, head: bool) -> _Parts:
    if culture == "tajik":
        male, female, to_cyrillic = _TAJIK_M, _TAJIK_F, to_tajik_cyrillic
        family = t.TAJIK_FAMILY_NEW if rng.random() < 0.35 else t.TAJIK_FAMILY_OLD
    elif culture == "uzbek":
        male, female, to_cyrillic = _UZBEK_M, _UZBEK_F, to_russian_cyrillic
        family = t.UZBEK_FAMILY
    else:
        male, female, to_cyrillic = _KK_M, _KK_F, to_russian_cyrillic
        family = t.KYRGYZ_KAZAKH_FAMILY
    given = _word(male if gender == "male" else female, rng)
    if not head:
        surname = invented_surname(rng, culture, gender)[0]
    else:
        if rng.random() < 0.5:
            base = _word(male, rng)
            surname = base + (
                "zoda" if culture == "tajik" else "ev" if base[-1] in "aeiou" else "ov"
            )
        else:
            surname = rng.choice(family)
        if gender == "female":
            surname = _female_surname(surname)
    patronymic = _patronymic_latin(_word(male, rng), gender)
    cyrillic = to_cyrillic(f"{surname} {given} {patronymic}")
    return given, surname, patronymic, f"{given} {surname}", cyrillic, None


def _russian(rng: random.Random, gender: Gender, head: bool) -> _Parts:
    patronymic_cyr = _pair(_RUSSIAN_M, rng)[1]
    if gender == "male":
        given_cyr = _pair(_RUSSIAN_M, rng)[0]
    else:
        given_cyr = _word(_RUSSIAN_F, rng)
        patronymic_cyr = patronymic_cyr[:-3] + "вна"
    if head:
        surname_cyr = rng.choice(t.RUSSIAN_FAMILY)
        if gender == "female":
            surname_cyr = _female_surname(surname_cyr)
        surname = cyrillic_to_latin(surname_cyr)
    else:
        surname, script = invented_surname(rng, "russian", gender)
        surname_cyr = script or ""
    given = cyrillic_to_latin(given_cyr)
    cyrillic = f"{surname_cyr} {given_cyr} {patronymic_cyr}"
    return given, surname, cyrillic_to_latin(patronymic_cyr), f"{given} {surname}", cyrillic, None


def make_diverse_person(
    rng: random.Random, culture: str | None = None, head_share: float = LIST_HEAD_SHARE
) -> SynthPerson:
    """Draw one invented person: Zipf-distributed given names, a common surname with
    probability ``head_share``, otherwise an invented one of the culture.

    Example::

        >>> p = make_diverse_person(random.Random(2), "arabic", head_share=0.0)
        >>> p.arabic is not None and p.surname in p.full
        True
    """
    if culture is None:
        culture = _CULTURE_NAMES[_pick(_CULTURE_CUM, rng)]
    gender: Gender = "male" if rng.random() < 0.7 else "female"
    head = rng.random() < head_share
    if culture == "arabic":
        parts = _arabic(rng, gender, head)
    elif culture in ("afghan", "persian"):
        parts = _persian_like(rng, gender, culture, head)
    elif culture in ("tajik", "uzbek", "kyrgyz_kazakh"):
        parts = _central_asian(rng, gender, culture, head)
    elif culture == "russian":
        parts = _russian(rng, gender, head)
    else:
        raise ValueError(f"unknown name culture {culture!r}; known: {', '.join(_CULTURE_NAMES)}")
    given, surname, patronymic, full, cyrillic, arabic = parts
    codes, cumulative = _NAT[culture]
    return SynthPerson(
        given=given,
        surname=surname,
        patronymic=patronymic,
        full=full,
        culture=culture,
        gender=gender,
        birth_date=dt.date.fromordinal(_DAY0 + rng.randrange(_DAYS)),
        nationality=codes[_pick(cumulative, rng)],
        cyrillic=cyrillic,
        arabic=arabic,
    )
