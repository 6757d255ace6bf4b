"""Cross-script matching measured on the real UN Consolidated List (skipped without it).

For each individual with NAME_ORIGINAL_SCRIPT (mostly Arabic and Persian script), compare the
original-script name with the list's own Latin FIRST…FOURTH_NAME. Only scores are asserted;
no facts about the persons are used.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from openfiu.names import compare_names

LIST = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists"
) / "un_consolidated_2026-02-27.xml"


@pytest.mark.shared_data
def test_original_script_names_match_their_latin_form() -> None:
    if not LIST.exists():
        pytest.skip(f"shared data not found at {LIST}")
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(str(LIST), parser)
    pairs: list[tuple[str, str]] = []
    for person in tree.iter("INDIVIDUAL"):
        original = (person.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        fields = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        latin = " ".join(x.strip() for x in (person.findtext(f) for f in fields) if x)
        if original and latin:
            pairs.append((original, latin))
    assert len(pairs) > 300
    scores = [compare_names(a, b) for a, b in pairs]
    share = sum(s >= 0.8 for s in scores) / len(scores)
    # measured when written: 336 pairs, mean 0.91, 89 % ≥ 0.80
    assert share >= 0.85, f"{share:.1%} ≥ 0.80, mean {statistics.mean(scores):.2f}"
