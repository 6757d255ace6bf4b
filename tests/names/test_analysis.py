"""Name analysis: titles, particles, compounds, patronymics, legal forms, keys, weights."""

from __future__ import annotations

import pytest

from openfiu.names import analyse_name


def latins(text: str, kind: str = "person") -> list[str]:
    return [t.latin for t in analyse_name(text, kind).tokens]


def skeletons(text: str) -> list[str]:
    return [t.skeleton for t in analyse_name(text).tokens]


@pytest.mark.parametrize(
    "text",
    [
        "Haji Mullah Abdul Jabbar",
        "Hajji Maulavi Abdul Jabbar",
        "Alhaj Mufti Qari Abdul Jabbar",
        "Sheikh Dr Abdul Jabbar",
        "Eng. Ustad Commander Abdul Jabbar",
        "Мулла Абдуҷаббор",
        "Хаджи Абдужаббор",
        "ملا عبد الجبار",
        "الحاج مولوی عبدالجبار",
    ],
)
def test_titles_are_dropped_in_every_script(text: str) -> None:
    analysed = analyse_name(text)
    assert [t.skeleton for t in analysed.tokens] == ["*bd", "jbr"]
    assert analysed.titles


def test_titles_are_kept_as_attribute() -> None:
    assert analyse_name("Haji Mullah Abdul Jabbar").titles == ("haji", "mullah")


def test_soft_titles_are_optional_tokens() -> None:
    tokens = analyse_name("Sayyid Ahmad Khan").tokens
    assert [(t.latin, t.optional) for t in tokens] == [
        ("sayid", True),
        ("ahmad", False),
        ("han", True),
    ]


def test_a_lone_soft_title_stays_a_name() -> None:
    assert [t.optional for t in analyse_name("Hafiz").tokens] == [False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Muhammad bin Yusuf al-Ali", ["mhmd", "ysf", "*l"]),
        ("محمد بن يوسف العلي", ["mhmd", "ysf", "*l"]),
        ("Ahmed Ould Abdallah", ["*hmd", "*bdl"]),
        ("Karim s/o Rahim", ["krm", "rhm"]),
        ("Fatima bint Ali", ["ftm", "*l"]),
        ("Abd al-Rahman", ["*bd", "rhmn"]),
        ("Abdul Rahman", ["*bd", "rhmn"]),
        ("Abdurrahman", ["*bd", "rhmn"]),
        ("Абдураҳмон", ["*bd", "rhmn"]),
        ("عبدالرحمن", ["*bd", "rhmn"]),
        ("عبد الرحمن", ["*bd", "rhmn"]),
        ("Rahmat Ullah", ["rhmtl"]),
        ("رحمت‌الله", ["rhmtl"]),
        ("رحمة الله", ["rhmtl"]),
        ("Siraj al-Din Haqqani", ["srjdn", "hkn"]),
        ("Nasir ud Din", ["nsrdn"]),
        ("سراج الدين حقاني", ["srjdn", "hkn"]),
        ("Abu Bakr", ["*b", "bkr"]),
        ("أبو بكر", ["*b", "bkr"]),
        ("Gulbuddin Hekmatyar", ["klbdn", "hkmtr"]),
        ("گلبدین حکمتیار", ["klbdn", "hkmtr"]),
        ("Ibrahim", ["*brhm"]),
        ("Usamah", ["*sm"]),
    ],
)
def test_particles_articles_and_compounds(text: str, expected: list[str]) -> None:
    assert skeletons(text) == expected


def test_father_after_particle_is_optional() -> None:
    tokens = analyse_name("Muhammad bin Yusuf").tokens
    assert [t.optional for t in tokens] == [False, True]


