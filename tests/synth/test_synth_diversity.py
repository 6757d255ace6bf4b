"""Name diversity of generated lists and customers, at 50,000 entries (a 1M list scaled down)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from openfiu.model.entity import Entity
from openfiu.synth import name_tables as t
from openfiu.synth.companies import brand, company_name
from openfiu.synth.customers import name_token_set, synthetic_customers
from openfiu.synth.diverse import make_diverse_person
from openfiu.synth.lists import synthetic_entities
from openfiu.synth.people import CULTURES
from openfiu.synth.surnames import invented_surname
from openfiu.synth.variants import cyrillic_to_latin

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
N = 50_000


@pytest.fixture(scope="module")
def big() -> list[Entity]:
    return list(synthetic_entities(N, seed=7))


def test_organisation_share(big: list[Entity]) -> None:
    kinds = Counter(e.kind for e in big)
    assert 0.5 < kinds["organization"] / N < 0.6
    assert kinds["person"] + kinds["organization"] == N


def test_names_are_mostly_distinct(big: list[Entity]) -> None:
    primaries = [e.primary_name.casefold() for e in big]
    assert len(set(primaries)) / N > 0.95
    persons = [e.primary_name.casefold() for e in big if e.kind == "person"]
    assert len(set(persons)) / len(persons) > 0.93
    orgs = [e.primary_name.casefold() for e in big if e.kind == "organization"]
    assert len(set(orgs)) / len(orgs) > 0.97


def test_surnames_have_a_long_tail(big: list[Entity]) -> None:
    persons = [e for e in big if e.kind == "person"]
    surnames = Counter(e.names[0].parts[-1].casefold() for e in persons)
    # at 1M entries this ratio gives well over 300k distinct surnames
    assert len(surnames) / len(persons) > 0.8
    singletons = sum(1 for c in surnames.values() if c == 1)
    assert singletons / len(surnames) > 0.8
    # … but common surnames still recur
    assert surnames.most_common(1)[0][1] >= 20


def test_given_names_stay_frequent(big: list[Entity]) -> None:
    firsts = Counter(
        e.names[0].parts[0].casefold() for e in big if e.kind == "person" and e.names[0].parts
    )
    total = sum(firsts.values())
    assert firsts["muhammad"] / total > 0.02
    top10 = sum(c for _, c in firsts.most_common(10))
    assert top10 / total > 0.15
    assert len(firsts) < 500


def test_same_seed_same_list_at_scale(big: list[Entity]) -> None:
    again = synthetic_entities(2000, seed=7)
    assert [e.fingerprint() for e in again] == [e.fingerprint() for e in big[:2000]]


def test_customers_rarely_share_a_listed_name(big: list[Entity]) -> None:
    taken = {name_token_set(n.full) for e in big if e.kind == "person" for n in e.names}
    rows = list(synthetic_customers(3000, seed=7, hit_rate=0.0))
    same = sum(name_token_set(str(r["name"])) in taken for r in rows)
    assert same / len(rows) < 0.02
    distinct = {name_token_set(str(r["name"])) for r in rows}
    assert len(distinct) / len(rows) > 0.95


@pytest.mark.parametrize("culture", [c for c, _ in CULTURES])
def test_invented_surnames_look_like_their_culture(culture: str) -> None:
    rng = random.Random(3)
    drawn = [invented_surname(rng, culture, rng.choice(("male", "female"))) for _ in range(400)]
    latins = [latin for latin, _ in drawn]
    assert len(set(latins)) > 380
    assert all(latin.isascii() and latin[:1].isalpha() for latin in latins)
    if culture in ("arabic", "afghan", "persian"):
        assert all(script and ARABIC.search(script) for _, script in drawn)
    elif culture == "russian":
        assert all(script and cyrillic_to_latin(script) == latin for latin, script in drawn)
    else:
        assert all(script is None for _, script in drawn)
    endings = {
        "tajik": ("ov", "ova", "ev", "eva", "zoda", "zod", "i", "yon", "pur", "far", "on"),
        "uzbek": ("ov", "ova", "ev", "eva", "yev", "yeva"),
        "kyrgyz_kazakh": ("ov", "ova", "ev", "eva", "uly", "kyzy"),
        "arabic": (),
        "afghan": ("zai", "Zai", "khel", "Khel", "i", "yar", "wal", "zada"),
        "persian": ("i", "zadeh", "pour", "nia", "far", "nejad", "an", "lou", "vand"),
        "russian": ("ov", "ova", "ev", "eva", "in", "ina", "enko", "skii", "skaia", "uk", "ykh"),
    }[culture]
    if endings:
        assert all(latin.endswith(endings) for latin in latins), culture
    else:
        assert sum(latin.startswith("al-") for latin in latins) > 150


def test_invented_surname_refuses_unknown_culture() -> None:
    with pytest.raises(ValueError, match="unknown name culture"):
        invented_surname(random.Random(0), "klingon", "male")


def test_diverse_person_head_share() -> None:
    rng = random.Random(1)
    common = {s for s in t.UZBEK_FAMILY}
    tail = [make_diverse_person(rng, "uzbek", head_share=0.0) for _ in range(300)]
    assert not any(p.surname in common for p in tail)
    head = [make_diverse_person(rng, "uzbek", head_share=1.0) for _ in range(300)]
    assert sum(p.surname in common or p.surname.rstrip("a") in common for p in head) > 100
    for p in tail + head:
        assert p.full == f"{p.given} {p.surname}"
        assert p.cyrillic is not None and CYRILLIC.search(p.cyrillic)


def test_company_names_styles() -> None:
    rng = random.Random(2)
    drawn = [company_name(rng) for _ in range(2000)]
    names = [name for name, _ in drawn]
    assert len(set(names)) > 1980
    assert any(CYRILLIC.search(n) and "«" in n for n in names)
    assert any(other and ARABIC.search(other) for _, other in drawn)
    assert any(n.endswith(("LLC", "Ltd", "FZE", "JSC", "GmbH")) for n in names)
    for name, other in drawn:
        if CYRILLIC.search(name):
            assert other is not None and other.isascii()
    assert brand(random.Random(4)) == brand(random.Random(4))
