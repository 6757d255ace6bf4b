"""Synthetic persons from the region's name cultures, deterministic by seed.

Cultures: Arabic, Afghan (Pashtun/Dari), Persian, Tajik, Uzbek, Kyrgyz/Kazakh, Russian.
Names are random combinations of common given names and surnames
(:mod:`openfiu.synth.name_tables`): invented people, not real ones.

Example::

    >>> from openfiu.synth.people import synthetic_people
    >>> [p.culture for p in synthetic_people(3, seed=1)] == [
    ...     p.culture for p in synthetic_people(3, seed=1)]
    True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Final, Literal

from openfiu.synth import name_tables as t
from openfiu.synth.countries import CULTURE_NATIONALITIES
from openfiu.synth.variants import cyrillic_to_latin, to_russian_cyrillic, to_tajik_cyrillic

__all__ = ["CULTURES", "SynthPerson", "make_person", "synthetic_people"]

Gender = Literal["male", "female"]
_Parts = tuple[str, str, str | None, str, str | None, str | None]
"""given, surname, patronymic, full Latin name, Cyrillic form, Arabic-script form"""

CULTURES: Final[tuple[tuple[str, float], ...]] = (
    ("arabic", 0.22),
    ("afghan", 0.18),
    ("persian", 0.1),
    ("tajik", 0.2),
    ("uzbek", 0.12),
    ("kyrgyz_kazakh", 0.08),
    ("russian", 0.1),
)
"""Name cultures and their share of generated persons."""

_CULTURE_NAMES = tuple(c for c, _ in CULTURES)
_CULTURE_CUM = tuple(accumulate(w for _, w in CULTURES))
_NAT = {
    culture: (tuple(c for c, _ in pairs), tuple(accumulate(w for _, w in pairs)))
    for culture, pairs in CULTURE_NATIONALITIES.items()
}
_DAY0 = dt.date(1950, 1, 1).toordinal()
_DAYS = dt.date(2005, 12, 31).toordinal() - _DAY0


@dataclass(frozen=True)
class SynthPerson:
    """An invented person: Latin name in the culture's usual order, and the Cyrillic and
    Arabic-script forms that records of that culture would carry."""

    given: str
    surname: str
    patronymic: str | None
    full: str
    culture: str
    gender: Gender
    birth_date: dt.date
    nationality: str
    cyrillic: str | None
    arabic: str | None


def _female_surname(surname: str) -> str:
    if surname.endswith(("ov", "ev", "in", "ёв")) or surname.endswith(("ов", "ев", "ин")):
        return surname + ("a" if surname.isascii() else "а")
    return surname


def _patronymic_latin(father: str, gender: Gender) -> str:
    stem = father[:-1] if father.endswith(("a", "o")) else father
    if stem.endswith(("i", "y")) or stem[-1:] in "aeiou":
        suffix = "yevich" if gender == "male" else "yevna"
    else:
        suffix = "ovich" if gender == "male" else "ovna"
    return stem + suffix


def _arabic(rng: random.Random, gender: Gender) -> _Parts:
    given, given_ar = rng.choice(t.ARABIC_MALE if gender == "male" else t.ARABIC_FEMALE)
    father, father_ar = rng.choice(t.ARABIC_MALE)
    family, family_ar = rng.choice(t.ARABIC_FAMILY)
    parts = [given, father]
    parts_ar = [given_ar, father_ar]
    if rng.random() < 0.3:
        grand, grand_ar = rng.choice(t.ARABIC_MALE)
        parts.append(grand)
        parts_ar.append(grand_ar)
    return given, family, father, " ".join([*parts, family]), None, " ".join([*parts_ar, family_ar])


def _persian_like(rng: random.Random, gender: Gender, culture: str) -> _Parts:
    if culture == "afghan":
        male, female, family = t.AFGHAN_MALE, t.AFGHAN_FEMALE, t.AFGHAN_FAMILY
    else:
        male, female, family = t.PERSIAN_MALE, t.PERSIAN_FEMALE, t.PERSIAN_FAMILY
    given, given_ar = rng.choice(male if gender == "male" else female)
    if rng.random() < (0.3 if culture == "afghan" else 0.4):
        surname, surname_ar = _derived_surname(rng, male, culture)
    else:
        surname, surname_ar = rng.choice(family)
    father = rng.choice(male)[0] if culture == "afghan" else None
    return given, surname, father, f"{given} {surname}", None, f"{given_ar} {surname_ar}"


_PERSIAN_SUFFIXES = (
    ("i", "ی"),
    ("zadeh", "\u200cزاده"),
    ("pour", "\u200cپور"),
    ("nia", "\u200cنیا"),
)
_AFGHAN_SUFFIXES = (("zai", "زی"), ("yar", "یار"), ("i", "ی"))


def _derived_surname(
    rng: random.Random, male: tuple[tuple[str, str], ...], culture: str
) -> tuple[str, str]:
    """A surname built on a given name (Karim → Karimi, Karimzadeh, Karimzai)."""
    base, base_ar = rng.choice(male)
    base, base_ar = base.replace(" ", ""), base_ar.replace(" ", "")
    suffix, suffix_ar = rng.choice(_AFGHAN_SUFFIXES if culture == "afghan" else _PERSIAN_SUFFIXES)
    if suffix == "i" and base[-1] in "aeiou":
        suffix = "ei" if culture == "persian" else "yi"
    return base + suffix, base_ar + suffix_ar


def _central_asian(rng: random.Random, gender: Gender, culture: str) -> _Parts:
    if culture == "tajik":
        male, female = t.TAJIK_MALE, t.TAJIK_FEMALE
        family = t.TAJIK_FAMILY_NEW if rng.random() < 0.35 else t.TAJIK_FAMILY_OLD
        to_cyrillic = to_tajik_cyrillic
    elif culture == "uzbek":
        male, female, family = t.UZBEK_MALE, t.UZBEK_FEMALE, t.UZBEK_FAMILY
        to_cyrillic = to_russian_cyrillic
    else:
        male, female = t.KYRGYZ_KAZAKH_MALE, t.KYRGYZ_KAZAKH_FEMALE
        family = t.KYRGYZ_KAZAKH_FAMILY
        to_cyrillic = to_russian_cyrillic
    given = rng.choice(male if gender == "male" else female)
    if rng.random() < 0.5:
        base = rng.choice(male)
        x = rng.random()
        if culture == "tajik" and x < 0.35:
            surname = base + "zoda"
        elif culture == "kyrgyz_kazakh" and x < 0.15:
            surname = base + ("uly" if gender == "male" else "kyzy")
        else:
            surname = base + ("ev" if base[-1] in "aeiou" else "ov")
    else:
        surname = rng.choice(family)
    if gender == "female":
        surname = _female_surname(surname)
    patronymic = _patronymic_latin(rng.choice(male), gender)
    cyrillic = to_cyrillic(f"{surname} {given} {patronymic}")
    return given, surname, patronymic, f"{given} {surname}", cyrillic, None


def _russian(rng: random.Random, gender: Gender) -> _Parts:
    if gender == "male":
        given_cyr = rng.choice(t.RUSSIAN_MALE)[0]
        patronymic_cyr = rng.choice(t.RUSSIAN_MALE)[1]
    else:
        given_cyr = rng.choice(t.RUSSIAN_FEMALE)
        patronymic_cyr = rng.choice(t.RUSSIAN_MALE)[1][:-3] + "вна"
    surname_cyr = rng.choice(t.RUSSIAN_FAMILY)
    if gender == "female":
        surname_cyr = _female_surname(surname_cyr)
    given, surname = cyrillic_to_latin(given_cyr), cyrillic_to_latin(surname_cyr)
    cyrillic = f"{surname_cyr} {given_cyr} {patronymic_cyr}"
    return given, surname, cyrillic_to_latin(patronymic_cyr), f"{given} {surname}", cyrillic, None


def _pick(cumulative: tuple[float, ...], rng: random.Random) -> int:
    x = rng.random() * cumulative[-1]
    for index, bound in enumerate(cumulative):
        if x < bound:
            return index
    return len(cumulative) - 1


def make_person(rng: random.Random, culture: str | None = None) -> SynthPerson:
    """Draw one synthetic person from ``rng`` (of the given culture, or a weighted random one).

    Example::

        >>> make_person(random.Random(7), "tajik").culture
        'tajik'
    """
    if culture is None:
        culture = _CULTURE_NAMES[_pick(_CULTURE_CUM, rng)]
    gender: Gender = "male" if rng.random() < 0.7 else "female"
    if culture == "arabic":
        parts = _arabic(rng, gender)
    elif culture in ("afghan", "persian"):
        parts = _persian_like(rng, gender, culture)
    elif culture in ("tajik", "uzbek", "kyrgyz_kazakh"):
        parts = _central_asian(rng, gender, culture)
    elif culture == "russian":
        parts = _russian(rng, gender)
    else:
        raise ValueError(f"unknown name culture {culture!r}; known: {', '.join(_CULTURE_NAMES)}")
    given, surname, patronymic, full, cyrillic, arabic = parts
    codes, cumulative = _NAT[culture]
    nationality = codes[_pick(cumulative, rng)]
    birth_date = dt.date.fromordinal(_DAY0 + rng.randrange(_DAYS))
    return SynthPerson(
        given=given,
        surname=surname,
        patronymic=patronymic,
        full=full,
        culture=culture,
        gender=gender,
        birth_date=birth_date,
        nationality=nationality,
        cyrillic=cyrillic,
        arabic=arabic,
    )


def synthetic_people(n: int, seed: int = 0) -> Iterator[SynthPerson]:
    """Yield ``n`` invented persons, the same ones for the same seed.

    Example::

        >>> people = list(synthetic_people(2, seed=42))
        >>> len(people), people == list(synthetic_people(2, seed=42))
        (2, True)
    """
    rng = random.Random(seed)
    for _ in range(n):
        yield make_person(rng)