@pytest.mark.parametrize(
    ("text", "optional_latin"),
    [
        ("Ivan Sergeevich Petrov", "sergivich"),
        ("Юлия Сергеевна Петрова", "sergevna"),
        ("Nurlan Nurlanuly Abishev", "nurlanuli"),
        ("Раҳматуллоевич Karimov", "rahmatuloevich"),
    ],
)
def test_patronymics_are_optional(text: str, optional_latin: str) -> None:
    tokens = analyse_name(text).tokens
    assert [t.latin for t in tokens if t.optional] == [optional_latin]


@pytest.mark.parametrize(
    "text", ["Ali Vali oʻgʻli Valiyev", "Ali Vali ўғли Valiyev", "Aibek Almaz uulu"]
)
def test_patronymic_words_mark_the_father_optional(text: str) -> None:
    tokens = analyse_name(text).tokens
    assert len(tokens) in (2, 3)
    assert any(t.optional for t in tokens)
    assert all(t.latin not in ("ogli", "ugli", "ulu") for t in tokens)


def test_comma_form_is_reordered() -> None:
    assert latins("HALIMOV, Jumakhon") == ["jumahon", "halimov"]


def test_keys_hold_variants() -> None:
    ibragim = analyse_name("Ибрагим").tokens[0]
    assert ibragim.keys[0] == ibragim.skeleton == "*brkm"
    assert "*brhm" in ibragim.keys  # Russian г read as Arabic h
    halimzoda = analyse_name("Halimzoda").tokens[0]
    assert halimzoda.keys == ("hlmzd", "hlm")
    akbarjon = analyse_name("Akbarjon").tokens[0]
    assert "*kbr" in akbarjon.keys
    for token in analyse_name("Ҷумъахон Ҳалимов Ali").tokens:
        assert token.keys and token.keys[0] == token.skeleton


def test_common_tokens_weigh_less() -> None:
    weights = {t.latin: t.weight for t in analyse_name("Muhammad Ahmad Ali Jumakhon").tokens}
    assert weights["muhamad"] <= 0.35
    assert weights["ahmad"] <= 0.4
    assert weights["ali"] <= 0.5
    assert weights["jumahon"] == 1.0


def test_abbreviations_of_muhammad() -> None:
    assert latins("Md Yusuf") == ["muhamad", "yusuf"]
    assert latins("Mohd. Yusuf") == ["muhamad", "yusuf"]


def test_scripts_are_recorded() -> None:
    analysed = analyse_name("Ҷумъахон Ali حسن")
    assert [t.script for t in analysed.tokens] == ["cyrillic", "latin", "arabic"]
    assert analyse_name("حسن علی").script == "arabic"


@pytest.mark.parametrize(
    ("text", "tokens", "legal"),
    [
        ("ООО Ромашка", ["romashka"], "ooo"),
        ("Romashka OOO", ["romashka"], "ooo"),
        ("Acme Trading L.L.C.", ["akme", "trading"], "llc"),
        ("Acme Trading Co. Ltd", ["akme", "trading"], "co ltd"),
        ("Acme Holding GmbH", ["akme", "holding"], "gmbh"),
        ("ОАО Северная звезда", ["severnaya", "zvezda"], "jsc"),
        ("Blue Sea Shipping FZE", ["blue", "sea", "shiping"], "fze"),
        ("Al-Rashid Trust", ["rashid", "trust"], None),
        ("Limited", ["limited"], None),  # a legal form alone stays the name
    ],
)
def test_legal_forms(text: str, tokens: list[str], legal: str | None) -> None:
    analysed = analyse_name(text, kind="organization")
    assert [t.latin for t in analysed.tokens] == tokens
    assert analysed.legal_form == legal


def test_organisations_keep_titles_and_particles() -> None:
    assert latins("Sheikh Trading", kind="organization") == ["sheih", "trading"]
    assert latins("Sheikh Trading") == ["trading"]


def test_empty_name() -> None:
    analysed = analyse_name("")
    assert analysed.tokens == ()
    assert analysed.script == "other"


def test_analyse_is_memoised() -> None:
    assert analyse_name("Jumakhon Halimov") is analyse_name("Jumakhon Halimov")
