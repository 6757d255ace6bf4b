"""Unicode hygiene, script detection, tokenisation and hostile input."""

from __future__ import annotations

import time

import pytest

from openfiu.names import MAX_INPUT_CHARS, analyse_name, normalize_text
from openfiu.names.normalize import dominant_script, fix_lookalikes, split_tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  MUḨAMMAD  ", "muḩammad"),  # NFKC + casefold; Latin diacritics folded later
        ("مُحَمَّد", "محمد"),  # harakat and shadda stripped
        ("محـــمد", "محمد"),  # tatweel
        ("رحمت\u200cالله", "رحمتالله"),  # ZWNJ
        ("\u200fعلي\u200e", "علی"),  # bidi marks, Arabic yeh -> Farsi yeh
        ("كريم", "کریم"),  # kaf -> keheh
        ("أسامة", "اسامة"),  # alef with hamza
        ("إبراهيم", "ابراهیم"),
        ("موسى", "موسی"),  # alef maksura
        ("١٩٧١ ۱۹۷۱", "1971 1971"),  # Arabic-Indic and Persian digits
        ("İBRAHİM", "ibrahim"),  # Turkish dotted capital I
        ("ıbrahım", "ibrahim"),  # dotless i
        ("Ҷумъахон", "ҷумъахон"),  # Tajik letters stay composed
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_truncates_long_input() -> None:
    assert len(normalize_text("a" * (MAX_INPUT_CHARS * 10))) == MAX_INPUT_CHARS


@pytest.mark.parametrize(
    "hostile",
    [
        "\ud800\udfff lone surrogates",
        "\x00\x01\x1b[31m control",
        "😀🚀 emoji 👨‍👩‍👧",
        "\u202e\u2066 bidi",
        "\ufeff\u00ad soft",
        "",
        "   ",
        "....,,,---",
        "ـــ",
        "a\u0301\u0301\u0301\u0301" * 50,
        "𝕸𝖚𝖍𝖆𝖒𝖒𝖆𝖉",  # mathematical letters fold by NFKC
    ],
)
def test_hostile_strings_never_raise(hostile: str) -> None:
    result = analyse_name(hostile)
    assert isinstance(result.tokens, tuple)
    assert all(t.latin.isascii() for t in result.tokens)


def test_math_letters_fold() -> None:
    assert [t.latin for t in analyse_name("𝕸𝖚𝖍𝖆𝖒𝖒𝖆𝖉").tokens] == ["muhamad"]


def test_ten_megabytes_is_fast() -> None:
    big = "Ahmad " * 2_000_000
    start = time.perf_counter()
    result = analyse_name(big)
    assert time.perf_counter() - start < 1.0
    assert len(result.tokens) <= MAX_INPUT_CHARS // 2


def test_non_string_input_gives_empty_name() -> None:
    assert analyse_name(None).tokens == ()


def test_split_tokens() -> None:
    assert split_tokens("abd al-rahman, s/o karim") == ["abd", "al", "rahman", "s/o", "karim"]
    assert split_tokens("m.yusuf (karimov)") == ["m", "yusuf", "karimov"]
    assert split_tokens("ja'far") == ["ja'far"]


def test_lookalikes_follow_majority_script() -> None:
    assert fix_lookalikes("хaлимов") == ("халимов", "cyrillic")  # Latin a
    assert fix_lookalikes("kаrimov") == ("karimov", "latin")  # Cyrillic а
    assert fix_lookalikes("حسن") == ("حسن", "arabic")


def test_dominant_script() -> None:
    assert dominant_script("ҳалимов ali") == "cyrillic"
    assert dominant_script("علی al") == "arabic"
    assert dominant_script("123") == "other"
