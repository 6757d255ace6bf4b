"""Latin ↔ Cyrillic renderings of names, the way Russian and Tajik records write them.

Deliberately simple and deterministic rules after docs/NAMES.md (shared docs), used to build
query sets and planted hits; :func:`cyrillic_to_latin` is the ICAO 9303 passport reading.

Example::

    >>> to_russian_cyrillic("Jumakhon Khalimov")
    'Джумахон Халимов'
    >>> to_tajik_cyrillic("Jumakhon Halimov")
    'Ҷумахон Ҳалимов'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["cyrillic_to_latin", "to_russian_cyrillic", "to_tajik_cyrillic"]

_VOWELS = set("aeiouy")

# Latin → Cyrillic, longest match first. Shared by the Russian and Tajik tables.
_COMMON: dict[str, str] = {
    "shch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ph": "ф",
    "ou": "у",
    "oo": "у",
    "ee": "и",
    "yu": "ю",
    "ya": "я",
    "yo": "ё",
    "ye": "е",
    "yi": "йи",
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "z": "з",
}
_RUSSIAN: dict[str, str] = {
    **_COMMON,
    "dzh": "дж",
    "tch": "ч",
    "dj": "дж",
    "gh": "г",
    "j": "дж",
    "h": "х",
    "q": "к",
}
_TAJIK: dict[str, str] = {
    **_COMMON,
    "dzh": "ҷ",
    "dj": "ҷ",
    "tch": "ч",
    "gh": "ғ",
    "ts": "тс",
    "shch": "шч",
    "j": "ҷ",
    "h": "ҳ",
    "q": "қ",
    "x": "х",
}
# Tajik endings where Latin writes a and Tajik writes о (long ā), and other suffixes.
_TAJIK_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ullah", "улло"),
    ("ulla", "улло"),
    ("uddin", "иддин"),
    ("zadeh", "зода"),
    ("zada", "зода"),
    ("khan", "хон"),
    ("jan", "ҷон"),
)
_APOSTROPHES = "'ʻʼ’‘`ʹʺ"


def strip_marks(text: str) -> str:
    """Remove accents from Latin letters only (é → e); Cyrillic й, ӣ, ӯ keep theirs."""
    if text.isascii():
        return text
    out: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_is_latin:
                out.append(ch)
            continue
        base_is_latin = ord(ch) < 0x250
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _restore_case(original: str, converted: str) -> str:
    letters = [ch for ch in original if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return converted.upper()
    if original[:1].isupper():
        return converted[:1].upper() + converted[1:]
    return converted


def _convert_word(word: str, table: dict[str, str], tajik: bool) -> str:
    """Transliterate one lower-case Latin word (no spaces, no hyphens)."""
    out: list[str] = []
    suffix = ""
    if tajik:
        for latin, cyr in _TAJIK_SUFFIXES:
            if word.endswith(latin) and len(word) > len(latin) + 1:
                word, suffix = word[: -len(latin)], cyr
                break
    if not suffix and len(word) > 4 and word.endswith(("ah", "eh")):
        word = word[:-1]  # silent final h: Abdullah → Абдулла
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch in _APOSTROPHES:
            out.append("ъ" if tajik and 0 < i < n - 1 else "")
            i += 1
            continue
        if ch == "y" and not word.startswith(("ya", "yu", "yo", "ye", "yi"), i):
            prev_vowel = i > 0 and word[i - 1] in _VOWELS
            if prev_vowel or i == 0 or word.startswith("iy", i - 1):
                out.append("й")
            else:
                out.append("и" if tajik else "ы")
            i += 1
            continue
        if ch == "e" and i == 0:
            out.append("э")
            i += 1
            continue
        if (
            ch == "i"
            and i > 0
            and word[i - 1] in "aeo"
            and (i == n - 1 or word[i + 1] not in _VOWELS)
        ):
            out.append("й")  # diphthong: Ahmadzai → Ахмадзай, Haidar → Хайдар
            i += 1
            continue
        for size in (4, 3, 2, 1):
            piece = word[i : i + size]
            if len(piece) == size and piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(ch)
            i += 1
    if tajik and len(word) >= 3 and not suffix and out and out[-1] == "и" and word[-1] == "i":
        out[-1] = "ӣ"  # Tajik final -ӣ: Sharifi → Шарифӣ
    return "".join(out) + suffix


_LATIN_RUN = re.compile("[A-Za-z" + _APOSTROPHES + "]+")


@lru_cache(maxsize=65536)
def _convert_token(token: str, tajik: bool) -> str:
    table = _TAJIK if tajik else _RUSSIAN
    plain = strip_marks(token)

    def convert(match: re.Match[str]) -> str:
        run = match.group()
        lower = run.lower()
        if lower in ("al", "el") and plain[match.end() : match.end() + 1] == "-":
            word = "аль" if lower == "al" else "эль"
        else:
            word = _convert_word(lower, table, tajik)
        return _restore_case(run, word)

    converted = _LATIN_RUN.sub(convert, plain)
    return converted if converted != plain else token


def to_russian_cyrillic(latin: str) -> str:
    """Write a Latin name as a Russian record would (j → дж, kh/h → х, q → к, gh → г).

    Example::

        >>> to_russian_cyrillic("Jumakhon Khalimov")
        'Джумахон Халимов'
        >>> to_russian_cyrillic("ABDULLAH YUSUF")
        'АБДУЛЛА ЮСУФ'
    """
    return " ".join(_convert_token(tok, False) for tok in latin.split())


def to_tajik_cyrillic(latin: str) -> str:
    """Write a Latin name in Tajik Cyrillic (ҷ ҳ қ ғ ӣ; -ullah → -улло, -zada → -зода).

    Which Latin a becomes Tajik о (long ā) cannot be known from Latin alone; only the
    endings -ullah, -uddin, -zada, -khan, -jan are rewritten.

    Example::

        >>> to_tajik_cyrillic("Jumakhon Halimov")
        'Ҷумахон Ҳалимов'
        >>> to_tajik_cyrillic("Rahmatullah Sharifi")
        'Раҳматулло Шарифӣ'
    """
    return " ".join(_convert_token(tok, True) for tok in latin.split())


# Russian Cyrillic → Latin as in Russian passports since 2013 (ICAO Doc 9303).
_ICAO: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "ҳ": "h",
    "ҷ": "j",
    "қ": "q",
    "ғ": "gh",
    "ӯ": "u",
    "ӣ": "i",
}


def cyrillic_to_latin(cyrillic: str) -> str:
    """Romanise Russian (and Tajik) Cyrillic the way a Russian passport does (ICAO 9303).

    Example::

        >>> cyrillic_to_latin("Юлия Щербакова")
        'Iuliia Shcherbakova'
    """
    out: list[str] = []
    for ch in cyrillic:
        low = ch.lower()
        latin = _ICAO.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low:
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)
