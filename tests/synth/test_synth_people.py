"""Synthetic persons: deterministic, every culture, consistent fields."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest

from openfiu.synth.countries import CITIES, CULTURE_NATIONALITIES
from openfiu.synth.people import CULTURES, make_person, synthetic_people

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_same_seed_same_people_other_seed_other_people() -> None:
    assert list(synthetic_people(50, seed=3)) == list(synthetic_people(50, seed=3))
    assert list(synthetic_people(50, seed=3)) != list(synthetic_people(50, seed=4))


def test_cultures_genders_and_scripts() -> None:
    people = list(synthetic_people(3000, seed=1))
    cultures = Counter(p.culture for p in people)
    assert set(cultures) == {c for c, _ in CULTURES}
    for culture, weight in CULTURES:
        assert abs(cultures[culture] / 3000 - weight) < 0.04, culture
    assert 0.6 < sum(p.gender == "male" for p in people) / 3000 < 0.8
    for p in people:
        assert p.given in p.full and p.surname in p.full
        assert p.nationality in {c for c, _ in CULTURE_NATIONALITIES[p.culture]}
        assert p.nationality in CITIES
        assert dt.date(1950, 1, 1) <= p.birth_date <= dt.date(2005, 12, 31)
        assert p.full.isascii() or p.culture == "russian"
        if p.culture in ("arabic", "afghan", "persian"):
            assert p.arabic is not None and ARABIC.search(p.arabic)
            assert p.cyrillic is None
        else:
            assert p.cyrillic is not None and CYRILLIC.search(p.cyrillic)
            assert p.arabic is None
            assert p.patronymic is not None


def test_russian_names_are_romanised_from_cyrillic() -> None:
    rng = random.Random(9)
    for _ in range(100):
        p = make_person(rng, "russian")
        assert p.cyrillic is not None
        _surname, _given, patronymic_cyr = p.cyrillic.split()
        assert p.full.isascii()
        if p.gender == "female":
            assert patronymic_cyr.endswith("вна")
        else:
            assert patronymic_cyr.endswith("вич")
        assert p.full == f"{p.given} {p.surname}"


def test_tajik_cyrillic_uses_tajik_letters() -> None:
    rng = random.Random(2)
    people = [make_person(rng, "tajik") for _ in range(300)]
    letters = set("".join(p.cyrillic or "" for p in people).lower())
    assert {"ҳ", "ҷ", "қ"} <= letters
    assert not {"ы", "щ", "ц"} & letters


def test_female_surnames_take_the_feminine_ending() -> None:
    rng = random.Random(5)
    for _ in range(300):
        p = make_person(rng, "uzbek")
        if p.gender == "female" and p.surname.endswith(("ova", "eva")):
            break
    else:
        pytest.fail("no feminine surname in 300 Uzbek persons")


def test_unknown_culture_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown name culture"):
        make_person(random.Random(0), "klingon")
