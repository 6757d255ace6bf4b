"""Synthetic customers with planted hits."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from openfiu.synth.customers import PLANTED_VARIANTS, name_token_set, synthetic_customers
from openfiu.synth.lists import synthetic_entities

ID = re.compile(r"^C\d{7}$")


def test_plain_customers() -> None:
    rows = list(synthetic_customers(500, seed=7))
    assert rows == list(synthetic_customers(500, seed=7))
    assert [r["id"] for r in rows[:2]] == ["C0000001", "C0000002"]
    for row in rows:
        assert ID.match(str(row["id"]))
        assert set(row) == {"id", "name", "birth_date", "nationality", "gender", "kind"}
        dt.date.fromisoformat(str(row["birth_date"]))
        assert row["kind"] == "person" and row["gender"] in ("male", "female")
        assert len(str(row["nationality"])) == 2
    scripts = Counter(
        "cyrillic"
        if re.search("[\u0400-\u04ff]", str(r["name"]))
        else "arabic"
        if re.search("[\u0600-\u06ff]", str(r["name"]))
        else "latin"
        for r in rows
    )
    assert scripts["latin"] > 350 and scripts["cyrillic"] > 12 and scripts["arabic"] > 5


def test_planted_hits_carry_the_expected_reference() -> None:
    listed = list(synthetic_entities(300, seed=11))
    by_ref = {e.reference: e for e in listed}
    rows = list(synthetic_customers(4000, seed=3, listed=listed, hit_rate=0.05))
    planted = [r for r in rows if "expected_reference" in r]
    assert 120 < len(planted) < 290
    assert {r["variant"] for r in planted} == set(PLANTED_VARIANTS)
    for row in planted:
        entity = by_ref[str(row["expected_reference"])]
        assert entity.kind == "person"
        if entity.birth_dates:
            birth = entity.birth_dates[0]
            year = dt.date.fromisoformat(str(row["birth_date"])).year
            assert birth.year_from <= year <= birth.year_to
        if row["variant"] == "russian_cyrillic":
            assert re.search("[\u0400-\u04ff]", str(row["name"]))


def test_negatives_never_carry_a_listed_name() -> None:
    # A list made of the same synthetic name pool: collisions would happen if not excluded.
    listed = list(synthetic_entities(3000, seed=1))
    taken = {name_token_set(n.full) for e in listed if e.kind == "person" for n in e.names}
    rows = list(synthetic_customers(3000, seed=1, listed=listed, hit_rate=0.0))
    assert not any("expected_reference" in r for r in rows)
    assert not any(name_token_set(str(r["name"])) in taken for r in rows)


def test_bad_hit_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="hit_rate"):
        next(synthetic_customers(1, hit_rate=1.5))
