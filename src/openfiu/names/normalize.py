"""Unicode hygiene, script detection and tokenisation of names (NAMES.md §0 steps 1–2, §4.1).

Everything here works on the original script: no transliteration yet. Input longer than
``MAX_INPUT_CHARS`` (512) characters is cut to that length before any work, so that hostile
input (a 10 MB string) costs no more than a long name. Nothing here raises on odd Unicode:
control characters, lone surrogates and emoji are dropped.

Example::

    >>> normalize_text("  MUḨAMMAD\u200c  al-Ḥasan ")
    'muḩammad al-ḥasan'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Script = Literal["latin", "cyrillic", "arabic", "other"]

MAX_INPUT_CHARS = 512
"""Inputs are truncated to this many characters before normalisation."""

# Arabic-script letter variants → one letter (§4.1).
_ARABIC_FOLD = {
    "\u064a": "\u06cc",  # ي Arabic yeh -> Farsi yeh
    "\u0649": "\u06cc",  # ى alef maksura
    "\u0626": "\u06cc",  # ئ yeh with hamza
    "\u06d0": "\u06cc",  # ې Pashto
    "\u06cd": "\u06cc",  # ۍ Pashto
    "\u0643": "\u06a9",  # ك -> ک
    "\u06c0": "\u0647",  # ۀ -> ه
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0624": "\u0648",  # ؤ -> و
    "\u0621": "",  # ء dropped
    "\u0640": "",  # tatweel
}

_DROP_CATEGORIES = {"Mn", "Me", "Cc", "Cf", "Cs", "Co", "Cn", "So", "Sk"}
_KEEP_MARKS = {"\u0306", "\u0308", "\u0304"}  # breve/diaeresis/macron: parts of й ё ӣ ӯ in NFC

_SEPARATORS = re.compile(r"[\s,;:/\\|()\[\]{}<>\"“”«»!?*+=_#~^&@%$.\-–—‑]+")


def _fold_char(ch: str) -> str:
    if ch in _ARABIC_FOLD:
        return _ARABIC_FOLD[ch]
    code = ord(ch)
    if 0x0660 <= code <= 0x0669:
        return chr(code - 0x0660 + 0x30)
    if 0x06F0 <= code <= 0x06F9:
        return chr(code - 0x06F0 + 0x30)
    if ch == "\u0131":  # dotless ı
        return "i"
    if ch in "\u0629":  # ة teh marbuta -> ه (rahmat allah handled in translit)
        return "\u0629"
    cat = unicodedata.category(ch)
    if cat in _DROP_CATEGORIES:
        if cat == "Mn" and ch in _KEEP_MARKS:
            return ch
        if ch in "\t\n\r":
            return " "
        return ""
    if cat == "Zs":
        return " "
    return ch


def normalize_text(text: str) -> str:
    """Apply Unicode hygiene to a name: NFKC, case-fold, strip marks and format characters.

    Arabic harakat, tatweel, ZWNJ/ZWJ and bidi controls are removed; Arabic/Persian letter
    variants are unified (ي ى ئ → ی, ك → ک, أ إ آ ٱ → ا, ؤ → و, ء dropped); Arabic-Indic
    digits become ASCII; whitespace is collapsed. Latin letters keep their diacritics here
    (they are folded by :func:`transliterate`); Cyrillic letters stay composed (й ё ӣ ӯ).

    ZWNJ between two Arabic-script letters becomes nothing (رحمت‌الله → رحمتالله); the
    analyser splits such compounds again where needed.

    Example::

        >>> normalize_text("Абдуллоҳ\u200f")
        'абдуллоҳ'
        >>> normalize_text("ABŪ  Bakr")
        'abū bakr'
    """
    if not text:
        return ""
    text = text[:MAX_INPUT_CHARS]
    # lone surrogates cannot be normalised: drop them first
    if text.isascii():
        return " ".join(text.translate(_ASCII_CONTROLS).lower().split())
    text = text.encode("utf-8", "ignore").decode("utf-8", "ignore")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_FOLD_TABLE)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


class _FoldTable(dict[int, str]):
    """Translation table that computes (and keeps) each code point's fold on first use."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 65_536:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_ASCII_CONTROLS = {code: " " if code in (9, 10, 13) else None for code in (*range(32), 127)}


def char_script(ch: str) -> Script:
    """Script of one character: latin, cyrillic, arabic or other (digits, punctuation)."""
    code = ord(ch)
    if code < 0x80:
        return "latin" if ch.isalpha() else "other"
    if 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF or 0x02B0 <= code <= 0x02FF:
        return "latin" if ch.isalpha() else "other"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF:
        return "arabic" if ch.isalpha() else "other"
    return "other"


def dominant_script(text: str) -> Script:
    """The script of most letters in ``text`` ("other" when it has no letters).

    Example::

        >>> dominant_script("ҳалимов")
        'cyrillic'
    """
    if text.isascii():
        return "latin" if any(ch.isalpha() for ch in text) else "other"
    counts = {"latin": 0, "cyrillic": 0, "arabic": 0}
    for ch in text:
        s = char_script(ch)
        if s != "other":
            counts[s] += 1
    best = max(counts.items(), key=lambda kv: kv[1])
    if best[1] == 0:
        return "other"
    return best[0]  # type: ignore[return-value]


# Latin ↔ Cyrillic look-alikes (lower case, after case-folding).
_LATIN_TO_CYR = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "j": "ј",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
    }
)
_CYR_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "с": "c",
        "е": "e",
        "н": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "о": "o",
        "р": "p",
        "т": "t",
        "х": "x",
        "у": "y",
        "ѕ": "s",
    }
)


def fix_lookalikes(token: str) -> tuple[str, Script]:
    """Map Latin/Cyrillic look-alike letters to the token's majority script.

    Example::

        >>> fix_lookalikes("хaлимов")  # Latin "a" inside a Cyrillic word
        ('халимов', 'cyrillic')
    """
    lat = cyr = ara = 0
    for ch in token:
        s = char_script(ch)
        if s == "latin":
            lat += 1
        elif s == "cyrillic":
            cyr += 1
        elif s == "arabic":
            ara += 1
    if ara >= lat and ara >= cyr and ara > 0:
        return token, "arabic"
    if cyr and lat:
        if cyr >= lat:
            return token.translate(_LATIN_TO_CYR), "cyrillic"
        return token.translate(_CYR_TO_LATIN), "latin"
    if cyr:
        return token, "cyrillic"
    if lat:
        return token, "latin"
    return token, "other"


def split_tokens(text: str) -> list[str]:
    """Split normalised text into raw tokens on spaces, hyphens and punctuation.

    Apostrophe-like characters stay inside tokens (Ja'far, Gʻulom); the transliteration
    removes them.

    Example::

        >>> split_tokens("abd al-rahman, s/o karim")
        ['abd', 'al', 'rahman', 's/o', 'karim']
    """
    out: list[str] = []
    for chunk in text.split():
        if chunk in ("s/o", "d/o", "w/o", "b/o"):
            out.append(chunk)
            continue
        out.extend(t for t in _SEPARATORS.split(chunk) if t)
    return out
