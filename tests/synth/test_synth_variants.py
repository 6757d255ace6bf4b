"""Name perturbations: transliteration to Cyrillic, other romanisations, typos, order."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree
from rapidfuzz.distance import DamerauLevenshtein

from openfiu.synth.variants import (
    cyrillic_to_latin,
    drop_middle,
    passport_spelling,
    swap_tokens,
    to_russian_cyrillic,
    to_tajik_cyrillic,
    typo,
)

LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Jumakhon Khalimov", "Джумахон Халимов"),
        ("Sirajuddin Haqqani", "Сираджуддин Хаккани"),
        ("ABDULLAH YUSUF", "АБДУЛЛА ЮСУФ"),
        ("Khalid Omar al-Tamimi", "Халид Омар аль-Тамими"),
        ("Ghulam Ahmadzai", "Гулам Ахмадзай"),
        ("Erlan Sadykov", "Эрлан Садыков"),
        ("Qurbon Odinaev", "Курбон Одинаев"),
        ("Dmitriy Yakovlev", "Дмитрий Яковлев"),
        ("Zhanna Shcherbakova", "Жанна Щербакова"),
    ],
)
def test_russian_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_russian_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Jumakhon Halimov", "Ҷумахон Ҳалимов"),
        ("Jumakhon Khalimov", "Ҷумахон Халимов"),
        ("Rahmatullah Sharifi", "Раҳматулло Шарифӣ"),
        ("Ghafur Qodirzoda", "Ғафур Қодирзода"),
        ("Karimzadeh", "Каримзода"),
        ("Sirajuddin", "Сираҷиддин"),
    ],
)
def test_tajik_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_tajik_cyrillic(latin) == cyrillic


def test_tajik_has_no_letters_abolished_in_1998() -> None:
    out = to_tajik_cyrillic("Kyrgyz Tsoy Shchukin")
    assert not set("ыцщ") & set(out.lower())


def test_cyrillic_to_latin_follows_icao() -> None:
    assert cyrillic_to_latin("Юлия Щербакова") == "Iuliia Shcherbakova"
    assert cyrillic_to_latin("Раҳмонов") == "Rahmonov"


def test_non_latin_input_is_left_alone() -> None:
    assert to_russian_cyrillic("خالد Omar") == "خالد Омар"


def test_passport_spelling_is_deterministic_and_changes_variable_letters() -> None:
    name = "Jumakhon Halimov"
    assert passport_spelling(name, random.Random(4)) == passport_spelling(name, random.Random(4))
    outputs = {passport_spelling(name, random.Random(seed)) for seed in range(200)}
    assert name not in outputs
    assert len(outputs) > 10
    assert any(o.startswith(("Dzhumakhon", "Djumakhon")) for o in outputs)
    assert any("Jumahon" in o or "Jumaxon" in o for o in outputs)
    assert all(len(o.split()) == 2 for o in outputs)


def test_passport_spelling_known_systems() -> None:
    seen: set[str] = set()
    for seed in range(300):
        seen.update(
            passport_spelling("Muhammad Rahmatullah Nasiruddin", random.Random(seed)).split()
        )
    assert {"Mukhammad", "Mohammed"} <= seen
    assert {"Rahmatulla", "Rahmatullo"} & seen
    assert {"Nasiriddin", "Nasireddine"} & seen


def test_passport_spelling_joins_and_splits_abdul() -> None:
    outs = {passport_spelling("Abdul Rahman", random.Random(s)) for s in range(100)}
    assert "Abdulrahman" in outs or "Abd al-Rahman" in outs
    outs = {passport_spelling("Abdulrahman", random.Random(s)) for s in range(100)}
    assert any(len(o.split()) == 2 for o in outs)


def test_passport_spelling_keeps_case_style_and_unchanged_without_rule() -> None:
    out = passport_spelling("JUMAKHON HALIMOV", random.Random(1))
    assert out == out.upper() and out != "JUMAKHON HALIMOV"
    assert passport_spelling("Bob Best", random.Random(0)) == "Bob Best"


def test_typo_is_one_edit_in_one_long_token() -> None:
    for seed in range(200):
        name = "Jumakhon Al Halimov"
        out = typo(name, random.Random(seed))
        assert out != name
        assert DamerauLevenshtein.distance(name, out) == 1
        assert out.split()[1] == "Al"


def test_typo_stays_in_the_script_and_skips_short_tokens() -> None:
    for seed in range(50):
        out = typo("Джумахон Халимов", random.Random(seed))
        assert not LATIN.search(out)
    assert typo("Al Bo", random.Random(0)) == "Al Bo"


def test_swap_tokens_reorders_the_same_tokens() -> None:
    for seed in range(50):
        out = swap_tokens("Khalid Omar al-Tamimi", random.Random(seed))
        assert out.lower() != "khalid omar al-tamimi"
        assert sorted(out.lower().split()) == sorted(["khalid", "omar", "al-tamimi"])
    assert swap_tokens("Jumakhon Halimov", random.Random(0)).lower() == "halimov jumakhon"
    assert swap_tokens("Halimov", random.Random(0)) == "Halimov"


def test_swap_tokens_keeps_compound_names_whole() -> None:
    for seed in range(30):
        out = swap_tokens("Abdel Hamid Noor ud Din Mahmoud", random.Random(seed))
        assert "Abdel Hamid" in out or "ABDEL HAMID" in out
        assert "Noor ud Din" in out or "NOOR UD DIN" in out
        assert out.split()[0].lower() in ("abdel", "noor", "mahmoud")
    # a name that is one compound only has nothing to reorder
    assert swap_tokens("Abd El Illah", random.Random(0)) == "Abd El Illah"


def test_swap_tokens_draws_as_for_single_tokens() -> None:
    """Compounds do not change the random stream: later perturbations stay the same."""
    for seed in range(30):
        plain, compound = random.Random(seed), random.Random(seed)
        swap_tokens("Aaa Bbb Ccc Ddd", plain)
        swap_tokens("Abu Bakr al Baghdadi", compound)
        assert plain.random() == compound.random()


def test_drop_middle() -> None:
    for seed in range(20):
        out = drop_middle("A1 B2 C3 D4", random.Random(seed)).split()
        assert len(out) == 3 and out[0] == "A1" and out[-1] == "D4"
    assert drop_middle("Jumakhon Halimov", random.Random(0)) == "Jumakhon Halimov"


@pytest.mark.parametrize(
    ("name", "dropped"),
    [
        ("Col Abdel Hamid Mahmoud", None),  # Abdel Hamid is one name
        ("Noor ud Din Turabi", None),
        ("Qari Din Mohammad", None),
        ("Haji Mohammad Sahib", None),  # only titles would be left
        ("Mehmood, Dr. Bashir Uddin", None),  # a title is not a middle name
        ("Abd Allah Mohamed Ragab", "Abd Allah Ragab"),
        ("Jumakhon Sadulloevich Halimov", "Jumakhon Halimov"),
    ],
)
def test_drop_middle_keeps_compound_names_whole(name: str, dropped: str | None) -> None:
    for seed in range(10):
        assert drop_middle(name, random.Random(seed)) == (dropped or name)


def test_drop_middle_draws_the_same_whatever_it_drops() -> None:
    for name in ("Noor ud Din Turabi", "A1 B2 C3 D4"):
        rng = random.Random(7)
        drop_middle(name, rng)
        after = rng.random()
        rng = random.Random(7)
        rng.randrange(1, len(name.split()) - 1)
        assert rng.random() == after


@pytest.mark.shared_data
def test_variants_on_every_real_un_name(shared_un_list: Path) -> None:
    """Every Latin name of the real list converts to Cyrillic without Latin leftovers."""
    tree = etree.parse(str(shared_un_list))
    names = [el.text for el in tree.iter("ALIAS_NAME") if el.text]
    assert len(names) > 2000
    rng = random.Random(0)
    for name in names:
        assert not LATIN.search(to_russian_cyrillic(name)), name
        assert not LATIN.search(to_tajik_cyrillic(name)), name
        assert isinstance(passport_spelling(name, rng), str)
        assert typo(name, rng)
